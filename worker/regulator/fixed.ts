/** Fixed concurrency limit: a counter of free slots (worker-design.md §5). limit 0 means unlimited. */
import { SlotRegulator } from './slot-regulator.js';

export class FixedRegulator extends SlotRegulator {
  readonly name = 'fixed';

  constructor(private readonly max: number) {
    super();
  }

  limit(): number {
    return this.max;
  }

  start(): void {}

  close(): void {}
}
