/**
 * Writes activation batches to the SQLite file from a worker_threads thread with its own connection, so the
 * inserts (the costliest part of recording an activation: every record lands on a random page of the id index)
 * run beside the event loop instead of on it. The main thread still serializes nothing extra: rows carry the
 * record's JSON as already made for the response (activation-json.ts).
 *
 *   main: putActivations(batch) ──rows──▶ thread: BEGIN IMMEDIATE; INSERT…×n; COMMIT ──ack / error──▶ resolve / reject
 *
 * One message is one batch is one transaction, written in the order sent. A failed batch rejects its write with the
 * thread's error (the recorder retries it); a thread that dies rejects everything in flight and is started afresh
 * by the next write. The thread holds the process open only while writes are in flight, and close() waits for
 * them, so nothing acknowledged or queued is lost at shutdown. SQLite serializes this connection's writes with the
 * main connection's (entities, subjects) through its file lock; both wait up to `busyTimeoutMs` for it.
 *
 * The thread's code is plain JavaScript evaluated by the Worker (no loader needed in the thread, under tsx, jest or
 * compiled output alike); it requires the same better-sqlite3 the main thread resolved.
 */
import { Worker } from 'node:worker_threads';

/** The INSERT's parameters, in order: namespace, activation id, name, path name, start, JSON document. */
export type ActivationRow = [string, string, string, string | null, number, string];

export interface ActivationWriterThreadOptions {
  file: string;
  /** The INSERT for one row (six anonymous parameters, as ActivationRow). */
  insertSql: string;
  busyTimeoutMs: number;
  /** Module path of the SQLite driver the thread requires (tests point it elsewhere). */
  driver?: string;
}

interface Reply {
  id: number;
  error?: { message: string; code?: string };
}

interface InFlight {
  resolve: () => void;
  reject: (err: Error) => void;
}

const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
db.pragma('synchronous = NORMAL');
const insert = db.prepare(workerData.insertSql);
const writeBatch = db.transaction((rows) => { for (const row of rows) insert.run(row); });
parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.postMessage({ id: message.id });
    parentPort.close();
    return;
  }
  try {
    writeBatch.immediate(message.rows);
    parentPort.postMessage({ id: message.id });
  } catch (err) {
    parentPort.postMessage({ id: message.id, error: { message: String(err && err.message || err), code: err && err.code } });
  }
});
`;

export class ActivationWriterThread {
  private worker: Worker | undefined;
  private readonly inFlight = new Map<number, InFlight>();
  private nextId = 0;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: ActivationWriterThreadOptions) {}

  /** Writes the rows in one transaction in the thread; resolves once committed. */
  write(rows: ActivationRow[]): Promise<void> {
    if (this.closing) return Promise.reject(new Error('activation writer is closed'));
    return this.send({ rows });
  }

  /** Waits for every write sent so far, then closes the thread's connection and ends the thread. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.worker) return;
      const worker = this.worker;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      await this.send({ close: true }).catch(() => undefined);
      await exited;
    })();
    return this.closing;
  }

  private send(message: { rows: ActivationRow[] } | { close: true }): Promise<void> {
    const worker = this.worker ?? this.start();
    const id = ++this.nextId;
    return new Promise<void>((resolve, reject) => {
      if (this.inFlight.size === 0) worker.ref();
      this.inFlight.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  }

  private start(): Worker {
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: {
        file: this.options.file,
        insertSql: this.options.insertSql,
        busyTimeoutMs: this.options.busyTimeoutMs,
        driver: this.options.driver ?? require.resolve('better-sqlite3'),
      },
    });
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (err) => this.fail(worker, err));
    worker.on('exit', (code) => this.fail(worker, new Error(`activation writer thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle(reply: Reply): void {
    const waiting = this.inFlight.get(reply.id);
    if (!waiting) return;
    this.inFlight.delete(reply.id);
    if (this.inFlight.size === 0) this.worker?.unref();
    if (!reply.error) return waiting.resolve();
    const err = new Error(`writing activation records failed: ${reply.error.message}`) as Error & { code?: string };
    if (reply.error.code) err.code = reply.error.code;
    waiting.reject(err);
  }

  /** The thread is gone (an error it could not report, or its exit): everything in flight fails with it. */
  private fail(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const waiting = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const w of waiting) w.reject(err);
  }
}
