/**
 * The OpenAPI document (openapi.yaml): valid for openapi-backend, complete against OpenWhisk's operation list, and
 * accepting exactly what real clients send (shared/reference/clients.md) while refusing malformed requests.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { OpenAPIBackend } from 'openapi-backend';
import type { Request as OpenAPIRequest } from 'openapi-backend';

// openapi-backend requires @apidevtools/json-schema-ref-parser, which is ESM-only since v12. Node (>= 20.19) loads
// it through require(esm), so the server is fine, but Jest's CommonJS loader cannot, and Jest also intercepts
// `createRequire` and `process.getBuiltinModule`, so Node's own require is out of reach. Stand in for it with
// openapi-backend's own CommonJS dereferencer: this document has only internal `#/components/...` references,
// which both resolve the same way. (A jest.config.js that transforms that package would make this unnecessary.)
jest.mock('@apidevtools/json-schema-ref-parser', () => {
  const { dereferenceSync } = jest.requireActual<typeof import('dereference-json-schema')>('dereference-json-schema');
  const parser = {
    parse: async (doc: object) => doc,
    resolve: async (doc: object) => doc,
    dereference: async (doc: object) => dereferenceSync(doc as any),
  };
  return { __esModule: true, default: parser, ...parser };
});

/**
 * Groups of OpenWhisk's reference operations this document must define. A group is the operation's tag, except
 * that web actions (`/api/v1/web/...`, tagged Actions) form the group 'WebActions'.
 * All of them: ['Namespaces', 'Actions', 'WebActions', 'Activations', 'Limits', 'Rules', 'Triggers', 'Packages'].
 */
const COVERED_GROUPS = ['Namespaces', 'Actions', 'WebActions', 'Activations', 'Limits', 'Triggers', 'Rules', 'Packages'];

/** Operations this document adds to OpenWhisk's swagger list (they are served by OpenWhisk's controller too). */
const EXTRA_OPERATIONS = [
  { method: 'GET', path: '/api/v1/namespaces/{namespace}/actions/{packageName}/', operationId: 'getAllActionsInPackage' },
  { method: 'GET', path: '/api/v1', operationId: 'getInfo' },
  { method: 'GET', path: '/api/v1/api-docs', operationId: 'getApiDocs' },
  { method: 'GET', path: '/ping', operationId: 'ping' },
  // Our own extensions (marked x-extension in the document): the worker's warm pool and reports.
  { method: 'POST', path: '/api/v1/namespaces/{namespace}/prewarm', operationId: 'prewarmAction' },
  { method: 'GET', path: '/api/v1/admin/workers', operationId: 'getWorkers' },
  // A namespace's limit overrides (OpenWhisk's `wskadmin limits set|delete`).
  { method: 'PUT', path: '/api/v1/admin/namespaces/{namespace}/limits', operationId: 'setNamespaceLimits' },
  { method: 'DELETE', path: '/api/v1/admin/namespaces/{namespace}/limits', operationId: 'deleteNamespaceLimits' },
  // OpenWhisk's API-gateway management, a web action package of its whisk.system namespace (routemgmt).
  { method: 'POST', path: '/api/v1/web/whisk.system/apimgmt/createApi.{extension}', operationId: 'createApi' },
  { method: 'GET', path: '/api/v1/web/whisk.system/apimgmt/getApi.{extension}', operationId: 'getApi' },
  { method: 'DELETE', path: '/api/v1/web/whisk.system/apimgmt/deleteApi.{extension}', operationId: 'deleteApi' },
  // The live activation stream (server-sent events).
  { method: 'GET', path: '/api/v1/namespaces/{namespace}/activations/stream', operationId: 'streamActivations' },
];
const PUBLIC_OPERATIONS = ['getInfo', 'getApiDocs', 'ping'];

const REPO_ROOT = path.resolve(__dirname, '../..');
const DOCUMENT_FILE = path.join(REPO_ROOT, 'openapi.yaml');
// OpenWhisk's 33 operations (from its apiv1swagger.json), copied from shared/reference/ so the guard runs in any
// checkout; keep the copy identical to the reference.
const REFERENCE_FILE = path.resolve(__dirname, '../../test/fixtures/openwhisk-operations.json');

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const GUEST_AUTH =
  'Basic ' +
  Buffer.from('23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP').toString(
    'base64',
  );

interface ReferenceOperation {
  method: string;
  path: string;
  operationId: string;
  tag: string;
}

type Doc = {
  paths: Record<string, Record<string, any>>;
  components: Record<string, Record<string, any>>;
  [key: string]: unknown;
};

const loadDocument = (): Doc => parse(readFileSync(DOCUMENT_FILE, 'utf8')) as Doc;

function referenceOperations(): ReferenceOperation[] {
  if (!existsSync(REFERENCE_FILE)) {
    throw new Error(
      `OpenWhisk's operation list is missing: expected ${REFERENCE_FILE} (a copy of ` +
        'shared/reference/openwhisk-operations.json). The guard cannot run without it.',
    );
  }
  const ops = JSON.parse(readFileSync(REFERENCE_FILE, 'utf8')) as ReferenceOperation[];
  if (!Array.isArray(ops) || ops.length === 0) throw new Error(`${REFERENCE_FILE} holds no operations`);
  return ops;
}

const groupOf = (op: ReferenceOperation) => (op.path.startsWith('/api/v1/web/') ? 'WebActions' : op.tag);

/** Every operation of the document as {method, path, operationId}. */
function documentOperations(doc: Doc) {
  const out: { method: string; path: string; operationId: string; operation: any }[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const m of HTTP_METHODS) {
      if (item[m]) out.push({ method: m.toUpperCase(), path: p, operationId: item[m].operationId, operation: item[m] });
    }
  }
  return out;
}

/** The gateway's configuration: strict, and trailing slashes significant (see the routing tests). */
async function newBackend(opts: { ignoreTrailingSlashes?: boolean } = {}) {
  const api = new OpenAPIBackend({
    definition: loadDocument() as any,
    strict: true,
    quick: false,
    ignoreTrailingSlashes: opts.ignoreTrailingSlashes ?? false,
  });
  await api.init();
  return api;
}

describe('openapi.yaml', () => {
  let api: OpenAPIBackend;

  beforeAll(async () => {
    api = await newBackend();
  });

  describe('document', () => {
    test('is valid OpenAPI 3.0.3 for openapi-backend in strict mode (no handlers registered)', async () => {
      const doc = loadDocument();
      expect(doc.openapi).toBe('3.0.3');
      const backend = new OpenAPIBackend({ definition: doc as any, strict: true, quick: false });
      await expect(backend.init()).resolves.toBe(backend);
      expect(() => backend.validateDefinition()).not.toThrow();
      expect(backend.initialized).toBe(true);
    });

    test('describes itself as OpenWhisk-compatible and is served from /', () => {
      const doc = loadDocument() as any;
      expect(doc.info.title).toEqual(expect.any(String));
      expect(doc.info.version).toEqual(expect.any(String));
      expect(doc.info.description).toMatch(/OpenWhisk-compatible/);
      expect(doc.servers).toEqual([{ url: '/' }]);
      expect(doc.components.securitySchemes.basic).toMatchObject({ type: 'http', scheme: 'basic' });
    });

    test('operation ids are unique', () => {
      const ids = documentOperations(loadDocument()).map((o) => o.operationId);
      expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    });

    test('defines the component schemas the gateway relies on', () => {
      const schemas = loadDocument().components.schemas!;
      for (const name of [
        'KeyValue',
        'KeyValueArray',
        'ActionLimits',
        'ActionExec',
        'ActionPut',
        'Action',
        'ActionBrief',
        'Activation',
        'ActivationBrief',
        'ActivationId',
        'ActivationResult',
        'ActivationLogs',
        'Count',
        'ErrorMessage',
        'Info',
        'NamespaceLimits',
      ]) {
        expect(schemas).toHaveProperty(name);
      }
      expect(schemas.ErrorMessage.required).toEqual(expect.arrayContaining(['error', 'code']));
    });

    test('request body schemas accept properties they do not name (clients send extra fields)', () => {
      const schemas = loadDocument().components.schemas!;
      for (const name of ['ActionPut', 'ActionExec', 'ActionLimits', 'KeyValue']) {
        expect([name, schemas[name].additionalProperties]).toEqual([name, true]);
      }
    });

    test('path parameters are plain strings (the server checks names and answers OpenWhisk messages)', () => {
      const params = api.getOperations().flatMap((op) => (op.parameters ?? []) as any[]);
      const pathParams = params.filter((p) => p.in === 'path');
      expect(pathParams.length).toBeGreaterThan(0);
      for (const p of pathParams) {
        expect([p.name, p.schema]).toEqual([p.name, { type: 'string' }]);
      }
    });

    test('namespaced operations require basic auth; the others (info, api-docs, ping) are public', () => {
      for (const op of api.getOperations()) {
        const authed = ['/api/v1/namespaces', '/api/v1/admin', '/api/v1/web/whisk.system/apimgmt/'].some((p) => op.path.startsWith(p));
        const expected = authed ? [{ basic: [] }] : [];
        expect([op.operationId, op.security]).toEqual([op.operationId, expected]);
      }
      for (const id of PUBLIC_OPERATIONS) expect([id, api.getOperation(id)?.security]).toEqual([id, []]);
    });

    test('error statuses answer ErrorMessage', () => {
      const doc = loadDocument();
      const responses = doc.components.responses!;
      const resolve = (r: any) => (r.$ref ? responses[r.$ref.split('/').pop()] : r);
      let checked = 0;
      for (const { operationId, operation, path: p } of documentOperations(doc)) {
        if (p.startsWith('/api/v1/web/')) continue; // a web action answers what the action returns
        for (const [status, r] of Object.entries<any>(operation.responses)) {
          const code = Number(status);
          // a blocking invoke answers the activation record (or its result) with 500 and 502
          if (code < 400 || (/^invokeAction/.test(operationId) && (code === 500 || code === 502))) continue;
          const schema = resolve(r).content['application/json'].schema;
          expect([operationId, status, schema]).toEqual([operationId, status, { $ref: '#/components/schemas/ErrorMessage' }]);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(50);
    });
  });

  describe("guard: OpenWhisk's operations", () => {
    test(`every reference operation of ${COVERED_GROUPS.join(', ')} is defined with its method, path and operationId`, () => {
      const expected = referenceOperations().filter((op) => COVERED_GROUPS.includes(groupOf(op)));
      expect(expected.length).toBeGreaterThan(0);
      const defined = documentOperations(loadDocument()).map(({ method, path: p, operationId }) => ({ method, path: p, operationId }));
      const missing = expected
        .map(({ method, path: p, operationId }) => ({ method, path: p, operationId }))
        .filter((want) => !defined.some((d) => d.method === want.method && d.path === want.path && d.operationId === want.operationId));
      expect(missing).toEqual([]);
    });

    test('the vendored reference list is identical to shared/reference (when that folder is beside the repo)', () => {
      const shared = path.resolve(REPO_ROOT, '../shared/reference/openwhisk-operations.json');
      if (!existsSync(shared)) return;
      expect(JSON.parse(readFileSync(REFERENCE_FILE, 'utf8'))).toEqual(JSON.parse(readFileSync(shared, 'utf8')));
    });

    test('the covered groups are real groups of the reference list', () => {
      const groups = new Set(referenceOperations().map(groupOf));
      for (const g of COVERED_GROUPS) expect([g, groups.has(g)]).toEqual([g, true]);
    });

    test('the extensions are defined', () => {
      const defined = documentOperations(loadDocument()).map(({ method, path: p, operationId }) => ({ method, path: p, operationId }));
      for (const extra of EXTRA_OPERATIONS) expect(defined).toContainEqual(extra);
    });

    test('nothing else is defined (operations arrive with their issue)', () => {
      const allowed = [
        ...referenceOperations().filter((op) => COVERED_GROUPS.includes(groupOf(op))).map((op) => op.operationId),
        ...EXTRA_OPERATIONS.map((op) => op.operationId),
      ];
      const unexpected = documentOperations(loadDocument())
        .map((o) => o.operationId)
        .filter((id) => !allowed.includes(id));
      expect(unexpected).toEqual([]);
    });
  });

  /** Validates a request as the gateway would see it: `url` carries the query string. */
  function validate(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const req: OpenAPIRequest = {
      method,
      path: url,
      headers: {
        authorization: GUEST_AUTH,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body as any,
    };
    const operation = api.matchOperation(req);
    if (!operation) throw new Error(`no operation matches ${method} ${url}`);
    const result = api.validateRequest(req, operation);
    return { operationId: operation.operationId, valid: result.valid, errors: result.errors };
  }

  const expectValid = (r: ReturnType<typeof validate>, operationId: string) =>
    expect({ operationId: r.operationId, valid: r.valid, errors: r.errors }).toEqual({ operationId, valid: true, errors: null });
  const expectInvalid = (r: ReturnType<typeof validate>, operationId: string) => {
    expect(r.operationId).toBe(operationId);
    expect(r.valid).toBe(false);
    expect(r.errors?.length).toBeGreaterThan(0);
  };

  const NS = '/api/v1/namespaces/_';

  describe('clients.md requests pass', () => {
    test('wsk namespace list / property get', () => {
      expectValid(validate('GET', '/api/v1/namespaces'), 'getAllNamespaces');
      expectValid(validate('GET', '/api/v1', undefined, { authorization: '', 'user-agent': 'Go-http-client/1.1' }), 'getInfo');
    });

    test('wsk namespace get and action list (limit=0 means the maximum)', () => {
      expectValid(validate('GET', `${NS}/actions?limit=0&skip=0`), 'getAllActions');
      expectValid(validate('GET', `${NS}/actions?limit=30&skip=0`), 'getAllActions');
      expectValid(validate('GET', '/api/v1/namespaces/guest/actions?limit=200'), 'getAllActions'); // aio runtime
      expectValid(validate('GET', `${NS}/actions?count=true`), 'getAllActions'); // openwhisk npm client
      expectValid(validate('GET', `${NS}/actions`), 'getAllActions');
    });

    test('wsk action list PKG (trailing slash)', () => {
      expectValid(validate('GET', `${NS}/actions/pkg/?limit=30&skip=0`), 'getAllActionsInPackage');
    });

    test('wsk action create with the extra namespace and name fields', () => {
      const body = { namespace: '_', name: 'hello', exec: { kind: 'nodejs:default', code: 'function main(){return {}}' } };
      expectValid(validate('PUT', `${NS}/actions/hello?overwrite=false`, body), 'updateAction');
      // a zip goes as base64 in code, without binary
      const zip = { namespace: '_', name: 'z', exec: { kind: 'python:default', code: 'UEsDBBQAAAAIAA==' } };
      expectValid(validate('PUT', `${NS}/actions/z?overwrite=false`, zip), 'updateAction');
    });

    test('wsk action create --kind nodejs:20 --web true -m 256 -t 60000 -l 10 -a k v -p p1 v1', () => {
      const body = {
        namespace: '_',
        name: 'hello',
        exec: { kind: 'nodejs:20', code: 'function main(){return {}}' },
        annotations: [
          { key: 'k', value: 'v' },
          { key: 'web-export', value: true },
          { key: 'raw-http', value: false },
          { key: 'final', value: true },
        ],
        parameters: [{ key: 'p1', value: 'v1' }],
        limits: { timeout: 60000, memory: 256, logs: 10 },
      };
      expectValid(validate('PUT', `${NS}/actions/hello?overwrite=false`, body), 'updateAction');
    });

    test('wsk action create --sequence a,b and --docker img', () => {
      const seq = { namespace: '_', name: 's', exec: { kind: 'sequence', components: ['/_/a', '/_/b'] } };
      expectValid(validate('PUT', `${NS}/actions/s?overwrite=false`, seq), 'updateAction');
      const docker = { namespace: '_', name: 'd', exec: { kind: 'blackbox', image: 'img' } };
      expectValid(validate('PUT', `${NS}/actions/d?overwrite=false`, docker), 'updateAction');
    });

    test('wsk action create p/inpkg', () => {
      const body = { namespace: '_', name: 'p/inpkg', exec: { kind: 'nodejs:default', code: 'x' } };
      expectValid(validate('PUT', `${NS}/actions/p/inpkg?overwrite=false`, body), 'updateActionInPackage');
    });

    test('wsk action get / update (GET ?code=false, then PUT ?overwrite=true)', () => {
      expectValid(validate('GET', `${NS}/actions/hello?code=false`), 'getActionByName');
      expectValid(validate('GET', `${NS}/actions/p/inpkg?code=true`), 'getActionInPackageByName');
      const body = { namespace: '_', name: 'hello', exec: { kind: 'nodejs:default', code: 'x' } };
      expectValid(validate('PUT', `${NS}/actions/hello?overwrite=true`, body), 'updateAction');
    });

    test('wsk action invoke (-b, -r, parameters)', () => {
      expectValid(validate('POST', `${NS}/actions/hello?blocking=false&result=false`, {}), 'invokeAction');
      expectValid(validate('POST', `${NS}/actions/hello?blocking=true&result=false`, {}), 'invokeAction');
      expectValid(validate('POST', `${NS}/actions/hello?blocking=true&result=true`, { name: 'x', n: 1, deep: { a: [1] } }), 'invokeAction');
      expectValid(validate('POST', `${NS}/actions/p/inpkg?blocking=true&result=true`, {}), 'invokeActionInPackage');
    });

    test('openwhisk npm client, serverless and aio invokes (charset, no body, timeout)', () => {
      expectValid(
        validate('POST', `${NS}/actions/hello?blocking=true`, { a: 'b' }, { 'content-type': 'application/json; charset=utf-8' }),
        'invokeAction',
      );
      expectValid(validate('POST', `${NS}/actions/hello`), 'invokeAction');
      expectValid(validate('POST', `${NS}/actions/hello?blocking=true&timeout=5000`, '{"a":1}'), 'invokeAction');
      expectValid(validate('POST', `${NS}/actions/hello?blocking=true`, {}, { 'x-ow-extra-logging': 'on', 'x-namespace-id': 'guest' }), 'invokeAction');
    });

    test('serverless-openwhisk deploy: PUT ?overwrite=true with main and limits {timeout, memory, concurrency}', () => {
      const body = {
        exec: { main: 'handler', kind: 'nodejs:default', code: 'UEsDBBQAAAAIAA==' },
        limits: { timeout: 60000, memory: 256, concurrency: 1 },
        parameters: [{ key: 'p', value: { nested: true } }],
        annotations: [{ key: 'web-export', value: false }],
      };
      expectValid(validate('PUT', `${NS}/actions/svc_fn?overwrite=true`, body, { 'content-type': 'application/json; charset=utf-8' }), 'updateAction');
      // a main beside exec, and aio's name on every PUT: accepted and ignored
      expectValid(validate('PUT', `${NS}/actions/svc_fn`, { ...body, main: 'handler', name: 'svc_fn' }), 'updateAction');
    });

    test('parameters may carry init, and any JSON value', () => {
      const body = { exec: { kind: 'nodejs:20', code: 'x' }, parameters: [{ key: 'a', value: null, init: true }, { key: 'b', value: [1, 'x'] }] };
      expectValid(validate('PUT', `${NS}/actions/hello`, body), 'updateAction');
    });

    test('delete', () => {
      expectValid(validate('DELETE', `${NS}/actions/hello`), 'deleteAction');
      expectValid(validate('DELETE', `${NS}/actions/p/inpkg`), 'deleteActionInPackage');
    });

    test('activation list / get / logs / result', () => {
      expectValid(validate('GET', `${NS}/activations?limit=30&skip=0`), 'getActivations');
      expectValid(validate('GET', `${NS}/activations?limit=30&skip=0&name=hello&since=1700000000000`), 'getActivations');
      expectValid(validate('GET', `${NS}/activations?limit=100&docs=true`), 'getActivations'); // serverless logs
      expectValid(validate('GET', `${NS}/activations?name=p/inpkg&upto=1700000000000&count=true`), 'getActivations');
      const id = '0123456789abcdef0123456789abcdef';
      expectValid(validate('GET', `${NS}/activations/${id}`), 'getActivationById');
      expectValid(validate('GET', `${NS}/activations/${id}/logs`), 'getActivationLogs');
      expectValid(validate('GET', `${NS}/activations/${id}/result`), 'getActivationResult');
    });

    test('limits, api-docs, ping', () => {
      expectValid(validate('GET', `${NS}/limits`), 'getLimits');
      expectValid(validate('GET', '/api/v1/api-docs', undefined, { authorization: '' }), 'getApiDocs');
      expectValid(validate('GET', '/ping', undefined, { authorization: '' }), 'ping');
    });
  });

  describe('malformed requests fail', () => {
    test('list limit out of type or range', () => {
      expectInvalid(validate('GET', `${NS}/actions?limit=-1`), 'getAllActions');
      expectInvalid(validate('GET', `${NS}/actions?limit=abc`), 'getAllActions');
      expectInvalid(validate('GET', `${NS}/actions?limit=1.5`), 'getAllActions');
      expectInvalid(validate('GET', `${NS}/actions?skip=-3`), 'getAllActions');
      expectInvalid(validate('GET', `${NS}/activations?since=yesterday`), 'getActivations');
      expectInvalid(validate('GET', `${NS}/activations?limit=-1`), 'getActivations');
    });

    test('booleans must be true or false', () => {
      expectInvalid(validate('POST', `${NS}/actions/hello?blocking=maybe`, {}), 'invokeAction');
      expectInvalid(validate('GET', `${NS}/actions/hello?code=nope`), 'getActionByName');
      expectInvalid(validate('PUT', `${NS}/actions/hello?overwrite=yes`, { exec: { kind: 'nodejs:20', code: 'x' } }), 'updateAction');
    });

    test('query parameters the operation does not declare', () => {
      expectInvalid(validate('GET', `${NS}/actions/hello?limit=3`), 'getActionByName');
    });

    test('exec without kind', () => {
      expectInvalid(validate('PUT', `${NS}/actions/hello`, { exec: { code: 'x' } }), 'updateAction');
      expectInvalid(validate('PUT', `${NS}/actions/p/a`, { exec: { code: 'x' } }), 'updateActionInPackage');
    });

    test('exec fields of the wrong type', () => {
      expectInvalid(validate('PUT', `${NS}/actions/hello`, { exec: 'nodejs' }), 'updateAction');
      expectInvalid(validate('PUT', `${NS}/actions/hello`, { exec: { kind: 'nodejs:20', code: 42 } }), 'updateAction');
      expectInvalid(validate('PUT', `${NS}/actions/s`, { exec: { kind: 'sequence', components: '/_/a' } }), 'updateAction');
      expectInvalid(validate('PUT', `${NS}/actions/b`, { exec: { kind: 'nodejs:20', code: 'x', binary: 'yes' } }), 'updateAction');
    });

    test('parameters or annotations not an array', () => {
      expectInvalid(validate('PUT', `${NS}/actions/hello`, { exec: { kind: 'nodejs:20', code: 'x' }, parameters: { p1: 'v1' } }), 'updateAction');
      expectInvalid(validate('PUT', `${NS}/actions/hello`, { exec: { kind: 'nodejs:20', code: 'x' }, parameters: 'p1=v1' }), 'updateAction');
      expectInvalid(validate('PUT', `${NS}/actions/hello`, { exec: { kind: 'nodejs:20', code: 'x' }, annotations: { web: true } }), 'updateAction');
    });

    test('a KeyValue without key, or with a non-string key', () => {
      expectInvalid(validate('PUT', `${NS}/actions/hello`, { exec: { kind: 'nodejs:20', code: 'x' }, parameters: [{ value: 1 }] }), 'updateAction');
      expectInvalid(validate('PUT', `${NS}/actions/hello`, { exec: { kind: 'nodejs:20', code: 'x' }, annotations: [{ key: 1, value: 1 }] }), 'updateAction');
    });

    test('limits that are not integers', () => {
      const exec = { kind: 'nodejs:20', code: 'x' };
      expectInvalid(validate('PUT', `${NS}/actions/hello`, { exec, limits: { timeout: '60000' } }), 'updateAction');
      expectInvalid(validate('PUT', `${NS}/actions/hello`, { exec, limits: { memory: 256.5 } }), 'updateAction');
      expectInvalid(validate('PUT', `${NS}/actions/hello`, { exec, limits: 'big' }), 'updateAction');
    });

    test('limit values out of range are left to the server (types only)', () => {
      const exec = { kind: 'nodejs:20', code: 'x' };
      expectValid(validate('PUT', `${NS}/actions/hello`, { exec, limits: { timeout: 1, memory: 99999, logs: 0, concurrency: 500 } }), 'updateAction');
      expectValid(validate('GET', `${NS}/actions?limit=201`), 'getAllActions');
    });

    test('a PUT without a body, an invoke body that is not an object, malformed JSON', () => {
      expectInvalid(validate('PUT', `${NS}/actions/hello`, undefined, { 'content-type': 'application/json' }), 'updateAction');
      expectInvalid(validate('POST', `${NS}/actions/hello`, [1, 2]), 'invokeAction');
      expectInvalid(validate('POST', `${NS}/actions/hello`, '{"a":'), 'invokeAction');
    });
  });

  describe('routing (openapi-backend behaviour the gateway depends on)', () => {
    test('with ignoreTrailingSlashes: false, a trailing slash after a package lists its actions', () => {
      expect(api.matchOperation({ method: 'GET', path: `${NS}/actions/pkg/`, headers: {} })?.operationId).toBe('getAllActionsInPackage');
      expect(api.matchOperation({ method: 'GET', path: `${NS}/actions/pkg`, headers: {} })?.operationId).toBe('getActionByName');
      expect(api.matchOperation({ method: 'GET', path: `${NS}/actions/pkg/act`, headers: {} })?.operationId).toBe('getActionInPackageByName');
    });

    test("openapi-backend's default (ignoreTrailingSlashes: true) would route `actions/pkg/` to getActionByName", async () => {
      const lenient = await newBackend({ ignoreTrailingSlashes: true });
      const req = { method: 'GET', path: `${NS}/actions/pkg/?limit=30&skip=0`, headers: { authorization: GUEST_AUTH } };
      expect(lenient.matchOperation(req)?.operationId).toBe('getActionByName');
      expect(lenient.validateRequest(req).valid).toBe(false); // limit/skip are unknown to getActionByName
    });

    test('unknown routes and methods do not match', () => {
      expect(api.matchOperation({ method: 'GET', path: '/api/v1/nothing', headers: {} })).toBeUndefined();
      expect(() => api.router.matchOperation({ method: 'PATCH', path: `${NS}/actions/x`, headers: {} }, true)).toThrow(/405/);
      expect(() => api.router.matchOperation({ method: 'GET', path: '/api/v2', headers: {} }, true)).toThrow(/404/);
    });

    test('query booleans and integers arrive as strings and are coerced only with coerceTypes', async () => {
      const req = { method: 'POST', path: `${NS}/actions/hello?blocking=true&timeout=100`, headers: { authorization: GUEST_AUTH } };
      const plain = api.validateRequest(req);
      expect(plain.valid).toBe(true);
      expect(api.router.parseRequest(req, api.getOperation('invokeAction')).query).toEqual({ blocking: 'true', timeout: '100' });
      const coercing = new OpenAPIBackend({ definition: loadDocument() as any, strict: true, quick: false, coerceTypes: true, ignoreTrailingSlashes: false });
      await coercing.init();
      expect(coercing.validateRequest(req).coerced.query).toEqual({ blocking: true, timeout: 100 });
    });
  });

  describe('response schemas', () => {
    const id = '0123456789abcdef0123456789abcdef';
    const action = {
      namespace: 'guest',
      name: 'hello',
      version: '0.0.1',
      publish: false,
      exec: { kind: 'nodejs:20', code: 'function main(){}', binary: false },
      annotations: [
        { key: 'exec', value: 'nodejs' },
        { key: 'provide-api-key', value: false },
      ],
      parameters: [],
      limits: { timeout: 60000, memory: 256, logs: 10, concurrency: 1 },
      updated: 1700000000000,
    };
    const activation = {
      namespace: 'guest',
      name: 'hello',
      version: '0.0.1',
      subject: 'guest',
      activationId: id,
      start: 1700000000000,
      end: 1700000000005,
      duration: 5,
      statusCode: 0,
      response: { status: 'success', statusCode: 0, success: true, result: { ok: true }, size: 11 },
      logs: ['2024-01-01T00:00:00.000Z stdout: hi'],
      annotations: [
        { key: 'path', value: 'guest/hello' },
        { key: 'kind', value: 'nodejs:20' },
        { key: 'limits', value: { timeout: 60000, memory: 256, logs: 10, concurrency: 1 } },
        { key: 'waitTime', value: 3 },
      ],
      publish: false,
    };
    const error = { error: 'The requested resource does not exist.', code: 'abc123' };

    const ok = (res: unknown, operationId: string, status: number) =>
      expect([operationId, status, api.validateResponse(res, operationId, status).errors]).toEqual([operationId, status, null]);
    const bad = (res: unknown, operationId: string, status: number) =>
      expect(api.validateResponse(res, operationId, status).valid).toBe(false);

    test('actions', () => {
      ok(['guest'], 'getAllNamespaces', 200);
      ok(action, 'getActionByName', 200);
      const { code: _code, ...withoutCode } = action.exec;
      ok({ ...action, exec: withoutCode }, 'getActionByName', 200);
      ok({ ...action, exec: { kind: 'sequence', components: ['/guest/a', '/guest/b'] } }, 'updateAction', 200);
      ok(action, 'deleteActionInPackage', 200);
      ok([{ namespace: 'guest', name: 'hello', version: '0.0.1', publish: false, annotations: [], limits: action.limits, exec: { binary: false }, updated: 1 }], 'getAllActions', 200);
      ok({ actions: 3 }, 'getAllActionsInPackage', 200);
      bad({ ...action, exec: { code: 'x' } }, 'getActionByName', 200);
      bad({ name: 'hello' }, 'getActionByName', 200);
    });

    test('invoke', () => {
      ok({ activationId: id }, 'invokeAction', 202);
      ok(activation, 'invokeAction', 200);
      ok({ ok: true }, 'invokeAction', 200); // result=true
      ok({ ...activation, statusCode: 1, response: { status: 'application error', statusCode: 1, success: false, result: { error: 'x' } } }, 'invokeActionInPackage', 502);
      ok(error, 'invokeAction', 500);
      ok(error, 'invokeAction', 429);
      bad({ activationId: 'not-an-id' }, 'invokeAction', 202);
    });

    test('activations', () => {
      const { response: _r, logs: _l, ...brief } = activation;
      ok([brief], 'getActivations', 200);
      ok([activation], 'getActivations', 200);
      ok({ activations: 12 }, 'getActivations', 200);
      ok(activation, 'getActivationById', 200);
      ok({ logs: activation.logs }, 'getActivationLogs', 200);
      ok({ result: { ok: true }, status: 'success', success: true, size: 11 }, 'getActivationResult', 200);
      ok({ status: 'success', success: true }, 'getActivationResult', 200);
      bad({ ...activation, response: { ...activation.response, status: 'fine' } }, 'getActivationById', 200);
      bad({ logs: 'a\nb' }, 'getActivationLogs', 200);
    });

    test('errors need both error and code', () => {
      ok(error, 'getActionByName', 404);
      ok(error, 'updateAction', 409);
      ok(error, 'getAllNamespaces', 401);
      bad({ error: 'no code' }, 'getActionByName', 404);
    });

    test('info, limits and api-docs', () => {
      ok(
        {
          description: 'OpenWhisk-compatible API',
          api_version: '1.0.0',
          api_version_path: 'v1',
          build: '2024-01-01T00:00:00Z',
          buildno: '0.1.0',
          swagger_paths: { ui: '/docs', 'api-docs': '/api-docs' },
          limits: { actions_per_minute: 60, concurrent_actions: 30, max_action_memory: 536870912 },
          runtimes: { nodejs: [{ kind: 'nodejs:20', image: 'openwhisk/action-nodejs-v20:nightly', default: true, deprecated: false }] },
        },
        'getInfo',
        200,
      );
      bad({ description: 'x' }, 'getInfo', 200);
      ok({ invocationsPerMinute: 60, concurrentInvocations: 30, firesPerMinute: 60 }, 'getLimits', 200);
      ok(loadDocument(), 'getApiDocs', 200);
    });
  });
});
