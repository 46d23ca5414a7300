import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metadataToCsv, parseMetadata, parseTraceCsv, readTrace, scaleTrace, traceToCsv, writeTrace, type Trace } from './trace-files';

const trace: Trace = {
  events: [{ timeMs: 0, fn: 'a' }, { timeMs: 12.5, fn: 'b' }, { timeMs: 30, fn: 'a' }],
  functions: [{ name: 'a', warmMs: 10, coldMs: 500, memoryMb: 128 }, { name: 'b', warmMs: 2000, coldMs: 2600, memoryMb: 512 }],
};

describe('trace files', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'loadgen-trace-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips through CSV, read from the folder or from the trace file', () => {
    const { tracePath } = writeTrace(dir, trace);
    expect(readTrace(dir)).toEqual(trace);
    expect(readTrace(tracePath)).toEqual(trace);
  });

  it('reads JSON metadata and sorts events by time', () => {
    writeFileSync(join(dir, 't.csv'), 'time_ms,function\n30,a\n0,b\n');
    writeFileSync(join(dir, 'm.json'), JSON.stringify([{ function: 'a', warm_ms: 5, cold_ms: 50, memory_mb: 256 }, { name: 'b', warm_ms: 7 }]));
    const t = readTrace(join(dir, 't.csv'), join(dir, 'm.json'));
    expect(t.events.map((e) => e.fn)).toEqual(['b', 'a']);
    expect(t.functions[1]).toEqual({ name: 'b', warmMs: 7, coldMs: 7, memoryMb: 256 });
  });

  it('names functions that have no metadata', () => {
    writeFileSync(join(dir, 'trace.csv'), 'time_ms,function\n0,a\n1,zzz\n');
    writeFileSync(join(dir, 'metadata.csv'), metadataToCsv(trace.functions));
    expect(() => readTrace(dir)).toThrow(/zzz/);
  });

  it('rejects a bad header or row', () => {
    expect(() => parseTraceCsv('when,function\n0,a\n')).toThrow(/time_ms/);
    expect(() => parseTraceCsv('time_ms,function\n-1,a\n')).toThrow(/line 2/);
    expect(() => parseMetadata('function,warm_ms,cold_ms,memory_mb\na,x,1,1\n', 'csv')).toThrow(/entry 1/);
  });

  it('scaling multiplies arrivals and durations alike', () => {
    const s = scaleTrace(trace, 0.5);
    expect(s.events.map((e) => e.timeMs)).toEqual([0, 6.25, 15]);
    expect(s.functions[1]).toMatchObject({ warmMs: 1000, coldMs: 1300, memoryMb: 512 });
    expect(parseTraceCsv(traceToCsv(s.events))).toEqual(s.events);
  });
});
