/**
 * Picks the container backend named in config. `auto` is the best one this machine offers: the process backend
 * for now (the Docker backend arrives with its own issue and will be preferred when a daemon answers).
 */
import type { Clock } from '../../common/clock.js';
import type { Config } from '../../common/config/config.js';
import type { Logger } from '../../common/log.js';
import type { ContainerBackend } from './container-backend.js';
import { ProcessBackend } from './process/process-backend.js';
import { SimulationBackend } from './simulation/simulation-backend.js';

export function createBackend(config: Config, clock: Clock, logger: Logger): ContainerBackend {
  switch (config.backend) {
    case 'simulation':
      return new SimulationBackend(clock, config.worker.simulation);
    case 'process':
    case 'auto':
      return new ProcessBackend({ workerId: config.worker.id, logger: logger.child({ component: 'process-backend' }) });
  }
}
