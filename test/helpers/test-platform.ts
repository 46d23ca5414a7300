/**
 * Starts a standalone platform for tests: port 0 on loopback, silent logs, memory store and simulation backend
 * unless told otherwise. Close it in afterAll.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GUEST_KEY, WHISK_SYSTEM_KEY } from '../../api/auth/seed-subjects.js';
import { createStandalone, type Standalone, type StandaloneOptions } from '../../cli/standalone.js';
import { loadConfig } from '../../common/config/load-config.js';
import { silentLogger } from '../../common/log.js';

export { GUEST_KEY, WHISK_SYSTEM_KEY };

export interface TestPlatformOptions {
  backend?: 'simulation' | 'process';
  /** A backend instance to use instead of the named one. */
  backendInstance?: StandaloneOptions['backend'];
  store?: 'memory' | 'sqlite';
  clock?: StandaloneOptions['clock'];
  /** SQLite folder; a fresh temp folder when omitted (removed by `cleanup`). */
  dataDir?: string;
  /** Any other config keys (e.g. `{ limits: { blockingWaitMs: 100 } }`). */
  config?: Record<string, unknown>;
  /** Install the /whisk.system catalog as `npm start` does (off by default: suites own whisk.system). */
  catalog?: boolean;
}

export interface TestPlatform extends Standalone {
  dataDir: string;
  /** Closes the platform and removes a temp data folder it made. */
  cleanup(): Promise<void>;
}

export function makeTempDir(prefix = 'owfast-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? makeTempDir();
  const config = loadConfig({
    env: {},
    overrides: {
      seedCatalog: options.catalog ?? false,
      ...options.config,
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      store: options.store ?? 'memory',
      backend: options.backend ?? 'simulation',
      dataDir,
      // Suites invoke far more than OpenWhisk's 60 a minute: throttles off unless a test sets them.
      limits: {
        invocationsPerMinute: 0,
        concurrentInvocations: 0,
        firesPerMinute: 0,
        ...(options.config?.limits as object | undefined),
      },
      worker: {
        simulation: { coldMs: 5, warmMs: 1, agentOverheadMs: 0 },
        // Clean-up does not wait for activations a test left running (they are still recorded, as failed).
        shutdownGraceMs: 0,
        ...(options.config?.worker as object | undefined),
      },
    },
  });
  const platform = await createStandalone(config, silentLogger, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.backendInstance ? { backend: options.backendInstance } : {}),
  });
  return {
    ...platform,
    dataDir,
    async cleanup() {
      await platform.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `Authorization` header value for a `uuid:key`. */
export function basicAuth(key: string = GUEST_KEY): string {
  return `Basic ${Buffer.from(key).toString('base64')}`;
}
