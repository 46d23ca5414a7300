/**
 * Reads a request body as JSON, refusing bodies over the payload limit with 413 before buffering them whole.
 * An empty body is `undefined`. Used by both entry points (express and the invoke fast path).
 */
import type { IncomingMessage } from 'node:http';
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, PayloadTooLargeError } from '../../common/errors/whisk-errors.js';

export function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (declared > limitBytes) {
    req.resume();
    return Promise.reject(new PayloadTooLargeError(Messages.requestEntityTooLarge(declared, limitBytes)));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) {
        failed = true;
        reject(new PayloadTooLargeError(Messages.requestEntityTooLarge(size, limitBytes)));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (err) => {
      if (!failed) reject(new BadRequestError(Messages.requestContentMalformed(err.message)));
      failed = true;
    });
    req.on('end', () => {
      if (failed) return;
      if (size === 0) return resolve(undefined);
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
      try {
        resolve(JSON.parse(text));
      } catch (err) {
        reject(new BadRequestError(Messages.requestContentMalformed((err as Error).message)));
      }
    });
  });
}
