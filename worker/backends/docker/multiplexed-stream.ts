/**
 * Decoder for Docker's multiplexed stdout/stderr stream (attach or logs without a TTY). Each frame is an 8-byte
 * header — stream type (1 byte: 0 stdin, 1 stdout, 2 stderr), 3 zero bytes, payload length (uint32 big-endian) —
 * then the payload:
 *
 *   | 01 00 00 00 | 00 00 00 26 | XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n | 02 00 00 00 | 00 00 00 26 | … |
 *
 * Payloads are handed on as views of the chunk they arrived in (no copy, no concatenation); a frame split across
 * chunks is handed on in pieces (the consumer joins lines and UTF-8 characters itself). Only a header split
 * across chunks is copied, into an 8-byte scratch buffer. This runs once per chunk the daemon writes, i.e. at
 * least twice per activation (the sentinels), so it allocates nothing but the views.
 * A header with an unknown stream type means the stream is not multiplexed after all (a TTY): everything from
 * there on is passed through as stdout.
 */
export type MultiplexedStreamName = 'stdout' | 'stderr';

const HEADER_BYTES = 8;
const STDERR = 2;

export class MultiplexedStreamDecoder {
  private readonly header = Buffer.alloc(HEADER_BYTES);
  private headerBytes = 0;
  /** Payload bytes of the current frame not seen yet. */
  private remaining = 0;
  private stream: MultiplexedStreamName = 'stdout';
  private raw = false;

  constructor(private readonly onPayload: (stream: MultiplexedStreamName, payload: Buffer) => void) {}

  write(chunk: Buffer): void {
    if (this.raw) {
      if (chunk.length > 0) this.onPayload('stdout', chunk);
      return;
    }
    const length = chunk.length;
    let at = 0;
    while (at < length) {
      if (this.remaining > 0) {
        const end = Math.min(length, at + this.remaining);
        this.onPayload(this.stream, chunk.subarray(at, end));
        this.remaining -= end - at;
        at = end;
        continue;
      }
      if (this.headerBytes === 0 && chunk[at]! > STDERR) {
        this.passThrough(chunk.subarray(at));
        return;
      }
      let type: number;
      let size: number;
      if (this.headerBytes === 0 && length - at >= HEADER_BYTES) {
        type = chunk[at]!;
        size = chunk.readUInt32BE(at + 4);
        at += HEADER_BYTES;
      } else {
        const n = Math.min(HEADER_BYTES - this.headerBytes, length - at);
        chunk.copy(this.header, this.headerBytes, at, at + n);
        this.headerBytes += n;
        at += n;
        if (this.headerBytes < HEADER_BYTES) return;
        this.headerBytes = 0;
        type = this.header[0]!;
        size = this.header.readUInt32BE(4);
      }
      this.stream = type === STDERR ? 'stderr' : 'stdout';
      this.remaining = size;
    }
  }

  private passThrough(rest: Buffer): void {
    this.raw = true;
    if (rest.length > 0) this.onPayload('stdout', rest);
  }
}
