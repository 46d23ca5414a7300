/**
 * Our nodejs and python action proxies, driven through the process backend and the OpenWhisk agent, against the
 * statuses and bodies of action-runtime-protocol.md (nodejs and actionloop columns).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type { Json } from '../../common/types/entities.js';
import { AgentTimeoutError, type AgentAddress, type AgentResponse, type RunPayload } from '../agents/agent-protocol.js';
import { ProcessBackend } from '../backends/process/process-backend.js';
import type { Sandbox } from '../backends/container-backend.js';

const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;
if (!HAS_PYTHON) console.warn('\n\n!!!!! python3 NOT FOUND: the python runtime tests are SKIPPED !!!!!\n\n');

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z {7}/;
const runDir = mkdtempSync(path.join(os.tmpdir(), 'owfast-runtimes-test-'));
const backend = new ProcessBackend({ workerId: 'runtimes-test', runDir });

afterEach(() => backend.close());
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

interface StartOptions {
  main?: string;
  env?: Record<string, string>;
  binary?: boolean;
  concurrency?: number;
}

async function create(kind: string, concurrency = 1): Promise<Sandbox> {
  return backend.create({
    functionKey: 'guest/test@0.0.1', kind, image: kind.split(':')[0] ?? kind, protocol: 'openwhisk',
    memoryMb: 256, cpuShares: 256, concurrency, labels: {}, env: {},
  });
}

async function start(kind: string, code: string, options: StartOptions = {}): Promise<[Sandbox, AgentResponse]> {
  const sandbox = await create(kind, options.concurrency);
  const init = await sandbox.agent.init(
    { name: 'test', main: options.main ?? 'main', code, binary: options.binary ?? false, env: options.env ?? {} },
    5000,
  );
  return [sandbox, init];
}

function run(sandbox: Sandbox, value: Json, fields: Partial<RunPayload> = {}, timeoutMs = 5000): Promise<AgentResponse> {
  return sandbox.agent.run({
    value, namespace: 'guest', action_name: '/guest/test', action_version: '0.0.1', activation_id: 'a1'.repeat(16),
    transaction_id: 'tid', deadline: '1700000000000', ...fields,
  }, timeoutMs);
}

const collect = (sandbox: Sandbox) => sandbox.logs.collect({ waitForSentinels: true, timeoutMs: 2000, limitBytes: 1_000_000 });
const texts = (lines: string[]) => lines.map((line) => line.replace(TIME, ''));

describe('nodejs proxy', () => {
  it('initializes and runs with the parameters in value', async () => {
    const [sandbox, init] = await start('nodejs:20', 'function main(p) { return { greeting: `hello ${p.name}` }; }');
    expect(init).toMatchObject({ statusCode: 200, body: { OK: true } });
    expect(await run(sandbox, { name: 'ada' })).toMatchObject({ statusCode: 200, body: { greeting: 'hello ada' } });
  });

  it.each([
    ['exports.main', 'exports.main = (p) => ({ n: p.n + 1 });', 'main'],
    ['module.exports.main', 'module.exports.main = (p) => ({ n: p.n + 1 });', 'main'],
    ['a main named otherwise', 'function entry(p) { return { n: p.n + 1 }; }', 'entry'],
    ['an async main', 'async function main(p) { return { n: p.n + 1 }; }', 'main'],
  ])('finds %s', async (_label, code, main) => {
    const [sandbox] = await start('nodejs:20', code, { main });
    expect((await run(sandbox, { n: 1 })).body).toEqual({ n: 2 });
  });

  it('sets /init env unprefixed and /run fields as __OW_*', async () => {
    const code = "const os = require('node:os'); function main() { const e = process.env; return { foo: e.FOO, id: e.__OW_ACTIVATION_ID, ns: e.__OW_NAMESPACE, deadline: e.__OW_DEADLINE, key: e.__OW_API_KEY || null, os: typeof os.hostname }; }";
    const [sandbox] = await start('nodejs:20', code, { env: { FOO: 'bar' } });
    expect((await run(sandbox, {}, { api_key: 'u:k' })).body).toEqual({ foo: 'bar', id: 'a1'.repeat(16), ns: 'guest', deadline: '1700000000000', key: 'u:k', os: 'function' });
  });

  it('answers errors, odd results and refusals as the real runtime', async () => {
    const code = `function main(p) {
      if (p.kind === 'error') return { error: 'bad input' };
      if (p.kind === 'reject') return Promise.reject(new Error('nope'));
      if (p.kind === 'string') return 'text';
      if (p.kind === 'null') return null;
      if (p.kind === 'array') return [1, 2];
    }`;
    const [sandbox] = await start('nodejs:20', code);
    expect(await run(sandbox, { kind: 'error' })).toMatchObject({ statusCode: 200, body: { error: 'bad input' } });
    expect(await run(sandbox, { kind: 'reject' })).toMatchObject({ statusCode: 200, body: { error: { name: 'Error', message: 'nope' } } });
    expect(await run(sandbox, { kind: 'string' })).toMatchObject({ statusCode: 502, body: { error: 'The action did not return a dictionary.' } });
    expect(await run(sandbox, { kind: 'null' })).toMatchObject({ statusCode: 200, rawBody: 'null' });
    expect(await run(sandbox, { kind: 'array' })).toMatchObject({ statusCode: 200, body: [1, 2] });
    expect(await run(sandbox, {})).toMatchObject({ statusCode: 200, body: {} });
    expect(await run(sandbox, 'text')).toMatchObject({ statusCode: 403 });
    // The real runtime is stuck after a non-object value.
    expect(await run(sandbox, {})).toMatchObject({ statusCode: 403, body: { error: 'System not ready, status is running.' } });
  });

  it('stops for good after the action throws', async () => {
    const [sandbox] = await start('nodejs:20', "function main() { throw new Error('boom'); }");
    expect(await run(sandbox, {})).toMatchObject({ statusCode: 502, body: { error: 'An error has occurred: Error: boom' } });
    expect(await run(sandbox, {})).toMatchObject({ statusCode: 403, body: { error: 'System not ready, status is stopped.' } });
  });

  it('refuses /run before /init, /init without code, and a second /init', async () => {
    const sandbox = await create('nodejs:20');
    expect(await run(sandbox, {})).toMatchObject({ statusCode: 403, body: { error: 'System not initialized.' } });
    const init = (code: string) => sandbox.agent.init({ name: 't', main: 'main', code, binary: false, env: {} }, 5000);
    expect(await init('')).toMatchObject({ statusCode: 403, body: { error: 'Missing main/no code to execute.' } });
    expect(await init('function main() {}')).toMatchObject({ statusCode: 200 });
    expect(await init('function main() {}')).toMatchObject({ statusCode: 403, body: { error: 'Cannot initialize the action more than once.' } });
  });

  it.each([
    ['a syntax error', 'function main( {', 'Initialization has failed due to: SyntaxError'],
    ['no function', 'const main = 42;', "Initialization has failed due to: Action entrypoint 'main' is not a function."],
  ])('fails /init on %s, logs it with sentinels, and is then stopped', async (_label, code, message) => {
    const [sandbox, init] = await start('nodejs:20', code);
    expect(init.statusCode).toBe(502);
    expect((init.body as { error: string }).error.startsWith(message)).toBe(true);
    const logs = await collect(sandbox);
    expect(logs.sentinelsSeen).toBe(true);
    expect(texts(logs.lines)[0]).toMatch(/^stderr: Error during initialization:/);
    const retry = await sandbox.agent.init({ name: 't', main: 'main', code: 'function main() {}', binary: false, env: {} }, 5000);
    expect(retry).toMatchObject({ statusCode: 403, body: { error: 'System not ready, status is stopped.' } });
  });

  it('collects stdout and stderr per activation, stray lines going to the next one', async () => {
    const [sandbox] = await start('nodejs:20', "function main(p) { console.log('out', p.i); console.error('err', p.i); return {}; }");
    await run(sandbox, { i: 1 });
    // stdout and stderr are separate pipes: their relative order is not kept (per stream it is).
    expect(texts((await collect(sandbox)).lines).sort()).toEqual(['stderr: err 1', 'stdout: out 1']);
    await sandbox.agent.init({ name: 't', main: 'main', code: 'x', binary: false, env: {} }, 5000); // refused: a stray stderr line
    await run(sandbox, { i: 2 });
    const logs = await collect(sandbox);
    expect(logs.lines.every((line) => TIME.test(line))).toBe(true);
    expect(texts(logs.lines).sort()).toEqual(['stderr: Internal system error: Cannot initialize the action more than once.', 'stderr: err 2', 'stdout: out 2']);
  });

  it('refuses overlapping runs unless started with __OW_ALLOW_CONCURRENT', async () => {
    const code = 'function main() { return new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 150)); }';
    const [serial] = await start('nodejs:20', code);
    // The agent keeps one connection for concurrency 1, so overlapping calls queue instead of being refused ...
    const queued = await Promise.all([run(serial, {}), run(serial, {})]);
    expect(queued.map((r) => r.statusCode)).toEqual([200, 200]);
    // ... but the proxy itself refuses them, as the real runtime does.
    const address = (serial as unknown as { address: AgentAddress }).address;
    const raw = await Promise.all([rawPost(address, '/run', '{"value":{}}'), rawPost(address, '/run', '{"value":{}}')]);
    expect(raw.map(([status]) => status).sort()).toEqual([200, 403]);
    expect(raw.find(([status]) => status === 403)?.[1]).toBe('{"error":"System not ready, status is running."}');
    const [concurrent] = await start('nodejs:20', code, { concurrency: 2 });
    const started = Date.now();
    const both = await Promise.all([run(concurrent, {}), run(concurrent, {})]);
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(Date.now() - started).toBeLessThan(290);
  });

  it('runs a zip action, sent with or without binary, by package.json main or file.func', async () => {
    const zip = makeZip({
      'package.json': '{"main": "lib/entry.js"}',
      'lib/entry.js': "exports.main = (p) => ({ from: 'package', n: p.n });",
      'other.js': "exports.hello = () => ({ from: 'other', cwd: require('node:path').basename(process.cwd()).startsWith('owaction-') });",
    }).toString('base64');
    const [byPackage, byPackageInit] = await start('nodejs:20', zip, { binary: true });
    expect(byPackageInit.statusCode).toBe(200);
    expect((await run(byPackage, { n: 3 })).body).toEqual({ from: 'package', n: 3 });
    const [byFile, init] = await start('nodejs:20', zip, { main: 'other.hello' });
    expect(init.statusCode).toBe(200);
    expect((await run(byFile, {})).body).toEqual({ from: 'other', cwd: true });
  });

  it('answers an invalid JSON body with 500 Bad request.', async () => {
    const sandbox = await create('nodejs:20');
    expect(await rawPost((sandbox as unknown as { address: AgentAddress }).address, '/init', '{nope')).toEqual([500, '{"error":"Bad request."}']);
  });

  it('rejects with AgentTimeoutError when the action runs past timeoutMs', async () => {
    const [sandbox] = await start('nodejs:20', 'function main() { return new Promise(() => {}); }');
    await expect(run(sandbox, {}, {}, 150)).rejects.toBeInstanceOf(AgentTimeoutError);
  });
});

(HAS_PYTHON ? describe : describe.skip)('python proxy', () => {
  it('initializes and runs with parameters and __OW_* env', async () => {
    const code = 'import os\ndef main(p):\n    return {"greeting": "hello " + p["name"], "id": os.environ["__OW_ACTIVATION_ID"], "foo": os.environ["FOO"]}\n';
    const [sandbox, init] = await start('python:3.11', code, { env: { FOO: 'bar' } });
    expect(init).toMatchObject({ statusCode: 200, body: { ok: true } });
    expect(await run(sandbox, { name: 'ada' })).toMatchObject({ statusCode: 200, body: { greeting: 'hello ada', id: 'a1'.repeat(16), foo: 'bar' } });
  });

  it('answers errors and odd results as the actionloop runtime, and lives on after an exception', async () => {
    const code = 'def main(p):\n    k = p.get("kind")\n    if k == "raise": raise ValueError("boom")\n    if k == "error": return {"error": "bad"}\n    if k == "string": return "text"\n    if k == "list": return [1]\n    return {"ok": True}\n';
    const [sandbox] = await start('python:3.11', code);
    expect(await run(sandbox, { kind: 'raise' })).toMatchObject({ statusCode: 200, body: { error: 'boom' } });
    const logs = await collect(sandbox);
    expect(texts(logs.lines)).toContain('stderr: ValueError: boom');
    expect(await run(sandbox, { kind: 'error' })).toMatchObject({ statusCode: 200, body: { error: 'bad' } });
    expect(await run(sandbox, { kind: 'string' })).toMatchObject({ statusCode: 502, body: { error: 'The action did not return a dictionary or array.' } });
    expect(await run(sandbox, { kind: 'list' })).toMatchObject({ statusCode: 200, body: [1] });
    expect(await run(sandbox, {})).toMatchObject({ statusCode: 200, body: { ok: true } });
  });

  it('refuses /run before /init, /init without code, and a second /init', async () => {
    const sandbox = await create('python:3.11');
    expect(await run(sandbox, {})).toMatchObject({ statusCode: 500, body: { error: 'no action defined yet' } });
    const init = (code: string) => sandbox.agent.init({ name: 't', main: 'main', code, binary: false, env: {} }, 5000);
    expect(await init('')).toMatchObject({ statusCode: 403 });
    expect(await init('def main(p):\n    return p\n')).toMatchObject({ statusCode: 200 });
    expect(await init('def main(p):\n    return p\n')).toMatchObject({ statusCode: 403, body: { error: 'Cannot initialize the action more than once.' } });
  });

  it('fails /init on a syntax error or a missing entry point, and allows a retry', async () => {
    const sandbox = await create('python:3.11');
    const init = (code: string, main = 'main') => sandbox.agent.init({ name: 't', main, code, binary: false, env: {} }, 5000);
    expect(await init('def main(:\n')).toMatchObject({ statusCode: 502, body: { error: 'The action failed to generate or locate a binary. See logs for details.' } });
    expect(texts((await collect(sandbox)).lines).join('\n')).toContain('SyntaxError');
    expect(await init('def main(p):\n    return p\n', 'nothere')).toMatchObject({ statusCode: 502, body: { error: 'Cannot start action. Check logs for details.' } });
    expect(await init('def main(p):\n    return p\n')).toMatchObject({ statusCode: 200 });
  });

  it('collects print output per activation', async () => {
    const [sandbox] = await start('python:3.11', 'import sys\ndef main(p):\n    print("out", p["i"])\n    print("err", p["i"], file=sys.stderr)\n    return {}\n');
    for (const i of [1, 2]) {
      await run(sandbox, { i });
      // Python buffers stdout until the end of the run: the two streams' order is not kept (nor in the real runtime).
      expect(texts((await collect(sandbox)).lines).sort()).toEqual([`stderr: err ${i}`, `stdout: out ${i}`]);
    }
  });

  it('runs a zip with __main__.py', async () => {
    const zip = makeZip({ '__main__.py': 'from helper import twice\ndef main(p):\n    return {"n": twice(p["n"])}\n', 'helper.py': 'def twice(n):\n    return 2 * n\n' });
    const [sandbox, init] = await start('python:3.11', zip.toString('base64'), { binary: true });
    expect(init.statusCode).toBe(200);
    expect((await run(sandbox, { n: 21 })).body).toEqual({ n: 42 });
  });

  it('answers 400 command exited when the action exits, then 500 no action defined yet', async () => {
    const [sandbox] = await start('python:3.11', 'import sys\ndef main(p):\n    sys.exit(3)\n');
    expect(await run(sandbox, {})).toMatchObject({ statusCode: 400, body: { error: 'command exited' } });
    expect(await run(sandbox, {})).toMatchObject({ statusCode: 500, body: { error: 'no action defined yet' } });
  });

  it('answers an invalid /init body with 400 Error unmarshaling request', async () => {
    const sandbox = await create('python:3.11');
    const [status, body] = await rawPost((sandbox as unknown as { address: AgentAddress }).address, '/init', '{nope');
    expect(status).toBe(400);
    expect(body).toMatch(/^\{"error":"Error unmarshaling request: /);
  });
});

/** A zip with deflated entries, enough for both proxies (and for Python's CRC checks). */
function makeZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const content = Buffer.from(text);
    const data = deflateRawSync(content);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(content), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(content), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function rawPost(address: AgentAddress, urlPath: string, body: string): Promise<[number, string]> {
  return new Promise((resolve, reject) => {
    const req = http.request({ ...address, path: urlPath, method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve([res.statusCode ?? 0, text.trim()]));
    });
    req.on('error', reject);
    req.end(body);
  });
}
