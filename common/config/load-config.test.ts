import { loadConfig, ConfigError, fromEnv } from './load-config';

describe('loadConfig', () => {
  it('applies defaults and freezes the result', () => {
    const config = loadConfig({ env: {} });
    expect(config.port).toBe(3233);
    expect(config.limits.timeoutMs).toEqual({ min: 100, max: 300000, std: 60000 });
    expect(Object.isFrozen(config.limits)).toBe(true);
  });

  it('reads nested keys from OW_ env vars and coerces their types', () => {
    const config = loadConfig({ env: { OW_PORT: '4000', OW_WORKER__MEMORY_MB: '8192', OW_BACKEND: 'simulation' } });
    expect(config.port).toBe(4000);
    expect(config.worker.memoryMb).toBe(8192);
    expect(config.backend).toBe('simulation');
  });

  it('lets overrides win over env', () => {
    const config = loadConfig({ env: { OW_PORT: '4000' }, overrides: { port: 5000 } });
    expect(config.port).toBe(5000);
  });

  it.each([
    [{ OW_BACKEND: 'kubernetes' }, /backend: must be equal to one of the allowed values \(valid: auto, docker, process, simulation\)/],
    [{ OW_PORT: 'x' }, /port: must be integer/],
    [{ OW_NOPE: '1' }, /must NOT have additional properties 'nope'/],
  ])('fails fast naming the key for %j', (env, message) => {
    expect(() => loadConfig({ env })).toThrow(ConfigError);
    expect(() => loadConfig({ env })).toThrow(message);
  });

  it("ignores the serverless-openwhisk client's OW_ variables but still rejects a typo of ours", () => {
    const clientEnv = {
      OW_APIHOST: 'https://openwhisk.example.com',
      OW_AUTH: 'uuid:key',
      OW_NAMESPACE: 'guest',
      OW_APIGW_ACCESS_TOKEN: 'token',
    };
    const config = loadConfig({ env: { ...clientEnv, OW_PORT: '4000' } });
    expect(config.port).toBe(4000);
    expect(config.apiHost).toBe('');
    expect(fromEnv(clientEnv)).toEqual({});
    expect(() => loadConfig({ env: { ...clientEnv, OW_APIHOSTT: 'x' } })).toThrow(/must NOT have additional properties 'apihostt'/);
  });

  it('maps env names to camelCase paths', () => {
    expect(fromEnv({ OW_WORKER__IDLE_TTL_MS: '5', OTHER: 'x' })).toEqual({ worker: { idleTtlMs: '5' } });
  });
});
