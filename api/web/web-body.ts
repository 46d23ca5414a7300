/**
 * Web action request bodies are whatever the caller sends (JSON, forms, text, binary), so they are read raw here,
 * with the same payload limit (413) as the REST API's JSON bodies.
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
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
  });
}

/** Media types whose bodies are text; anything else is binary (passed and answered base64-encoded). */
export function isTextMediaType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === '' || type.startsWith('text/')) return true;
  return /^application\/(json|xml|javascript|x-www-form-urlencoded|graphql)$/.test(type) || /\+(json|xml)$/.test(type) || type === 'image/svg+xml';
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
