/**
 * Standalone: every component in one process — gateway, in-process worker (joined by the in-process
 * WorkerClient), the embedded store and the batched activation recorder. A wiring choice, not a code branch:
 * the same components run separately in a cluster.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayApp, type Gateway } from '../api/app.js';
import { seedSubjects } from '../api/auth/seed-subjects.js';
import { InProcessWorkerClient } from '../balancer/worker-client/in-process.js';
import { seedCatalog } from '../catalog/seed-catalog.js';
import { realClock, type Clock } from '../common/clock.js';
import type { Config } from '../common/config/config.js';
import type { Logger } from '../common/log.js';
import { RuntimeManifest } from '../common/runtimes/runtime-manifest.js';
import { ActivationRecorder } from '../store/activation-recorder.js';
import { createStore } from '../store/create-store.js';
import type { Store } from '../store/store.js';
import type { ContainerBackend } from '../worker/backends/container-backend.js';
import { createBackend } from '../worker/backends/create-backend.js';
import { createWorker, type Worker } from '../worker/worker.js';

export interface Standalone {
  url: string;
  server: Server;
  gateway: Gateway;
  worker: Worker;
  store: Store;
  recorder: ActivationRecorder;
  close(): Promise<void>;
}

export interface StandaloneOptions {
  clock?: Clock;
  /** Use this backend instead of the one config names (tests). */
  backend?: ContainerBackend;
  /** Use this store instead of the one config names (tests). */
  store?: Store;
}

export async function createStandalone(config: Config, logger: Logger, options: StandaloneOptions = {}): Promise<Standalone> {
  const clock = options.clock ?? realClock;
  const server = createServer();
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;

  const store = options.store ?? createStore(config);
  if (config.seedSubjects) await seedSubjects(store);
  const recorder = new ActivationRecorder(store, { ...config.activations, logger: logger.child({ component: 'recorder' }) });
  const manifest = RuntimeManifest.load(config.runtimesFile);
  if (config.seedCatalog) await seedCatalog({ store, manifest, limits: config.limits, logger: logger.child({ component: 'catalog' }) });
  const backend = options.backend ?? (await createBackend(config, clock, logger));
  const worker = createWorker(
    { worker: config.worker, payloadMaxBytes: config.limits.payloadMaxBytes, apiHost: config.apiHost || url },
    { backend, clock, logger, sink: (record) => recorder.record(record) },
  );
  await worker.start();
  const gateway = await createGatewayApp({
    config, store, recorder, worker: new InProcessWorkerClient(worker), manifest, clock, logger,
  });
  server.on('request', gateway.handle);

  let closing: Promise<void> | undefined;
  return {
    url, server, gateway, worker, store, recorder,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        gateway.feed.close();
        await worker.close();
        await recorder.close();
        await store.close();
      })();
      return closing;
    },
  };
}
