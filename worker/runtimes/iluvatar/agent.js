'use strict';
/**
 * A tiny Ilúvatar-protocol function agent (action-runtime-protocol.md, last section) with one built-in function:
 * it echoes its arguments and adds a greeting. `GET /` → {"status":"ok"}; `POST /invoke` → {body, start, end,
 * duration_sec, was_cold}. Plain CommonJS with no dependencies: for test images and the process backend.
 * Like our OpenWhisk proxies it prints the log sentinel on stdout and stderr after each invocation (our extension:
 * real Ilúvatar agents do not), so per-invocation log collection ends at once.
 * Usage: node agent.js [--host 0.0.0.0] [--port 8080 | env __OW_PROXY_PORT]; port 0 reports the port on fd 3.
 */
const fs = require('node:fs');
const http = require('node:http');

const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n';
const MAX_BODY_BYTES = 48 * 1024 * 1024;
let cold = true;

/** The function baked into this "image". */
function main(args) {
  const name = typeof args.name === 'string' ? args.name : 'world';
  return Object.assign({}, args, { greeting: `Hello, ${name}!` });
}

function reply(res, code, value) {
  const json = JSON.stringify(value);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

function invoke(text, res) {
  const wasCold = cold;
  cold = false;
  let args;
  try {
    args = text.length > 0 ? JSON.parse(text) : {};
  } catch (error) {
    return reply(res, 500, { platform_error: `invalid JSON arguments: ${error.message}`, was_cold: wasCold });
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args)) args = {};
  const start = Date.now();
  const began = process.hrtime.bigint();
  let body;
  let failure;
  try {
    body = main(args);
  } catch (error) {
    failure = String(error && error.message ? error.message : error);
  }
  const durationSec = Number(process.hrtime.bigint() - began) / 1e9;
  const end = Date.now();
  process.stdout.write(SENTINEL);
  process.stderr.write(SENTINEL);
  if (failure !== undefined) return reply(res, 422, { user_error: failure, start, end, duration_sec: durationSec, was_cold: wasCold });
  reply(res, 200, { body, start, end, duration_sec: durationSec, was_cold: wasCold });
}

function onRequest(req, res) {
  if (req.method === 'GET' && req.url === '/') {
    req.resume();
    return reply(res, 200, { status: 'ok' });
  }
  if (req.method !== 'POST' || req.url !== '/invoke' || Number(req.headers['content-length']) > MAX_BODY_BYTES) {
    req.resume();
    return reply(res, 404, { platform_error: `no route ${req.method} ${req.url}` });
  }
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > MAX_BODY_BYTES) return reply(res, 413, { platform_error: 'arguments too large' });
    invoke(Buffer.concat(chunks).toString('utf8'), res);
  });
}

function parseArgs(argv) {
  const env = process.env;
  const options = { host: env.__IL_HOST || '0.0.0.0', port: Number(env.__OW_PROXY_PORT || env.__IL_PORT || 8080) };
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
    console.error(`ilúvatar agent cannot listen on ${options.host}:${options.port}:`, error.message);
    process.exit(1);
  });
  server.listen(options.port, options.host, () => {
    if (options.port === 0) reportPort(server.address().port);
  });
}

start();
