/** Unauthenticated endpoints: /ping, the /api/v1 info document (wsk reads build and buildno), the API document. */
import type { GatewayDeps, OperationHandler } from '../gateway-deps.js';
import { ok } from '../http/handler-result.js';

const BUILD = '2026-11-23T00:00:00Z';
const BUILD_NO = 'owfast-0.1.0';

export function infoOperations(deps: GatewayDeps): Record<string, OperationHandler> {
  const { limits } = deps.config;
  const info = {
    description: 'OpenWhisk-compatible API (owfast)',
    api_version: '1.0.0',
    api_version_path: 'v1',
    build: BUILD,
    buildno: BUILD_NO,
    swagger_paths: { ui: '/docs', 'api-docs': '/api-docs' },
    limits: {
      min_action_duration: limits.timeoutMs.min,
      max_action_duration: limits.timeoutMs.max,
      min_action_memory: limits.memoryMb.min * 1024 * 1024,
      max_action_memory: limits.memoryMb.max * 1024 * 1024,
      min_action_logs: limits.logsMb.min * 1024 * 1024,
      max_action_logs: limits.logsMb.max * 1024 * 1024,
    },
    runtimes: deps.manifest.describe(),
  };
  return {
    ping: () => ({ status: 200, text: 'pong' }),
    getInfo: () => ok(info),
    getApiDocs: () => ok(deps.apiDocument),
  };
}
