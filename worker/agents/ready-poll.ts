/**
 * Waiting for a sandbox's agent to come up, for both protocols: `probe` is tried at once, then after 2 ms, the pause
 * growing ×1.5 up to `maxDelayMs` (worker-design.md: a short, growing interval rather than a fixed wait). It ends
 * when the probe answers true, with AgentTimeoutError after `timeoutMs`, or with AgentConnectionError once the
 * connection is closed. The probe gets the time left; it answers false to be retried, and throws to end the wait.
 */
import { AgentConnectionError, AgentTimeoutError } from './agent-protocol.js';

const FIRST_DELAY_MS = 2;
const GROWTH = 1.5;

export interface ReadyPoll {
  timeoutMs: number;
  maxDelayMs: number;
  isClosed: () => boolean;
}

export async function pollUntilReady(probe: (leftMs: number) => Promise<boolean>, poll: ReadyPoll): Promise<void> {
  const deadline = Date.now() + poll.timeoutMs;
  let delayMs = FIRST_DELAY_MS;
  for (;;) {
    if (poll.isClosed()) throw new AgentConnectionError('agent connection closed');
    const left = deadline - Date.now();
    if (left <= 0) throw new AgentTimeoutError(poll.timeoutMs);
    if (await probe(left)) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delayMs, Math.max(0, deadline - Date.now()))));
    delayMs = Math.min(delayMs * GROWTH, poll.maxDelayMs);
  }
}
