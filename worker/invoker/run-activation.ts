/**
 * One admitted activation: acquire a container (warm, prewarm or cold) → /run with the action's time limit →
 * collect logs up to the sentinels → classify → release or destroy the container → record characteristics →
 * build the record and hand it to the sink. A failure of any step is recorded on the activation, never thrown —
 * except, when the invoker asks for it, a cold start that found no memory: that returns NO_MEMORY, records
 * nothing, and the invoker re-queues the invocation (worker-design.md §4 step 4).
 */
import type { Clock } from '../../common/clock.js';
import { Messages } from '../../common/errors/messages.js';
import type { Logger } from '../../common/log.js';
import type { ActivationRecord, ActivationResponse } from '../../common/types/entities.js';
import { buildActivationRecord } from '../activation/activation-record.js';
import { classifyRun, developerError, internalError } from '../activation/classify-run.js';
import type { RunPayload } from '../agents/agent-protocol.js';
import { AgentTimeoutError } from '../agents/agent-protocol.js';
import type { Sandbox } from '../backends/container-backend.js';
import type { FunctionCharacteristics } from '../characteristics/function-characteristics.js';
import type { Invocation } from '../invocation/invocation.js';
import type { ContainerPool } from '../pool/container-pool.js';
import { ActionInitError, NoMemoryError } from '../pool/init-error.js';
import type { Lease } from '../pool/pooled-container.js';

/** How long a failed /run waits for the backend to say why its sandbox died. */
const EXIT_REPORT_GRACE_MS = 250;

export type ActivationSink = (record: ActivationRecord) => void;

/** run()'s answer when a cold start found no memory and the caller asked to re-queue rather than wait. */
export const NO_MEMORY = Symbol('no memory');

export interface RunOptions {
  /** Return NO_MEMORY at once instead of waiting in the pool for memory (until the action's deadline). */
  requeueOnNoMemory?: boolean;
}

export interface RunnerOptions {
  payloadMaxBytes: number;
  logCollectTimeoutMs: number;
}

export class ActivationRunner {
  constructor(
    private readonly pool: ContainerPool,
    private readonly characteristics: FunctionCharacteristics,
    private readonly sink: ActivationSink,
    private readonly clock: Clock,
    private readonly options: RunnerOptions,
    private readonly log: Logger,
  ) {}

  async run(inv: Invocation, queueMs: number): Promise<ActivationRecord>;
  async run(inv: Invocation, queueMs: number, options: RunOptions): Promise<ActivationRecord | typeof NO_MEMORY>;
  async run(inv: Invocation, queueMs: number, options: RunOptions = {}): Promise<ActivationRecord | typeof NO_MEMORY> {
    const key = inv.action.functionKey;
    const timeoutMs = inv.action.limits.timeout;
    const acquireStart = this.clock.now();
    let lease: Lease;
    try {
      lease = await this.pool.acquire(inv.action, {
        activationId: inv.activationId, tid: inv.tid, deadlineMs: acquireStart + timeoutMs,
        ...(inv.apiKey ? { apiKey: inv.apiKey } : {}),
        ...(options.requeueOnNoMemory ? { waitForMemory: false } : {}),
      });
    } catch (err) {
      if (options.requeueOnNoMemory && err instanceof NoMemoryError) return NO_MEMORY;
      return this.initFailed(inv, err, acquireStart);
    }

    const runStart = this.clock.now();
    let response: ActivationResponse;
    let healthy: boolean;
    let timedOut = false;
    try {
      const answer = await lease.container.sandbox.agent.run(this.runPayload(inv, runStart + timeoutMs), timeoutMs);
      ({ response, healthy } = classifyRun(answer, this.options.payloadMaxBytes));
    } catch (err) {
      healthy = false;
      timedOut = err instanceof AgentTimeoutError;
      const sandbox = lease.container.sandbox;
      // A reset connection usually arrives a few ms before the backend learns why the sandbox died (OOM or exit).
      if (!timedOut && sandbox.exitReason === undefined) await exitReported(sandbox, this.clock, EXIT_REPORT_GRACE_MS);
      response = developerError(
        timedOut ? Messages.timedOut(timeoutMs) : sandbox.exitReason === 'oom' ? Messages.memoryExhausted : Messages.abnormalRun,
      );
    }
    const runEnd = this.clock.now();
    const logs = await this.collectLogs(lease, inv, healthy);
    this.pool.release(lease, healthy);

    const execMs = runEnd - runStart;
    this.characteristics.record(key, 'execMs', execMs);
    this.characteristics.record(key, lease.start === 'warm' ? 'warmMs' : lease.start === 'prewarm' ? 'prewarmMs' : 'coldMs',
      lease.start === 'cold' ? runEnd - acquireStart : execMs);
    if (lease.start === 'cold') this.characteristics.record(key, 'initMs', lease.initMs);
    this.characteristics.count(key, lease.start);
    if (!response.success) this.characteristics.count(key, 'errors');
    this.characteristics.record(key, 'queueMs', queueMs);
    this.characteristics.record(key, 'e2eMs', runEnd - inv.arrivedAt);

    const start = lease.start === 'cold' ? acquireStart : runStart;
    return this.finish(inv, response, logs, {
      start, end: runEnd, waitMs: start - inv.arrivedAt, ...(lease.start === 'cold' ? { initMs: lease.initMs } : {}),
    }, timedOut);
  }

  private initFailed(inv: Invocation, err: unknown, acquireStart: number): ActivationRecord {
    const key = inv.action.functionKey;
    this.characteristics.count(key, 'errors');
    const end = this.clock.now();
    if (err instanceof ActionInitError) {
      const response = err.internal ? internalError(err.message) : developerError(err.message);
      return this.finish(inv, response, err.logs, {
        start: acquireStart, end, waitMs: acquireStart - inv.arrivedAt, initMs: err.initMs,
      }, err.timedOut);
    }
    this.log.error({ tid: inv.tid, activationId: inv.activationId, err }, 'container acquisition failed');
    return this.finish(inv, internalError(Messages.internalError), [], {
      start: acquireStart, end, waitMs: acquireStart - inv.arrivedAt,
    }, false);
  }

  private finish(
    inv: Invocation, response: ActivationResponse, logs: string[],
    times: Parameters<typeof buildActivationRecord>[3], timedOut: boolean,
  ): ActivationRecord {
    const record = buildActivationRecord(inv, response, logs, times, timedOut);
    this.sink(record);
    return record;
  }

  private runPayload(inv: Invocation, deadlineMs: number): RunPayload {
    const payload: RunPayload = {
      value: inv.params,
      namespace: inv.namespace,
      action_name: `/${inv.action.path}`,
      action_version: inv.action.version,
      activation_id: inv.activationId,
      transaction_id: inv.tid,
      deadline: String(Math.round(deadlineMs)),
    };
    if (inv.apiKey) payload.api_key = inv.apiKey;
    return payload;
  }

  private async collectLogs(lease: Lease, inv: Invocation, healthy: boolean): Promise<string[]> {
    const collected = await lease.container.sandbox.logs.collect({
      waitForSentinels: healthy,
      timeoutMs: this.options.logCollectTimeoutMs,
      limitBytes: inv.action.limits.logs * 1024 * 1024,
    });
    if (healthy) return collected.lines;
    return [...collected.lines, Messages.logsMissing];
  }
}

/** Waits until the sandbox reports its exit, or `ms` at most. */
function exitReported(sandbox: Sandbox, clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = clock.setTimer(ms, resolve);
    sandbox.onExit(() => {
      timer.cancel();
      resolve();
    });
  });
}
