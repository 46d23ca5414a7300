/**
 * Runtimes beyond the default nodejs one. OpenWhisk advertises its kinds in `GET /api/v1` (`runtimes`, grouped by
 * family) and rejects a kind it does not know with 400; a deployment without python is not non-conformant, so the
 * scenario skips (loudly) when the endpoint does not offer python.
 */
import assert from 'node:assert/strict';
import type { Scenario, ScenarioContext, Skip } from '../context.js';
import { annotation, type ActivationRecord, type ClientError, withAction } from '../support.js';

const PYTHON = [
  'def main(args):',
  '    print("hello from python")',
  '    return {"greeting": "Hello, " + args.get("name", "stranger") + "!", "lang": "python"}',
  '',
].join('\n');

/** The runtime families the endpoint advertises, or undefined when its info document does not say. */
export async function advertisedFamilies(ctx: ScenarioContext): Promise<string[] | undefined> {
  try {
    const response = await fetch(`${ctx.baseUrl}/api/v1`, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) return undefined;
    const info = (await response.json()) as { runtimes?: Record<string, unknown> };
    return info.runtimes ? Object.keys(info.runtimes) : undefined;
  } catch {
    return undefined;
  }
}

async function runPython(ctx: ScenarioContext): Promise<void | Skip> {
  const families = await advertisedFamilies(ctx);
  if (families && !families.includes('python')) return { skipped: `the endpoint advertises no python runtime (has: ${families.join(', ')})` };
  try {
    return await withAction(ctx, { suffix: 'python', code: PYTHON, kind: 'python:default' }, async (name) => {
      let record: ActivationRecord;
      try {
        record = (await ctx.ow.actions.invoke({ name, blocking: true, params: { name: 'Guido' } })) as unknown as ActivationRecord;
      } catch (error) {
        const body = (error as ClientError).error as unknown as ActivationRecord | undefined;
        if ((error as ClientError).statusCode === 500 && body?.response?.status === 'whisk internal error') {
          return { skipped: `python actions cannot run here: ${JSON.stringify(body.response.result)}` };
        }
        throw error;
      }
      assert.deepEqual(record.response.result, { greeting: 'Hello, Guido!', lang: 'python' });
      assert.match(String(annotation(record, 'kind')), /^python:/);
      assert.ok(record.logs.some((line) => /\bstdout: hello from python$/.test(line)), `python stdout missing from ${JSON.stringify(record.logs)}`);
      return undefined;
    });
  } catch (error) {
    if ((error as ClientError).statusCode === 400 && !families) {
      return { skipped: `the endpoint rejects kind python:default: ${(error as ClientError).error?.error}` };
    }
    throw error;
  }
}

export const runtimeScenarios: Scenario[] = [
  { feature: 'runtimes', name: 'python:default action runs (skipped when the endpoint has no python)', run: runPython },
];
