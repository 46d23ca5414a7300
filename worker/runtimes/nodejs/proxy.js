'use strict';
/**
 * Our OpenWhisk nodejs action proxy: POST /init loads the action, POST /run calls it, with the statuses, bodies and
 * log sentinels of apache/openwhisk-runtime-nodejs (shared/reference/action-runtime-protocol.md, nodejs column).
 * Plain CommonJS with no dependencies, so it runs from the repo (process backend) or inside an image.
 * Usage: node proxy.js [--host 0.0.0.0] [--port 8080 | env __OW_PROXY_PORT]; port 0 reports the port on fd 3.
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n';
const MAX_BODY_BYTES = 48 * 1024 * 1024;
// Read once at start, as the real runtime does: the /init env cannot turn it on.
const ALLOW_CONCURRENT = String(process.env.__OW_ALLOW_CONCURRENT || '').toLowerCase() === 'true';

let status = 'ready'; // ready | starting | running | stopped
let handler; // the action's main, once /init succeeded
const lastRunEnv = Object.create(null); // skips setenv when a /run field did not change

function reply(res, code, json) {
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

function replyError(res, code, message) {
  reply(res, code, JSON.stringify({ error: message }));
}

function writeMarkers() {
  process.stdout.write(SENTINEL);
  process.stderr.write(SENTINEL);
}

function refuse(res, message) {
  console.error('Internal system error:', message);
  replyError(res, 403, message);
}

// ---- /init -------------------------------------------------------------------------------------------------

function init(body, res) {
  if (status !== 'ready' || handler !== undefined) {
    return refuse(res, handler !== undefined ? 'Cannot initialize the action more than once.' : `System not ready, status is ${status}.`);
  }
  status = 'starting';
  const message = (body && body.value) || {};
  if (!message.main || !message.code || typeof message.main !== 'string' || typeof message.code !== 'string') {
    status = 'ready';
    return replyError(res, 403, 'Missing main/no code to execute.');
  }
  setInitEnv(message.env);
  try {
    handler = loadAction(message);
    status = 'ready';
    reply(res, 200, '{"OK":true}');
  } catch (error) {
    console.error('Error during initialization:', error);
    writeMarkers();
    status = 'stopped';
    replyError(res, 502, `Initialization has failed due to: ${error && error.stack ? String(error.stack) : error}`);
  }
}

function setInitEnv(env) {
  if (!env || typeof env !== 'object') return;
  for (const key of Object.keys(env)) {
    const value = env[key];
    process.env[key] = value !== null && typeof value === 'object' ? JSON.stringify(value) : value ? String(value) : '';
  }
}

/** Returns the entry point or throws (a string for a missing entry point, as the real runtime does). */
function loadAction(message) {
  const code = message.code.trimStart();
  const magic = Buffer.from(code.slice(0, 8), 'base64');
  if (magic.length >= 4 && magic.readUInt32LE(0) === 0x04034b50) {
    // "PK\x03\x04": clients send zips without `binary`.
    return loadZip(Buffer.from(code, 'base64'), message.main);
  }
  if (message.binary && code.startsWith('H4sI')) throw 'There was an error uncompressing the action archive.';
  const source = message.binary && /^[A-Za-z0-9+/=\s]+$/.test(code) ? Buffer.from(code, 'base64').toString('utf8') : message.code;
  return loadSource(source, message.main);
}

/** Evaluates plain source in its own function scope: `function main`, `exports.main`, `module.exports.main` all work. */
function loadSource(source, main) {
  const actionModule = { exports: {} };
  const body = `${source}\ntry {\n  return ${main};\n} catch (e) {\n  if (e.name === 'ReferenceError') return module.exports.${main} || exports.${main};\n  throw e;\n}`;
  // eslint-disable-next-line no-new-func
  const factory = new Function('require', 'module', 'exports', '__filename', '__dirname', body);
  return assertFunction(factory(require, actionModule, actionModule.exports, path.join(process.cwd(), 'action.js'), process.cwd()), main);
}

/** Zip: package.json `main` or index.js at the root, or `file.func` naming the module and the function. */
function loadZip(zip, main) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owaction-'));
  try {
    extractZip(zip, dir);
  } catch (error) {
    throw 'There was an error uncompressing the action archive.';
  }
  const parts = /^([^.]+)$|^([^.]+)\.(.+)$/.exec(main);
  if (!parts) throw 'Name of main function is not valid.';
  const file = parts[2];
  const exportPath = parts[3] || parts[1];
  process.chdir(dir);
  if (file === undefined && !fs.existsSync('package.json') && !fs.existsSync('index.js')) {
    throw 'Zipped actions must contain either package.json or index.js at the root.';
  }
  let entry = require(file !== undefined ? path.join(dir, file) : dir);
  for (const key of exportPath.split('.')) entry = entry == null ? undefined : entry[key];
  return assertFunction(entry, main);
}

function assertFunction(candidate, main) {
  if (typeof candidate !== 'function') throw `Action entrypoint '${main}' is not a function.`;
  return candidate;
}

// ---- zip archives (stored and deflated entries; no zip64) ---------------------------------------------------

function extractZip(zip, dir) {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const skip = nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
    const mode = (zip.readUInt32LE(offset + 38) >>> 16) & 0o777;
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + skip;
    const target = path.resolve(dir, name);
    if (target !== dir && !target.startsWith(dir + path.sep)) throw new Error(`entry outside the archive root: ${name}`);
    if (name.endsWith('/')) {
      fs.mkdirSync(target, { recursive: true });
      continue;
    }
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('bad local header');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`unsupported compression method ${method}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, method === 8 ? zlib.inflateRawSync(data) : data, { mode: mode || 0o644 });
  }
}

function findEndOfCentralDirectory(zip) {
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= lowest; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw new Error('not a zip archive');
}

// ---- /run --------------------------------------------------------------------------------------------------

function run(body, res) {
  if (status !== 'ready' || handler === undefined) {
    return refuse(res, handler !== undefined ? `System not ready, status is ${status}.` : 'System not initialized.');
  }
  if (!ALLOW_CONCURRENT) status = 'running';
  const message = body || {};
  let value = message.value;
  if (value === null || value === undefined) value = {};
  else if (typeof value !== 'object') {
    // The real runtime stays 'running' after this refusal: the container is stuck for good.
    return refuse(res, `Internal system error: the argument must be a dictionary but has type '${typeof value}'.`);
  }
  for (const key in message) {
    const field = message[key];
    if (key !== 'value' && typeof field === 'string' && lastRunEnv[key] !== field) {
      lastRunEnv[key] = field;
      process.env[`__OW_${key.toUpperCase()}`] = field;
    }
  }
  let result;
  try {
    result = handler(value);
  } catch (error) {
    return failed(error, res);
  }
  if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof result.then === 'function') {
    Promise.resolve(result).then(
      (resolved) => finished(resolved, res),
      (error) => finished({ error: error ? serializeError(error) : {} }, res),
    );
  } else {
    finished(result, res);
  }
}

function finished(result, res) {
  if (result === undefined) result = {};
  if (!ALLOW_CONCURRENT) setStatus('ready');
  if (typeof result !== 'object') {
    console.error(`Result must be of type object but has type "${typeof result}":`, result);
    writeMarkers();
    return replyError(res, 502, 'The action did not return a dictionary.');
  }
  writeMarkers();
  let json;
  try {
    json = JSON.stringify(result);
  } catch (error) {
    console.error('[wrapEndpoint]', 'invalid errored promise', String(error));
    return replyError(res, 500, 'Internal error.');
  }
  reply(res, 200, json);
}

function failed(error, res) {
  console.error(error);
  writeMarkers();
  status = 'stopped';
  let text;
  try {
    text = `${error}`;
  } catch {
    text = Object.prototype.toString.call(error);
  }
  replyError(res, 502, `An error has occurred: ${text}`);
}

function setStatus(next) {
  if (status !== 'stopped') status = next;
}

/** What the serialize-error package gives for a rejection reason: plain data with an Error's name/message/stack. */
function serializeError(value, seen = new Set()) {
  if (typeof value === 'function') return `[Function: ${value.name || 'anonymous'}]`;
  if (value === null || typeof value !== 'object') return value;
  seen.add(value);
  const out = Array.isArray(value) ? [] : {};
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (typeof item === 'function') continue;
    out[key] = item !== null && typeof item === 'object' ? (seen.has(item) ? '[Circular]' : serializeError(item, seen)) : item;
  }
  for (const key of ['name', 'message', 'stack', 'code']) {
    if (!(key in out) && typeof value[key] === 'string') out[key] = value[key];
  }
  return out;
}

// ---- server ------------------------------------------------------------------------------------------------

function onRequest(req, res) {
  const route = req.method === 'POST' ? (req.url === '/run' ? run : req.url === '/init' ? init : undefined) : undefined;
  const declared = Number(req.headers['content-length']);
  if (route === undefined || declared > MAX_BODY_BYTES) {
    req.resume();
    return replyError(res, 500, 'Bad request.');
  }
  let first;
  let chunks;
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (first === undefined) first = chunk;
    else (chunks || (chunks = [first])).push(chunk);
  });
  req.on('end', () => {
    if (size > MAX_BODY_BYTES) return replyError(res, 500, 'Bad request.');
    const buffer = chunks ? Buffer.concat(chunks, size) : first;
    let body;
    if (buffer !== undefined && size > 0) {
      const text = buffer.toString('utf8');
      // body-parser's strict mode: only objects and arrays.
      const start = text.trimStart()[0];
      if (start !== '{' && start !== '[') return replyError(res, 500, 'Bad request.');
      try {
        body = JSON.parse(text);
      } catch {
        return replyError(res, 500, 'Bad request.');
      }
    }
    route(body, res);
  });
}

function parseArgs(argv) {
  const options = { host: '0.0.0.0', port: Number(process.env.__OW_PROXY_PORT || 8080) };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') options.port = Number(argv[++i]);
    else if (argv[i] === '--host') options.host = argv[++i];
  }
  return options;
}

/** Port 0: tell the parent which port we got, on fd 3 when it is a pipe or socket (never stdout). */
function reportPort(port) {
  try {
    const stat = fs.fstatSync(3);
    if (!stat.isSocket() && !stat.isFIFO()) return;
    fs.writeSync(3, `${port}\n`);
    fs.closeSync(3);
  } catch {
    // fd 3 not open: nobody asked.
  }
}

function start() {
  const options = parseArgs(process.argv.slice(2));
  const server = http.createServer({ noDelay: true, requestTimeout: 0 }, onRequest);
  server.keepAliveTimeout = 10 * 60 * 1000;
  server.headersTimeout = 0;
  server.timeout = 0;
  server.on('error', (error) => {
    console.error(`action proxy cannot listen on ${options.host}:${options.port}:`, error.message);
    process.exit(1);
  });
  server.listen(options.port, options.host, () => {
    if (options.port === 0) reportPort(server.address().port);
  });
}

start();
