/** The ContainerBackend contract on the process backend: our nodejs proxy running nodeActionCode's actions. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contractAction, describeBackendContract, nodeActionCode, nodeActionParams } from '../backend.contract.js';
import { ProcessBackend } from './process-backend.js';

describeBackendContract('process', async () => {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'owfast-process-contract-'));
  const workerId = 'process-contract';
  const backend = new ProcessBackend({ workerId, runDir });
  return {
    backend,
    workerId,
    action: (behaviour, overrides) => contractAction(behaviour, { kind: 'nodejs:20', image: 'nodejs', code: nodeActionCode(behaviour) }, overrides),
    params: nodeActionParams,
    // memoryLimit: the backend caps the child's V8 heap at limits.memory and reports exitReason 'oom'.
    capabilities: { realCode: true, memoryLimit: true, logs: true },
    makeSibling: async () => new ProcessBackend({ workerId, runDir }),
    async cleanup() {
      await backend.close();
      rmSync(runDir, { recursive: true, force: true });
    },
  };
});
