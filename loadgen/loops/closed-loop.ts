/**
 * Closed loop: N clients, each invoking again as soon as its previous answer arrives (Ilúvatar Fig. 1/4), for a
 * duration or a count per client. Measures overhead against concurrency; the load follows the system's speed.
 */
import type { JsonObject } from '../../common/types/entities.js';
import type { InvocationRecord } from '../results/invocation-record.js';
import { toRecord } from '../results/invocation-record.js';
import type { LoadTarget } from '../targets/target.js';

export interface ClosedLoopOptions {
  target: LoadTarget;
  fn: string;
  params: JsonObject;
  clients: number;
  runStart: number;
  /** Stop sending after this long (ms of the target's clock)… */
  durationMs?: number;
  /** …or after this many invocations per client (whichever comes first). */
  perClient?: number;
  onProgress?: (done: number) => void;
}

export async function runClosedLoop(options: ClosedLoopOptions): Promise<InvocationRecord[]> {
  const { target, runStart } = options;
  if (options.durationMs === undefined && options.perClient === undefined) throw new Error('closed loop needs a duration or a count');
  const deadline = runStart + (options.durationMs ?? Infinity);
  const perClient = options.perClient ?? Infinity;
  const records: InvocationRecord[] = [];
  const client = async () => {
    for (let i = 0; i < perClient && target.clock.now() < deadline; i++) {
      const outcome = await target.invoke(options.fn, options.params);
      records.push(toRecord(options.fn, outcome, runStart));
      options.onProgress?.(records.length);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  return records.sort((a, b) => a.arrivalMs - b.arrivalMs);
}
