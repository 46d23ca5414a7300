import { loadConfig } from '../../common/config/load-config';
import { calibrate } from './calibrate-command';
import { numberFlag } from './flags';
import { workerOverrides } from './target-options';

describe('worker flags are config passed through', () => {
  it('maps the flags onto worker.* keys, and --set onto any key', () => {
    const overrides = workerOverrides({
      'queue-policy': 'sjf', 'concurrency-limit': '16', regulator: 'aimd', 'bypass-ms': '10',
      set: ['worker.aimd.maxLimit=32', 'worker.simulation.cores=16', 'limits.prewarmMax=100'],
    });
    expect(overrides).toEqual({
      worker: {
        memoryMb: 1_048_576, queuePolicy: 'sjf', concurrencyLimit: '16', regulator: 'aimd', bypassMs: '10',
        aimd: { maxLimit: 32 }, simulation: { cores: 16 },
      },
      limits: { prewarmMax: 100 },
    });
  });

  it('leaves unset knobs to env and defaults', () => {
    const config = loadConfig({ env: { OW_WORKER__QUEUE_POLICY: 'eedf' }, overrides: workerOverrides({}) });
    expect(config.worker.queuePolicy).toBe('eedf');
    expect(config.worker.memoryMb).toBe(1_048_576);
  });

  it("lets the config refuse a policy the worker does not implement, naming the valid ones", () => {
    expect(() => loadConfig({ env: {}, overrides: workerOverrides({ 'queue-policy': 'lottery' }) })).toThrow(/queuePolicy.*valid: fcfs/);
  });

  it('rejects a malformed --set', () => {
    expect(() => workerOverrides({ set: ['nonsense'] })).toThrow(/key.path=value/);
  });
});

describe('flags', () => {
  it('refuses numbers that are not', () => {
    expect(numberFlag('12.5', 0)).toBe(12.5);
    expect(numberFlag(undefined, 3)).toBe(3);
    expect(() => numberFlag('ten', 0, 'clients')).toThrow(/--clients/);
  });
});

describe('calibrate', () => {
  it('takes measured mean warm and cold times, keeping the trace values where nothing was measured', () => {
    const functions = [
      { name: 'a', warmMs: 10, coldMs: 500, memoryMb: 128 },
      { name: 'b', warmMs: 20, coldMs: 600, memoryMb: 256 },
    ];
    const rows = [
      { function: 'a', execMs: 12, cold: false, error: '' },
      { function: 'a', execMs: 14, cold: false, error: '' },
      { function: 'a', execMs: 300, cold: true, error: '' },
      { function: 'a', execMs: 999, cold: false, error: 'application error' },
    ];
    expect(calibrate(functions, rows)).toEqual([
      { name: 'a', warmMs: 13, coldMs: 300, memoryMb: 128 },
      { name: 'b', warmMs: 20, coldMs: 600, memoryMb: 256 },
    ]);
  });
});
