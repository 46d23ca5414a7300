/**
 * A container's stdout and stderr, read live from `docker attach` (attached before start, so nothing the runtime
 * prints is missed) and demultiplexed into a SentinelLogBuffer. The attach connection is hijacked (HTTP upgrade to
 * a raw stream), so frames go straight from the socket to our decoder (multiplexed-stream.ts) and on to the
 * buffer: no HTTP body parsing, no stream pipeline, no copies per frame. Every activation crosses this path at least
 * twice (the sentinels on both streams), so it matters on the warm path.
 */
import type Dockerode from 'dockerode';
import type { SentinelLogBuffer } from '../../logs/sentinel-log-buffer.js';
import { MultiplexedStreamDecoder } from './multiplexed-stream.js';

export interface AttachedLogs {
  /** Stops reading (the container is being removed); the buffer is ended. */
  detach(): void;
}

/** Attaches to `container` (created, not started) and feeds `logs` until the streams close. */
export async function attachLogs(container: Dockerode.Container, logs: SentinelLogBuffer): Promise<AttachedLogs> {
  // With `hijack` the daemon answers 101 and dockerode resolves with the raw socket; a daemon that answers 200
  // instead gives the response stream, which carries the same frames.
  const stream = (await container.attach({ stream: true, stdout: true, stderr: true, logs: false, hijack: true })) as NodeJS.ReadableStream & {
    destroy?: () => void;
  };
  const decoder = new MultiplexedStreamDecoder((name, payload) => logs.push(name, payload));
  const end = (): void => logs.end();
  stream.once('end', end);
  stream.once('close', end);
  stream.once('error', end);
  stream.on('data', (chunk: Buffer) => decoder.write(chunk));
  return {
    detach() {
      stream.destroy?.();
      logs.end();
    },
  };
}

/** The last `lines` lines the container wrote, both streams (for start failures); '' when unreadable. */
export async function outputTail(container: Dockerode.Container, lines: number): Promise<string> {
  try {
    const raw = (await container.logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    return demuxText(raw).trim().slice(-2000);
  } catch {
    return '';
  }
}

/** The text of a multiplexed (non-TTY) log buffer, both streams in order. */
function demuxText(raw: Buffer): string {
  const parts: Buffer[] = [];
  new MultiplexedStreamDecoder((_name, payload) => parts.push(payload)).write(raw);
  return Buffer.concat(parts).toString('utf8');
}
