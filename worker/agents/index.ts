/** Agent protocol names → connection factories. A sandbox's protocol comes from SandboxSpec.protocol. */
import type { AgentAddress, AgentConnection, AgentProtocolName } from './agent-protocol.js';
import { createIluvatarAgent } from './iluvatar-agent.js';
import { createOpenWhiskAgent } from './openwhisk-action-proxy.js';

export interface AgentOptions {
  /** Overlapping runs allowed on the sandbox (the action's concurrency limit). */
  concurrency: number;
}

export const agentProtocols: Record<AgentProtocolName, (address: AgentAddress, options: AgentOptions) => AgentConnection> = {
  openwhisk: createOpenWhiskAgent,
  iluvatar: createIluvatarAgent,
};

export function createAgent(protocol: AgentProtocolName, address: AgentAddress, options: AgentOptions): AgentConnection {
  const create = agentProtocols[protocol];
  if (create === undefined) throw new Error(`unknown agent protocol '${String(protocol)}'`);
  return create(address, options);
}
