/**
 * The one config schema: every key with its default and a description; unknown keys are refused.
 * Sources, weakest first: defaults < --config file < env (OW_KEY, OW_WORKER__MEMORY_MB) < CLI flags.
 */
export const BACKENDS = ['auto', 'docker', 'process', 'simulation'] as const;
export const STORES = ['sqlite', 'memory'] as const;
export const QUEUE_POLICIES = ['fcfs', 'sjf', 'eedf', 'rare', 'none'] as const;
export const REGULATORS = ['fixed', 'aimd'] as const;
export const CONGESTION_SIGNALS = ['loadAverage', 'runningEwma'] as const;
export const EVICTION_POLICIES = ['lru', 'ttl', 'gdsf'] as const;

const limitRange = (description: string, min: number, max: number, def: number) => ({
  type: 'object',
  description,
  additionalProperties: false,
  default: {},
  properties: {
    min: { type: 'integer', minimum: 0, default: min, description: 'smallest value an action may declare' },
    max: { type: 'integer', minimum: 0, default: max, description: 'largest value an action may declare' },
    std: { type: 'integer', minimum: 0, default: def, description: 'value used when an action declares none' },
  },
});

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    host: { type: 'string', default: '127.0.0.1', description: 'address the gateway listens on' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 3233, description: 'gateway port (0 = any free port)' },
    apiHost: {
      type: 'string',
      default: '',
      description: 'URL actions use to call back the API (__OW_API_HOST); empty = http://host:port',
    },
    logLevel: {
      type: 'string',
      enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      default: 'info',
      description: 'pino log level; every request is logged at debug',
    },
    store: { type: 'string', enum: [...STORES], default: 'sqlite', description: 'entity and activation store' },
    dataDir: { type: 'string', default: './data', description: 'folder of the embedded SQLite store' },
    backend: {
      type: 'string',
      enum: [...BACKENDS],
      default: 'auto',
      description: 'container backend; auto = docker when a daemon answers, process otherwise',
    },
    runtimesFile: {
      type: 'string',
      default: '',
      description: "runtime manifest in OpenWhisk's runtimes.json shape; empty = the built-in manifest",
    },
    seedSubjects: { type: 'boolean', default: true, description: "seed OpenWhisk's guest and whisk.system subjects" },
    seedCatalog: {
      type: 'boolean',
      default: true,
      description: 'install the /whisk.system catalog (utils, samples) at start-up: missing entities created, never edits overwritten',
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: "action limits and request bounds (OpenWhisk's application.conf defaults)",
      properties: {
        timeoutMs: limitRange('action time limit, ms', 100, 300_000, 60_000),
        memoryMb: limitRange('action memory limit, MB', 128, 512, 256),
        logsMb: limitRange('action log limit, MB', 0, 10, 10),
        concurrency: limitRange('activations one container may run at once', 1, 1, 1),
        payloadMaxBytes: { type: 'integer', minimum: 1, default: 1_048_576, description: 'largest request body / result' },
        codeMaxBytes: { type: 'integer', minimum: 1, default: 50_331_648, description: 'largest action code (48 MB)' },
        parametersMaxBytes: {
          type: 'integer',
          minimum: 1,
          default: 1_048_576,
          description: "largest parameters, and largest annotations, of an entity create/update (OpenWhisk's Parameters.sizeLimit)",
        },
        entityBodyMaxBytes: {
          type: 'integer',
          minimum: 1,
          default: 52_428_800,
          description: "largest body of a create/update (PUT); invokes and fires are bounded by payloadMaxBytes (OpenWhisk's 50 MB max-content-length)",
        },
        blockingWaitMs: {
          type: 'integer',
          minimum: 1,
          default: 60_000,
          description: 'longest a blocking invoke waits before answering 202 with the activation id',
        },
        listMax: { type: 'integer', minimum: 1, default: 200, description: 'largest page a list may ask for' },
        listDefault: { type: 'integer', minimum: 1, default: 30, description: 'page size when a list names none' },
        prewarmMax: { type: 'integer', minimum: 1, default: 50, description: 'most containers one prewarm call may ask for' },
        invocationsPerMinute: {
          type: 'integer',
          minimum: 0,
          default: 60,
          description: 'action invocations one namespace may start in a sliding minute (429 beyond; 0 = unlimited)',
        },
        concurrentInvocations: {
          type: 'integer',
          minimum: 0,
          default: 30,
          description: 'action invocations of one namespace in flight at once (429 beyond; 0 = unlimited)',
        },
        firesPerMinute: {
          type: 'integer',
          minimum: 0,
          default: 60,
          description: 'trigger fires one namespace may make in a sliding minute (429 beyond; 0 = unlimited)',
        },
      },
    },
    activations: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'activation records: buffered in memory and written in batches off the invoke path',
      properties: {
        flushIntervalMs: { type: 'integer', minimum: 1, default: 50, description: 'longest a record waits in memory' },
        batchSize: { type: 'integer', minimum: 1, default: 500, description: 'records written per transaction' },
        stream: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description: 'live activation streaming (GET …/activations/stream, server-sent events)',
          properties: {
            ringSize: {
              type: 'integer',
              minimum: 1,
              default: 1000,
              description: 'latest records kept in memory for a Last-Event-ID resume (memory ≈ ringSize × record size)',
            },
            resumeWindowMs: {
              type: 'integer',
              minimum: 0,
              default: 60_000,
              description: 'the ring keeps filling this long after the last subscriber left, so that it can resume',
            },
            heartbeatMs: {
              type: 'integer',
              minimum: 1,
              default: 15_000,
              description: 'a comment line sent this often keeps idle streams open through proxies',
            },
            maxBufferedBytes: {
              type: 'integer',
              minimum: 0,
              default: 1_048_576,
              description: 'a client with more unsent bytes than this is dropped (it may resume with Last-Event-ID)',
            },
          },
        },
      },
    },
    worker: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'the worker (invoker): queue, regulator, warm pool, backend',
      properties: {
        id: { type: 'string', default: 'worker0', description: 'worker id, also put on container labels' },
        memoryMb: { type: 'integer', minimum: 128, default: 4096, description: 'memory budget for containers' },
        concurrencyLimit: {
          type: 'integer',
          minimum: 0,
          default: 0,
          description: 'invocations running at once (0 = 2 × cores, the paper’s sweet spot); the fixed regulator’s limit and AIMD’s default floor',
        },
        queuePolicy: {
          type: 'string',
          enum: [...QUEUE_POLICIES],
          default: 'fcfs',
          description:
            'queue order: fcfs (arrival), sjf (expected time E(f)), eedf (arrival + E(f); the paper’s default), ' +
            'rare (least frequent function first), none (no queue and no regulator: admit at once)',
        },
        regulator: {
          type: 'string',
          enum: [...REGULATORS],
          default: 'fixed',
          description: 'concurrency regulator: fixed (concurrencyLimit) or aimd (a limit that follows the congestion signal)',
        },
        aimd: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description: 'AIMD regulator (worker-design.md §5); its signal is also the one bypass checks',
          properties: {
            minLimit: { type: 'integer', minimum: 0, default: 0, description: 'floor and starting limit (0 = the fixed limit)' },
            maxLimit: { type: 'integer', minimum: 0, default: 0, description: 'ceiling (0 = 2 × minLimit)' },
            periodMs: { type: 'integer', minimum: 1, default: 1_000, description: 'how often the limit is adjusted' },
            maxLoad: {
              type: 'number',
              exclusiveMinimum: 0,
              default: 1,
              description: 'congestion threshold: above it the headroom over minLimit is halved, else the limit grows by 1',
            },
            signal: {
              type: 'string',
              enum: [...CONGESTION_SIGNALS],
              default: 'loadAverage',
              description:
                'congestion signal, per core: loadAverage (1-minute load average) or runningEwma (EWMA of running ' +
                'invocations + 0.5; for the simulation backend, which puts no load on the host)',
            },
          },
        },
        bypassMs: {
          type: 'number',
          minimum: 0,
          default: 0,
          description: 'known functions with a warm time under this skip queue and regulator when a warm container is idle (0 = off)',
        },
        bypassMaxLoad: {
          type: 'number',
          minimum: 0,
          default: 1,
          description: 'bypass only while the congestion signal (per core) is below this',
        },
        shutdownGraceMs: {
          type: 'integer',
          minimum: 0,
          default: 5_000,
          description: 'at shutdown, how long accepted activations may run on before their containers are removed (each still gets its record)',
        },
        dispatchSafetyMs: {
          type: 'integer',
          minimum: 1,
          default: 500,
          description: 'while work is queued, the dispatcher also retries this often (a missed wake-up, a memory wait)',
        },
        defaultColdStartMs: {
          type: 'number',
          minimum: 0,
          default: 500,
          description: 'expected cold-start cost (added to the warm time) of a function with no cold or init sample yet',
        },
        evictionPolicy: { type: 'string', enum: [...EVICTION_POLICIES], default: 'ttl', description: 'keep-alive policy' },
        idleTtlMs: { type: 'integer', minimum: 1, default: 600_000, description: 'idle time before a warm container goes' },
        evictionIntervalMs: { type: 'integer', minimum: 1, default: 500, description: 'background eviction period' },
        freeBufferMb: { type: 'integer', minimum: 0, default: 0, description: 'memory kept free by eviction' },
        reclaimBatchMb: {
          type: 'integer',
          minimum: 0,
          default: 0,
          description: 'extra memory a cold start that must evict frees beyond its need (amortizes eviction planning under sustained memory pressure)',
        },
        logCollectTimeoutMs: {
          type: 'integer',
          minimum: 1,
          default: 2_000,
          description: 'longest to wait for the log sentinels after a run',
        },
        characteristicsAlpha: {
          type: 'number',
          exclusiveMinimum: 0,
          maximum: 1,
          default: 0.2,
          description: 'EWMA weight of a new sample in per-function characteristics',
        },
        docker: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description: 'Docker backend: containers from the runtime images, reached on their bridge address',
          properties: {
            network: { type: 'string', default: 'bridge', description: 'Docker network the containers join' },
            pullTimeoutMs: { type: 'integer', minimum: 1, default: 120_000, description: 'bound on pulling a missing image' },
            startTimeoutMs: { type: 'integer', minimum: 1, default: 10_000, description: 'container start → agent answering' },
          },
        },
        simulation: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description: 'simulation backend: sleeps for expected times instead of running code',
          properties: {
            coldMs: { type: 'number', minimum: 0, default: 500, description: 'default creation + init time' },
            warmMs: { type: 'number', minimum: 0, default: 1, description: 'default execution time' },
            agentOverheadMs: { type: 'number', minimum: 0, default: 0, description: 'constant agent hop per run' },
            cores: {
              type: 'integer',
              minimum: 0,
              default: 0,
              description: 'cores of the simulated worker: the default limit (2 × cores) and the congestion signal’s divisor (0 = this host’s)',
            },
          },
        },
      },
    },
  },
} as const;
