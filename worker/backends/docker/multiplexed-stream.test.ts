import { MultiplexedStreamDecoder, type MultiplexedStreamName } from './multiplexed-stream.js';

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** Feeds `wire` cut at the given offsets; returns the text per stream and the pieces handed on. */
function decode(wire: Buffer, cuts: number[]): { stdout: string; stderr: string; pieces: number } {
  const out: Record<MultiplexedStreamName, Buffer[]> = { stdout: [], stderr: [] };
  let pieces = 0;
  const decoder = new MultiplexedStreamDecoder((name, payload) => {
    out[name].push(Buffer.from(payload));
    pieces++;
  });
  let from = 0;
  for (const cut of [...cuts, wire.length]) {
    decoder.write(wire.subarray(from, cut));
    from = cut;
  }
  return { stdout: Buffer.concat(out.stdout).toString(), stderr: Buffer.concat(out.stderr).toString(), pieces };
}

describe('MultiplexedStreamDecoder', () => {
  const wire = Buffer.concat([frame(1, 'hello\n'), frame(2, 'oops é\n'), frame(1, ''), frame(1, 'bye\n')]);

  it('hands on each frame of a whole chunk once, by stream', () => {
    expect(decode(wire, [])).toEqual({ stdout: 'hello\nbye\n', stderr: 'oops é\n', pieces: 3 });
  });

  it.each(Array.from({ length: wire.length - 1 }, (_, i) => i + 1))('survives a cut at byte %i', (cut) => {
    const { stdout, stderr } = decode(wire, [cut]);
    expect({ stdout, stderr }).toEqual({ stdout: 'hello\nbye\n', stderr: 'oops é\n' });
  });

  it('survives one byte per chunk', () => {
    const { stdout, stderr } = decode(wire, Array.from({ length: wire.length - 1 }, (_, i) => i + 1));
    expect({ stdout, stderr }).toEqual({ stdout: 'hello\nbye\n', stderr: 'oops é\n' });
  });

  it('hands on payloads without copying them', () => {
    const seen: Buffer[] = [];
    new MultiplexedStreamDecoder((_name, payload) => seen.push(payload)).write(wire);
    expect(seen[0]!.buffer).toBe(wire.buffer);
  });

  it('passes a stream that is not multiplexed (a TTY) through as stdout', () => {
    expect(decode(Buffer.from('plain text\nmore\n'), [3])).toMatchObject({ stdout: 'plain text\nmore\n', stderr: '' });
    expect(decode(Buffer.concat([frame(1, 'a\n'), Buffer.from('plain\n')]), [])).toMatchObject({ stdout: 'a\nplain\n' });
  });
});
