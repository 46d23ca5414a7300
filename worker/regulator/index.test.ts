import { VirtualClock } from '../../common/clock.js';
import { loadConfig } from '../../common/config/load-config.js';
import { CONGESTION_SIGNALS, REGULATORS } from '../../common/config/schema.js';
import { congestionSignals, regulators } from './index.js';

const signal = { name: 'zero', read: () => 0 };

describe('regulator and signal registries', () => {
  it('has one factory per configured name', () => {
    expect(Object.keys(regulators).sort()).toEqual([...REGULATORS].sort());
    expect(Object.keys(congestionSignals).sort()).toEqual([...CONGESTION_SIGNALS].sort());
  });

  it.each([
    { name: 'fixed', fixedLimit: 8, aimd: {}, expected: { name: 'fixed', limit: 8 } },
    { name: 'aimd', fixedLimit: 8, aimd: {}, expected: { name: 'aimd', limit: 8 } }, // floor = the fixed limit
    { name: 'aimd', fixedLimit: 8, aimd: { minLimit: 3 }, expected: { name: 'aimd', limit: 3 } },
  ] as const)('$name with fixed limit $fixedLimit and $aimd starts at $expected.limit', ({ name, fixedLimit, aimd, expected }) => {
    const config = loadConfig({ env: {}, overrides: { worker: { aimd } } });
    const r = regulators[name]({ fixedLimit, aimd: config.worker.aimd }, { clock: new VirtualClock(), signal });
    expect({ name: r.name, limit: r.limit() }).toEqual(expected);
  });

  it('defaults AIMD’s ceiling to twice its floor', async () => {
    const clock = new VirtualClock();
    const config = loadConfig({ env: {}, overrides: { worker: { aimd: { minLimit: 3, periodMs: 10 } } } });
    const r = regulators.aimd({ fixedLimit: 8, aimd: config.worker.aimd }, { clock, signal });
    r.start();
    await clock.advance(1_000);
    r.close();
    expect(r.limit()).toBe(6);
  });

  it('builds each signal from the same deps', () => {
    const deps = { cores: 2, periodMs: 100, running: () => 3, now: () => 0, loadavg: () => [4, 0, 0] };
    expect(congestionSignals.loadAverage(deps).read()).toBe(2);
    expect(congestionSignals.runningEwma(deps).read()).toBe(0);
  });
});

describe('worker queue and regulator config', () => {
  it('has the documented defaults', () => {
    const { worker } = loadConfig({ env: {} });
    expect(worker).toMatchObject({
      queuePolicy: 'fcfs', regulator: 'fixed', concurrencyLimit: 0,
      aimd: { minLimit: 0, maxLimit: 0, periodMs: 1_000, maxLoad: 1, signal: 'loadAverage' },
      bypassMs: 0, bypassMaxLoad: 1, dispatchSafetyMs: 500, defaultColdStartMs: 500,
      simulation: { cores: 0 },
    });
  });

  it.each(['fcfs', 'sjf', 'eedf', 'rare', 'none'])('accepts queue policy %s from the environment', (policy) => {
    expect(loadConfig({ env: { OW_WORKER__QUEUE_POLICY: policy } }).worker.queuePolicy).toBe(policy);
  });

  it.each([
    [{ OW_WORKER__QUEUE_POLICY: 'lifo' }, /worker.queuePolicy: .*\(valid: fcfs, sjf, eedf, rare, none\)/],
    [{ OW_WORKER__REGULATOR: 'pid' }, /worker.regulator: .*\(valid: fixed, aimd\)/],
    [{ OW_WORKER__AIMD__SIGNAL: 'stretch' }, /worker.aimd.signal: .*\(valid: loadAverage, runningEwma\)/],
    [{ OW_WORKER__DISPATCH_SAFETY_MS: '0' }, /worker.dispatchSafetyMs: must be >= 1/],
  ])('refuses %j naming the key', (env, message) => {
    expect(() => loadConfig({ env })).toThrow(message);
  });

  it('reads nested AIMD keys from the environment', () => {
    const { worker } = loadConfig({ env: { OW_WORKER__REGULATOR: 'aimd', OW_WORKER__AIMD__MAX_LIMIT: '32', OW_WORKER__AIMD__SIGNAL: 'runningEwma' } });
    expect(worker).toMatchObject({ regulator: 'aimd', aimd: { maxLimit: 32, signal: 'runningEwma' } });
  });
});
