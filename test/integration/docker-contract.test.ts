/**
 * The ContainerBackend contract (worker/backends/backend.contract.ts) on the DockerBackend: nodeActionCode's actions
 * in the locally built nodejs runtime image (scripts/docker/build-test-images.sh, run in setup). Skipped, loudly,
 * only when no Docker daemon answers. Containers carry this file's worker id and are removed by label at clean-up.
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import Dockerode from 'dockerode';
import { contractAction, describeBackendContract, nodeActionCode, nodeActionParams } from '../../worker/backends/backend.contract';
import { DockerBackend } from '../../worker/backends/docker/docker-backend';

const ROOT = path.join(__dirname, '../..');
const NODE_IMAGE = 'openwhisk/action-nodejs-v20:nightly';

/** Synchronous, so the suite can be skipped at collection time; runs dockerAvailable in a child process. */
function dockerAnswers(): boolean {
  const probe = `require(${JSON.stringify(path.join(ROOT, 'worker/backends/docker/docker-backend.ts'))})`
    + '.dockerAvailable(undefined, 2000).then((ok) => process.exit(ok ? 0 : 1), () => process.exit(1))';
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', probe], { cwd: ROOT, timeout: 20_000 }).status === 0;
}

const SKIP = dockerAnswers() ? undefined : 'no Docker daemon answers (run scripts/docker/ensure-docker.sh as root to start one)';
// The contract warns with console.warn, which jest drops for an all-skipped file when several files run at once.
if (SKIP) process.stderr.write(`\n\n!!!!! ContainerBackend contract: docker is SKIPPED: ${SKIP} !!!!!\n\n`);

describeBackendContract('docker', async () => {
  const build = spawnSync(path.join(ROOT, 'scripts/docker/build-test-images.sh'), { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
  if (build.status !== 0) throw new Error(`building the test images failed:\n${build.stdout}\n${build.stderr}`);
  const workerId = `docker-contract-${process.pid}`;
  // Our own agent for the Docker socket, destroyed at clean-up: idle keep-alive sockets would hold jest open.
  const dockerAgent = new http.Agent({ keepAlive: true });
  const docker = new Dockerode({ agent: dockerAgent } as Dockerode.DockerOptions);
  const backend = new DockerBackend({ workerId, docker, startTimeoutMs: 15_000, pullTimeoutMs: 10_000 });
  return {
    backend,
    workerId,
    action: (behaviour, overrides) => contractAction(behaviour, { kind: 'nodejs:20', image: NODE_IMAGE, code: nodeActionCode(behaviour) }, overrides),
    params: nodeActionParams,
    capabilities: { realCode: true, memoryLimit: true, logs: true },
    makeSibling: async () => new DockerBackend({ workerId, docker }),
    async cleanup() {
      await backend.close();
      const left = await docker.listContainers({ all: true, filters: { label: [`owfast.worker=${workerId}`] } });
      await Promise.all(left.map((info) => docker.getContainer(info.Id).remove({ force: true })));
      dockerAgent.destroy();
    },
  };
}, SKIP ? { skip: SKIP } : {});
