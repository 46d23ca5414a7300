/**
 * The Serverless part's own machinery, without an endpoint: the child's environment is an allow-list, a command
 * that hangs is killed at its limit, failures carry the command's output, the fixture copy leaves out what it is
 * told to, `--only` keeps deploy and remove, and the timing figure adds deploy, the first invoke and remove.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Scenario } from '../conformance/context';
import { formatTimings, selectRows } from './cycle';
import { createServerlessRunner, offlineEnvironment, ServerlessCommandError } from './serverless-cli';

const endpoint = { apihost: 'http://127.0.0.1:1', auth: 'uuid:key', namespace: '_' };

describe('offlineEnvironment', () => {
  it('passes PATH and proxies, sets the switches and the endpoint, and drops everything else', () => {
    const env = offlineEnvironment(endpoint, '/tmp/h', { OWC_SLS_SERVICE: 'svc' }, {
      PATH: '/bin', HTTPS_PROXY: 'http://proxy:3128', HOME: '/root', WSK_CONFIG_FILE: '/root/.wskprops',
      OW_APIHOST: 'https://elsewhere', OW_PORT: '1', SLS_ORG_TOKEN: 'secret', SERVERLESS_ACCESS_KEY: 'secret',
      FORCE_COLOR: '0', SLS_NOTIFICATIONS_MODE: 'on', AWS_PROFILE: 'x',
    });
    expect(env).toEqual({
      PATH: '/bin', HTTPS_PROXY: 'http://proxy:3128',
      HOME: '/tmp/h', WSK_CONFIG_FILE: path.join('/tmp/h', '.wskprops'),
      CI: '1', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*', SLS_DISABLE_AUTO_UPDATE: '1',
      OW_APIHOST: 'http://127.0.0.1:1', OW_AUTH: 'uuid:key', OW_NAMESPACE: '_', OWC_SLS_IGNORE_CERTS: 'false',
      OWC_SLS_SERVICE: 'svc',
    });
  });
});

describe('createServerlessRunner', () => {
  let scripts: string;
  beforeAll(() => {
    scripts = mkdtempSync(path.join(tmpdir(), 'owc-sls-test-'));
    writeFileSync(path.join(scripts, 'echo.js'), 'console.log(JSON.stringify({ args: process.argv.slice(2), home: process.env.HOME, cwd: process.cwd() }));');
    writeFileSync(path.join(scripts, 'fail.js'), "console.error('Error: no such service'); process.exit(3);");
    writeFileSync(path.join(scripts, 'hang.js'), [
      "const grandchild = require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });",
      `require('node:fs').writeFileSync(${JSON.stringify(path.join(scripts, 'grandchild.pid'))}, String(grandchild.pid));`,
      'setTimeout(() => {}, 60000);',
    ].join('\n'));
  });
  afterAll(() => rmSync(scripts, { recursive: true, force: true }));

  const runner = (script: string, omit: string[] = []) =>
    createServerlessRunner({ entry: path.join(scripts, script), endpoint, variables: {}, omit, defaultTimeoutMs: 10_000 });

  it('runs in a private copy of the fixture with a private HOME and records the wall time', async () => {
    const sls = runner('echo.js', ['python-function.yml']);
    try {
      expect(existsSync(path.join(sls.serviceDir, 'serverless.yml'))).toBe(true);
      expect(existsSync(path.join(sls.serviceDir, 'handler.js'))).toBe(true);
      expect(existsSync(path.join(sls.serviceDir, 'python-function.yml'))).toBe(false);
      const { stdout } = await sls.run(['deploy', '--verbose']);
      const seen = JSON.parse(stdout) as { args: string[]; home: string; cwd: string };
      expect(seen.args).toEqual(['deploy', '--verbose']);
      expect(seen.home).toBe(path.join(path.dirname(sls.serviceDir), 'home'));
      expect(seen.cwd).toBe(sls.serviceDir);
      expect(sls.timings).toEqual([{ command: 'deploy --verbose', durationMs: expect.any(Number) }]);
    } finally {
      sls.dispose();
    }
    expect(existsSync(sls.serviceDir)).toBe(false);
  });

  it('rejects a non-zero exit with the output', async () => {
    const sls = runner('fail.js');
    try {
      await expect(sls.run(['info'])).rejects.toThrow(/^serverless info exited with 3\nError: no such service/);
      await expect(sls.run(['info'])).rejects.toBeInstanceOf(ServerlessCommandError);
    } finally {
      sls.dispose();
    }
  });

  it('kills a command and what it spawned at the time limit', async () => {
    const sls = runner('hang.js');
    const started = Date.now();
    try {
      await expect(sls.run(['deploy'], { timeoutMs: 500 })).rejects.toThrow('serverless deploy timed out after 500 ms');
      expect(Date.now() - started).toBeLessThan(5_000);
      const pid = Number(readFileSync(path.join(scripts, 'grandchild.pid'), 'utf8'));
      expect(await gone(pid)).toBe(true);
    } finally {
      sls.dispose();
    }
  });

  it('dispose kills a command still running and removes the directory', async () => {
    const sls = runner('hang.js');
    const pending = sls.run(['remove'], { timeoutMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    sls.dispose();
    await expect(pending).rejects.toThrow('serverless remove exited with SIGKILL');
    expect(existsSync(sls.serviceDir)).toBe(false);
  });
});

/** The process has exited (absent, or a zombie waiting for its reaper), checked for up to 2 s. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 20; i++) {
    try {
      if (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z')) return true;
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe('selectRows', () => {
  const rows = ['deploy (x)', 'info lists', 'invoke -f hello', 'remove deletes'].map(
    (name): Scenario => ({ feature: 'serverless', name, run: async () => undefined }),
  );
  it.each([
    [undefined, ['deploy (x)', 'info lists', 'invoke -f hello', 'remove deletes']],
    [/invoke -f hello/, ['deploy (x)', 'invoke -f hello', 'remove deletes']],
    [/^serverless info/, ['deploy (x)', 'info lists', 'remove deletes']],
    [/^actions/, []],
  ])('--only %s', (only, expected) => {
    expect(selectRows(rows, only).map((r) => r.name)).toEqual(expected);
  });
});

describe('formatTimings', () => {
  it('adds deploy, the first invoke and remove, and lists every command', () => {
    const text = formatTimings({
      timings: [
        { command: '--version', durationMs: 600 }, { command: 'deploy', durationMs: 1000 },
        { command: 'invoke -f hello', durationMs: 700 }, { command: 'invoke -f pipeline', durationMs: 900 },
        { command: 'remove', durationMs: 800 }, { command: 'deploy --config serverless-http.yml', durationMs: 5000 },
      ],
    }, 9000)!;
    expect(text).toContain('serverless deploy → invoke → remove cycle: 2500 ms (deploy 1000 + invoke 700 + remove 800)');
    expect(text).toContain('whole serverless part, checks included: 9000 ms');
    expect(text).toMatch(/^ {2}invoke -f pipeline\s+900 ms$/m);
  });

  it('says nothing when no command ran', () => {
    expect(formatTimings({ timings: [] })).toBeUndefined();
  });
});
