import { loadConfig } from '../common/config/load-config';
import { runClosed } from './run-closed';
import { createInProcessTarget } from './targets/in-process-target';

describe('closed loop against an in-process simulated worker (virtual clock)', () => {
  it('keeps every slot busy with more clients than slots, and Little\'s law holds after the cold round', async () => {
    const config = loadConfig({ env: {}, overrides: { logLevel: 'silent', worker: { concurrencyLimit: 2, memoryMb: 65_536 } } });
    const target = createInProcessTarget({ config, clock: 'virtual' });
    try {
      const fn = { name: 'c', warmMs: 10, coldMs: 110, memoryMb: 128 };
      const { records, summary } = await runClosed({ target, fn, label: 'closed', clients: 4, perClient: 25, sampleMs: 5, progress: false });
      expect(records).toHaveLength(100);
      expect(summary.errors).toBe(0);
      expect(summary.coldStarts).toBe(2); // the queue holds the other two clients until a container is free
      // Two slots, 10 ms each: 200 invocations per second once warm.
      const warm = records.filter((r) => r.startMs >= 110);
      const span = warm[warm.length - 1]!.endMs - warm[0]!.startMs;
      expect((warm.length / span) * 1000).toBeCloseTo(200, -1);
      expect(summary.littlesLaw).toMatchObject({ stable: true, pass: true, limit: 2 });
      expect(summary.littlesLaw!.concurrency.measured).toBeCloseTo(2, 1);
      expect(summary.littlesLaw!.queue.measured).toBeCloseTo(2, 1);
    } finally {
      await target.close();
    }
  });
});
