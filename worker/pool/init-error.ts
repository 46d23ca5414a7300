/** A container that failed to start or initialize: carries the developer error OpenWhisk would record. */
export class ActionInitError extends Error {
  constructor(
    message: string,
    readonly initMs: number,
    readonly timedOut: boolean,
    /** Whether the worker (not the action) is at fault: recorded as a whisk internal error. */
    readonly internal = false,
    /** What the container wrote while failing (nodejs prints its error before the sentinels). */
    readonly logs: string[] = [],
  ) {
    super(message);
  }
}

/**
 * A cold start found no memory even after evicting idle containers, and the caller asked not to wait
 * (`InitContext.waitForMemory: false`): the invoker re-queues the invocation until a container is released.
 */
export class NoMemoryError extends ActionInitError {}
