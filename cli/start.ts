/**
 * `npm start`: the standalone platform on 127.0.0.1:3233 with OpenWhisk's guest key. Flags: --port N, --host H,
 * --backend auto|process|simulation, --store sqlite|memory, --data-dir DIR, --config FILE, --log-level L.
 */
import { parseArgs } from 'node:util';
import { loadConfig, redactConfig } from '../common/config/load-config.js';
import { createRootLogger } from '../common/log.js';
import { GUEST_KEY } from '../api/auth/seed-subjects.js';
import { createStandalone } from './standalone.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' }, host: { type: 'string' }, backend: { type: 'string' }, store: { type: 'string' },
      'data-dir': { type: 'string' }, config: { type: 'string' }, 'log-level': { type: 'string' },
    },
  });
  const overrides: Record<string, unknown> = {};
  if (values.port) overrides.port = values.port;
  if (values.host) overrides.host = values.host;
  if (values.backend) overrides.backend = values.backend;
  if (values.store) overrides.store = values.store;
  if (values['data-dir']) overrides.dataDir = values['data-dir'];
  if (values['log-level']) overrides.logLevel = values['log-level'];
  const config = loadConfig({ ...(values.config ? { file: values.config } : {}), overrides });
  const logger = createRootLogger({ level: config.logLevel });
  logger.info({ tid: 'startup', config: redactConfig(config) }, 'effective config');

  const platform = await createStandalone(config, logger);
  const backend = platform.worker.backend;
  logger.info({ tid: 'startup', backend: backend.name, isolates: backend.isolates }, `functions run on the ${backend.name} backend`);
  if (!backend.isolates) {
    logger.warn({ tid: 'startup' }, 'the process backend does not isolate functions from each other or from this machine');
  }
  process.stdout.write(
    `\nOpenWhisk-compatible API at ${platform.url} (backend: ${backend.name})\n` +
      `  wsk property set --apihost ${platform.url} --auth ${GUEST_KEY}\n\n`,
  );

  const stop = async (signal: string) => {
    logger.info({ tid: 'shutdown', signal }, 'shutting down');
    await platform.close();
    logger.flush();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`start-up failed: ${(err as Error).message}\n`);
  process.exit(1);
});
