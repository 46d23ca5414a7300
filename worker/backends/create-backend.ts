/**
 * Picks the container backend named in config. `auto` is the best this machine offers: Docker when a daemon
 * answers (real OpenWhisk runtime images, isolation, memory limits), the process backend otherwise.
 */
import type { Clock } from '../../common/clock.js';
import type { Config } from '../../common/config/config.js';
import type { Logger } from '../../common/log.js';
import type { ContainerBackend } from './container-backend.js';
import { DockerBackend, dockerAvailable } from './docker/docker-backend.js';
import { ProcessBackend } from './process/process-backend.js';
import { SimulationBackend } from './simulation/simulation-backend.js';

export async function createBackend(config: Config, clock: Clock, logger: Logger): Promise<ContainerBackend> {
  const name = config.backend === 'auto' ? ((await dockerAvailable()) ? 'docker' : 'process') : config.backend;
  switch (name) {
    case 'simulation':
      return new SimulationBackend(clock, config.worker.simulation);
    case 'docker':
      return new DockerBackend({ workerId: config.worker.id, ...config.worker.docker, logger });
    case 'process':
      return new ProcessBackend({ workerId: config.worker.id, logger: logger.child({ component: 'process-backend' }) });
  }
}
