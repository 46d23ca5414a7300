/**
 * Activation records leave the invoke path through here: `record()` only appends to an in-memory buffer, and the
 * buffer is written in batches (one `putActivations` per batch) every `flushIntervalMs`, or at once when a batch
 * fills. Reads look at the buffer first, so a record is visible the moment it is recorded (worker-design §14).
 *
 * Known caveats: a crash loses what is buffered (at most ~flushIntervalMs of records, plus batches awaiting a
 * retry); call close() on shutdown. A batch that keeps failing is dropped after `maxWriteAttempts`, with an error log.
 */
import type { ActivationRecord } from '../common/types/entities.js';
import { silentLogger, type Logger } from '../common/log.js';
import type { ActivationFilter, ActivationStore } from './store.js';

export interface ActivationRecorderOptions {
  /** Longest a record waits in memory before a write is started. */
  flushIntervalMs: number;
  /** Records per putActivations call; a full buffer is written at once. */
  batchSize: number;
  logger?: Logger;
  /** Writes tried per batch before its records are dropped (and logged). Default 5. */
  maxWriteAttempts?: number;
}

export type ActivationListener = (record: ActivationRecord) => void;

interface Batch {
  records: ActivationRecord[];
  attempts: number;
}

export class ActivationRecorder {
  private readonly flushIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxWriteAttempts: number;
  private readonly logger: Logger;
  /** Recorded, not yet cut into batches. */
  private pending: ActivationRecord[] = [];
  /** Batches cut from `pending`, oldest first; the head may be in flight or waiting for a retry. */
  private readonly batches: Batch[] = [];
  /** Every record not yet known to be in the store (pending, in flight or waiting for a retry), by `namespace/id`. */
  private readonly unwritten = new Map<string, ActivationRecord>();
  private readonly listeners = new Set<ActivationListener>();
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  /** Writes run one after another, so a record written twice lands in the order it was recorded. */
  private writing: Promise<void> = Promise.resolve();
  /** A flush queued behind the current write and not yet started: later callers share it. */
  private queuedFlush: Promise<void> | undefined;

  constructor(private readonly store: ActivationStore, options: ActivationRecorderOptions) {
    this.flushIntervalMs = options.flushIntervalMs;
    this.batchSize = Math.max(1, options.batchSize);
    this.maxWriteAttempts = Math.max(1, options.maxWriteAttempts ?? 5);
    this.logger = options.logger ?? silentLogger;
  }

  /** Buffers the record (the recorder takes it over: do not change it afterwards) and tells the listeners. */
  record(record: ActivationRecord): void {
    this.pending.push(record);
    this.unwritten.set(record.namespace + '/' + record.activationId, record);
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch (err) {
        this.logger.error({ err, activationId: record.activationId }, 'activation listener failed');
      }
    }
    if (this.pending.length >= this.batchSize) {
      this.immediate ??= setImmediate(() => {
        this.immediate = undefined;
        void this.flush();
      });
    } else {
      this.scheduleFlush();
    }
  }

  /** The record, from the buffer if it is not written yet, else from the store. */
  async get(namespace: string, activationId: string): Promise<ActivationRecord | undefined> {
    const buffered = this.unwritten.get(namespace + '/' + activationId);
    return buffered ? structuredClone(buffered) : this.store.getActivation(namespace, activationId);
  }

  /** Lists from the store after writing what is buffered, so recent records are included. */
  async list(namespace: string, filter: ActivationFilter): Promise<ActivationRecord[]> {
    await this.flush();
    return this.store.listActivations(namespace, filter);
  }

  async count(namespace: string, filter: Omit<ActivationFilter, 'skip' | 'limit'>): Promise<number> {
    await this.flush();
    return this.store.countActivations(namespace, filter);
  }

  /** Calls `listener` synchronously for every record from now on; returns the unsubscribe function. */
  subscribe(listener: ActivationListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Writes everything recorded so far (retrying earlier failed batches first). Never rejects. */
  flush(): Promise<void> {
    if (!this.queuedFlush) {
      const next = this.writing.then(() => {
        this.queuedFlush = undefined;
        return this.writeBatches();
      });
      this.queuedFlush = this.writing = next;
    }
    return this.queuedFlush;
  }

  /** Stops the timer and writes everything; batches that still fail are retried until their attempts run out. */
  async close(): Promise<void> {
    this.cancelTimers();
    do await this.flush(); while (this.batches.length > 0 || this.pending.length > 0);
    this.cancelTimers();
  }

  private async writeBatches(): Promise<void> {
    this.cancelTimer();
    for (let i = 0; i < this.pending.length; i += this.batchSize) {
      this.batches.push({ records: this.pending.slice(i, i + this.batchSize), attempts: 0 });
    }
    this.pending = [];
    for (let batch = this.batches[0]; batch; batch = this.batches[0]) {
      try {
        await this.store.putActivations(batch.records);
      } catch (err) {
        batch.attempts++;
        if (batch.attempts < this.maxWriteAttempts) {
          this.logger.error({ err, records: batch.records.length, attempt: batch.attempts }, 'writing activation records failed; will retry');
          this.scheduleFlush();
          return;
        }
        this.logger.error(
          { err, records: batch.records.length, attempts: batch.attempts, activationIds: batch.records.map((r) => r.activationId) },
          'writing activation records failed too often; dropping them',
        );
      }
      this.batches.shift();
      this.forget(batch.records);
    }
  }

  /** Drops written (or abandoned) records from the read index, unless a newer record took their id meanwhile. */
  private forget(records: readonly ActivationRecord[]): void {
    for (const record of records) {
      const key = record.namespace + '/' + record.activationId;
      if (this.unwritten.get(key) === record) this.unwritten.delete(key);
    }
  }

  private scheduleFlush(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.flushIntervalMs);
    this.timer.unref();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private cancelTimers(): void {
    this.cancelTimer();
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
  }
}
