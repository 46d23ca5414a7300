/**
 * Incremental parser for the HTTP/1.1 answers of a sandbox's agent, one response at a time on a keep-alive socket
 * (agent-http-client.ts). It knows only what those answers use: the status line, and of the headers only
 * Content-Length, Transfer-Encoding (chunked: Go actionloop proxies), and Connection; a body with neither length
 * nor chunking runs until the server closes. Bytes may arrive split anywhere; the usual answer is one chunk, parsed
 * with one search for the head's end and one string per header block.
 *
 *   HEAD ──► BODY_LENGTH ──────────────────────────────► DONE
 *     │  └─► CHUNK_SIZE ─► CHUNK_DATA ─► CHUNK_END ─┐     ▲
 *     │          ▲  └─(size 0)─► TRAILERS ──────────┼─────┘
 *     │          └──────────────────────────────────┘
 *     └──► BODY_UNTIL_CLOSE ──(finish)──► DONE       1xx: back to HEAD; 204/304: DONE at once
 */

const HEAD = 0;
const BODY_LENGTH = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_END = 4;
const TRAILERS = 5;
const BODY_UNTIL_CLOSE = 6;
const DONE = 7;

/** Bigger heads or chunk-size lines are refused: an agent's answer has a handful of short headers. */
const MAX_HEAD_BYTES = 64 * 1024;
const CRLF_CRLF = Buffer.from('\r\n\r\n', 'latin1');
const LF = 0x0a;

/** A malformed answer; `code` mimics llhttp's so that logs read as they did with node:http. */
export class AgentResponseParseError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(`Parse Error: ${message}`);
  }
}

export class AgentResponseParser {
  statusCode = 0;
  /** False once the answer asked for the connection to close (Connection: close, HTTP/1.0, a body ended by close). */
  keepAlive = true;
  /** Some byte of this response has arrived. */
  started = false;
  private state = HEAD;
  /** An incomplete head or line, kept until the rest arrives. */
  private partial: Buffer | undefined;
  /** Bytes left of the body (BODY_LENGTH) or of the current chunk (CHUNK_DATA). */
  private remaining = 0;
  /** The body's first piece; `more` holds any further ones (a small answer is one piece). */
  private first: Buffer | undefined;
  private more: Buffer[] | undefined;

  reset(): void {
    this.statusCode = 0;
    this.keepAlive = true;
    this.started = false;
    this.state = HEAD;
    this.partial = undefined;
    this.remaining = 0;
    this.first = undefined;
    this.more = undefined;
  }

  /** Takes the next bytes; true once the response is complete. Throws AgentResponseParseError on a malformed answer. */
  execute(chunk: Buffer): boolean {
    this.started = true;
    let data = chunk;
    let offset = 0;
    while (offset < data.length) {
      switch (this.state) {
        case HEAD: {
          let searchFrom = offset;
          if (this.partial !== undefined) {
            searchFrom = Math.max(0, this.partial.length - 3);
            data = Buffer.concat([this.partial, data.subarray(offset)]);
            offset = 0;
            this.partial = undefined;
          }
          const end = data.indexOf(CRLF_CRLF, searchFrom);
          if (end < 0) {
            if (data.length - offset > MAX_HEAD_BYTES) throw new AgentResponseParseError('Header overflow', 'HPE_HEADER_OVERFLOW');
            this.partial = Buffer.from(data.subarray(offset));
            return false;
          }
          this.parseHead(data.toString('latin1', offset, end + 2));
          offset = end + 4;
          break;
        }
        case BODY_LENGTH:
        case CHUNK_DATA: {
          const take = Math.min(this.remaining, data.length - offset);
          this.keep(data.subarray(offset, offset + take));
          offset += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = this.state === BODY_LENGTH ? DONE : CHUNK_END;
          break;
        }
        case CHUNK_SIZE:
        case CHUNK_END:
        case TRAILERS: {
          if (this.partial !== undefined) {
            data = Buffer.concat([this.partial, data.subarray(offset)]);
            offset = 0;
            this.partial = undefined;
          }
          const lf = data.indexOf(LF, offset);
          if (lf < 0) {
            if (data.length - offset > MAX_HEAD_BYTES) throw new AgentResponseParseError('Chunk line overflow', 'HPE_HEADER_OVERFLOW');
            this.partial = Buffer.from(data.subarray(offset));
            return false;
          }
          const lineEnd = lf > offset && data[lf - 1] === 0x0d ? lf - 1 : lf;
          this.onLine(data.toString('latin1', offset, lineEnd));
          offset = lf + 1;
          break;
        }
        case BODY_UNTIL_CLOSE:
          this.keep(offset === 0 ? data : data.subarray(offset));
          offset = data.length;
          break;
        default:
          throw new AgentResponseParseError('Data after the end of the response', 'HPE_INVALID_CONSTANT');
      }
    }
    return this.state === DONE;
  }

  /** The server closed the connection: true when that ends the response (a body delimited by the close). */
  finish(): boolean {
    if (this.state !== BODY_UNTIL_CLOSE) return this.state === DONE;
    this.state = DONE;
    return true;
  }

  /** The body as text (UTF-8). */
  text(): string {
    const { first, more } = this;
    if (first === undefined) return '';
    return more === undefined ? first.toString('utf8') : Buffer.concat([first, ...more]).toString('utf8');
  }

  private keep(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.first === undefined) this.first = piece;
    else (this.more ??= []).push(piece);
  }

  /** `head` is the status line and header lines, each ending in CRLF, without the blank line. */
  private parseHead(head: string): void {
    // "HTTP/1.x NNN reason"
    if (!head.startsWith('HTTP/1.') || head.charCodeAt(8) !== 0x20) throw new AgentResponseParseError('Expected HTTP/', 'HPE_INVALID_CONSTANT');
    const minor = head.charCodeAt(7) - 0x30;
    if (minor !== 0 && minor !== 1) throw new AgentResponseParseError('Invalid HTTP version', 'HPE_INVALID_VERSION');
    const statusCode = threeDigits(head, 9);
    const afterStatus = head.charCodeAt(12);
    if (statusCode < 0 || (afterStatus !== 0x20 && afterStatus !== 0x0d)) throw new AgentResponseParseError('Invalid status code', 'HPE_INVALID_STATUS');
    let keepAlive = minor === 1;
    let contentLength = -1;
    let chunked = false;
    let lineStart = head.indexOf('\r\n') + 2;
    while (lineStart < head.length) {
      const lineEnd = head.indexOf('\r\n', lineStart);
      const colon = head.indexOf(':', lineStart);
      if (colon <= lineStart || colon > lineEnd) throw new AgentResponseParseError('Invalid header token', 'HPE_INVALID_HEADER_TOKEN');
      const nameLength = colon - lineStart;
      // Only three headers matter: compare names only when the length fits one of them.
      if (nameLength === 14 || nameLength === 17 || nameLength === 10) {
        const name = head.slice(lineStart, colon).toLowerCase();
        const value = head.slice(colon + 1, lineEnd).trim();
        if (name === 'content-length') {
          if (!/^\d+$/.test(value)) throw new AgentResponseParseError('Invalid character in Content-Length', 'HPE_INVALID_CONTENT_LENGTH');
          const length = Number(value);
          if (contentLength >= 0 && length !== contentLength) throw new AgentResponseParseError('Duplicate Content-Length', 'HPE_UNEXPECTED_CONTENT_LENGTH');
          contentLength = length;
        } else if (name === 'transfer-encoding') {
          chunked = value.toLowerCase().endsWith('chunked');
          if (!chunked) keepAlive = false;
        } else if (name === 'connection') {
          const tokens = value.toLowerCase();
          if (tokens.includes('close')) keepAlive = false;
          else if (tokens.includes('keep-alive') && minor === 0) keepAlive = true;
        }
      }
      lineStart = lineEnd + 2;
    }
    if (statusCode < 200 && statusCode !== 101) return; // informational (100 Continue): the real answer follows
    this.statusCode = statusCode;
    if (statusCode === 101 || statusCode === 204 || statusCode === 304) {
      if (statusCode === 101) keepAlive = false;
      this.keepAlive = keepAlive;
      this.state = DONE;
    } else if (chunked) {
      this.keepAlive = keepAlive;
      this.state = CHUNK_SIZE;
    } else if (contentLength >= 0) {
      this.keepAlive = keepAlive;
      this.remaining = contentLength;
      this.state = contentLength === 0 ? DONE : BODY_LENGTH;
    } else {
      this.keepAlive = false;
      this.state = BODY_UNTIL_CLOSE;
    }
  }

  private onLine(line: string): void {
    if (this.state === CHUNK_END) {
      if (line.length !== 0) throw new AgentResponseParseError('Expected LF after chunk data', 'HPE_STRICT');
      this.state = CHUNK_SIZE;
    } else if (this.state === CHUNK_SIZE) {
      const semicolon = line.indexOf(';');
      const digits = (semicolon < 0 ? line : line.slice(0, semicolon)).trim();
      if (!/^[0-9a-fA-F]{1,12}$/.test(digits)) throw new AgentResponseParseError('Invalid character in chunk size', 'HPE_INVALID_CHUNK_SIZE');
      this.remaining = Number.parseInt(digits, 16);
      this.state = this.remaining === 0 ? TRAILERS : CHUNK_DATA;
    } else if (line.length === 0) {
      this.state = DONE; // the blank line after the (usually absent) trailers
    }
  }
}

/** The three decimal digits at `at`, or -1. */
function threeDigits(text: string, at: number): number {
  let value = 0;
  for (let i = at; i < at + 3; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}
