/** The ContainerBackend contract on the simulation backend: real clock, small times, failures through `sim_fail`. */
import { describeBackendContract, makeSimulationFixture } from '../backend.contract.js';

describeBackendContract('simulation', async () => makeSimulationFixture({ coldMs: 30, warmMs: 5 }));
