/**
 * What a conformance scenario is and what it receives: the real `openwhisk` npm client pointed at the endpoint
 * under test, the raw connection settings, and a per-run name prefix so a run never touches entities it did not
 * create.
 */
import { randomBytes } from 'node:crypto';
import openwhisk from 'openwhisk';

/** OpenWhisk standalone's seeded `guest` key (docs: the default `wsk` auth of a standalone OpenWhisk). */
export const OPENWHISK_GUEST_KEY =
  '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';

export interface EndpointOptions {
  /** `http://host:port` or `https://host`; a bare `host[:port]` means https, as for `wsk` and the npm client. */
  apihost: string;
  /** `uuid:key`. */
  auth: string;
  /** Namespace used in paths; `_` means the key's default namespace. */
  namespace: string;
  /** Accept self-signed certificates (wsk `-i`). */
  ignoreCerts?: boolean;
}

export interface ScenarioContext extends EndpointOptions {
  ow: openwhisk.Client;
  /** Unique for this run, a valid entity name on its own (`owc-<time>-<random>`). */
  prefix: string;
  /** `prefix-suffix`: the name of an entity a scenario creates. */
  name(suffix: string): string;
  /** Another client for the same endpoint, e.g. with a different key. */
  client(overrides?: Partial<EndpointOptions>): openwhisk.Client;
  /** The endpoint's base URL with its scheme (`https://` added to a bare host), without `/api/v1`. */
  baseUrl: string;
}

/** A scenario passes by returning, fails by throwing, and may decline with a loud reason. */
export interface Skip {
  skipped: string;
}

export interface Scenario {
  /** Table row: the API area the scenario checks (`actions`, `invoke`, `activations`, `errors`, `runtimes`). */
  feature: string;
  name: string;
  /** Must clean up whatever it creates (try/finally), pass or fail. */
  run(ctx: ScenarioContext): Promise<void | Skip>;
}

const PROXY_VARS = ['PROXY', 'proxy', 'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy'];

export function baseUrlOf(apihost: string): string {
  const withScheme = /^https?:\/\//.test(apihost) ? apihost : `https://${apihost}`;
  return withScheme.replace(/\/+$/, '');
}

/**
 * The npm client honours HTTP(S)_PROXY but ignores NO_PROXY, so a proxy set for the outside world would swallow
 * requests to loopback. Clear the proxy variables in this process when the endpoint is loopback or NO_PROXY names it.
 */
export function bypassProxyFor(apihost: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const host = new URL(baseUrlOf(apihost)).hostname.replace(/^\[|\]$/g, '');
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim().replace(/^\*?\./, '')).filter(Boolean);
  const bypass = host === 'localhost' || host === '::1' || host.startsWith('127.') ||
    noProxy.some((entry) => entry === '*' || host === entry || host.endsWith(`.${entry}`));
  if (bypass) for (const key of PROXY_VARS) delete env[key];
  return bypass;
}

export function makeClient(options: EndpointOptions): openwhisk.Client {
  return openwhisk({
    apihost: options.apihost,
    api_key: options.auth,
    namespace: options.namespace,
    ignore_certs: options.ignoreCerts ?? false,
  });
}

export function createScenarioContext(options: EndpointOptions, prefix = uniquePrefix()): ScenarioContext {
  bypassProxyFor(options.apihost);
  return {
    ...options,
    ow: makeClient(options),
    prefix,
    name: (suffix) => `${prefix}-${suffix}`,
    client: (overrides = {}) => makeClient({ ...options, ...overrides }),
    baseUrl: baseUrlOf(options.apihost),
  };
}

export function uniquePrefix(): string {
  return `owc-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
