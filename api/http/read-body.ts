/**
 * Reads request bodies, refusing those over the payload limit with 413 before buffering them whole. Raw bytes for
 * web actions (any content type); JSON for the REST API, where an empty body is `undefined`.
 */
import type { IncomingMessage } from 'node:http';
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError, PayloadTooLargeError } from '../../common/errors/whisk-errors.js';

export function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
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
      if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
  });
}

export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const body = await readRawBody(req, limitBytes);
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new BadRequestError(Messages.requestContentMalformed((err as Error).message));
  }
}
