/**
 * A container's stdout and stderr, read live from `docker attach` (attached before start, so nothing the runtime
 * prints is missed) and demultiplexed into a SentinelLogBuffer. Without a TTY Docker multiplexes both streams on
 * one connection with 8-byte frame headers; dockerode's `modem.demuxStream` splits them.
 */
import { Writable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { LogStream, SentinelLogBuffer } from '../../logs/sentinel-log-buffer.js';

export interface AttachedLogs {
  /** Stops reading (the container is being removed); the buffer is ended. */
  detach(): void;
}

/** Attaches to `container` (created, not started) and feeds `logs` until the streams close. */
export async function attachLogs(docker: Dockerode, container: Dockerode.Container, logs: SentinelLogBuffer): Promise<AttachedLogs> {
  const stream = (await container.attach({ stream: true, stdout: true, stderr: true, logs: false })) as NodeJS.ReadableStream & {
    destroy?: () => void;
  };
  const end = (): void => logs.end();
  stream.once('end', end);
  stream.once('close', end);
  stream.once('error', end);
  docker.modem.demuxStream(stream, into(logs, 'stdout'), into(logs, 'stderr'));
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

/** The text of a multiplexed (non-TTY) log buffer: 8-byte frame headers, then the payload. */
function demuxText(raw: Buffer): string {
  const parts: string[] = [];
  let at = 0;
  while (at + 8 <= raw.length) {
    const length = raw.readUInt32BE(at + 4);
    parts.push(raw.subarray(at + 8, at + 8 + length).toString('utf8'));
    at += 8 + length;
  }
  return parts.join('');
}

function into(logs: SentinelLogBuffer, name: LogStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(name, chunk);
      callback();
    },
  });
}
