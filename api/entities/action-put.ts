/**
 * Builds the stored action from a PUT body, as OpenWhisk's WhiskActionsApi does: on create, default limits, version
 * 0.0.1, the `provide-api-key: false` and `exec` annotations; on update, a field-by-field merge over the stored
 * action (limits per field, annotations merged by key, parameters replaced when given) and a patch-version bump.
 * Kinds resolve through the runtime manifest (`nodejs:default` → `nodejs:20`); zips sent without `binary` are
 * detected (base64 of `PK\x03\x04`). A sequence's exec is `{kind: 'sequence', components}` with the components
 * resolved by the caller.
 */
import { Messages } from '../../common/errors/messages.js';
import { BadRequestError } from '../../common/errors/whisk-errors.js';
import { BLACKBOX_KIND, SEQUENCE_KIND, type RuntimeManifest } from '../../common/runtimes/runtime-manifest.js';
import type { ActionLimits, CodeExec, Exec, KeyValue, WhiskAction } from '../../common/types/entities.js';
import { mergeKeyValues, withoutKeys } from './key-values.js';
import { defaultLimits, resolveLimits, type LimitsConfig } from './limits.js';

export interface ActionPutBody {
  exec?: { kind?: string; code?: string; image?: string; main?: string; binary?: boolean; components?: string[] };
  parameters?: KeyValue[];
  annotations?: KeyValue[];
  delAnnotations?: string[];
  limits?: Partial<ActionLimits>;
  publish?: boolean;
  version?: string;
}

export interface ActionPutContext {
  namespace: string;
  name: string;
  manifest: RuntimeManifest;
  limits: LimitsConfig;
  now: number;
  /** A sequence's components, already resolved and checked (api/sequences/sequence-components.ts). */
  components?: string[];
}

export function createAction(body: ActionPutBody, ctx: ActionPutContext): WhiskAction {
  if (!body.exec) throw new BadRequestError(Messages.requestContentMalformed(Messages.execMissing));
  const exec = resolveExec(body.exec, ctx);
  let annotations = body.annotations ?? [];
  if (!annotations.some((a) => a.key === 'provide-api-key')) {
    annotations = [...annotations, { key: 'provide-api-key', value: false }];
  }
  return {
    namespace: ctx.namespace,
    name: ctx.name,
    version: body.version ?? '0.0.1',
    publish: body.publish ?? false,
    exec,
    annotations: mergeKeyValues(annotations, [{ key: 'exec', value: exec.kind }]),
    parameters: exec.kind === SEQUENCE_KIND ? [] : body.parameters ?? [],
    limits: resolveLimits(body.limits, defaultLimits(ctx.limits), ctx.limits),
    updated: ctx.now,
  };
}

export function updateAction(existing: WhiskAction, body: ActionPutBody, ctx: ActionPutContext): WhiskAction {
  const exec = body.exec ? resolveExec(body.exec, ctx) : existing.exec;
  const kept = body.delAnnotations ? withoutKeys(existing.annotations, body.delAnnotations) : existing.annotations;
  const annotations = mergeKeyValues(mergeKeyValues(kept, body.annotations ?? []), [{ key: 'exec', value: exec.kind }]);
  return {
    namespace: existing.namespace,
    name: existing.name,
    version: body.version ?? bumpPatch(existing.version),
    publish: body.publish ?? existing.publish,
    exec,
    annotations,
    parameters: exec.kind === SEQUENCE_KIND ? existing.parameters : body.parameters ?? existing.parameters,
    limits: resolveLimits(body.limits, existing.limits, ctx.limits),
    updated: ctx.now,
  };
}

export function bumpPatch(version: string): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  return `${major}.${minor}.${patch + 1}`;
}

function resolveExec(exec: NonNullable<ActionPutBody['exec']>, ctx: ActionPutContext): Exec {
  const kind = exec.kind;
  if (!kind) throw new BadRequestError(Messages.requestContentMalformed(Messages.execMissing));
  if (kind === SEQUENCE_KIND) {
    if (!ctx.components) throw new BadRequestError(Messages.sequenceNoComponent);
    return { kind: SEQUENCE_KIND, components: ctx.components };
  }
  if (kind === BLACKBOX_KIND) {
    if (!exec.image) throw new BadRequestError(Messages.requestContentMalformed(Messages.imageMissing));
    const out: CodeExec = { kind, image: exec.image, binary: false };
    if (exec.code) Object.assign(out, codeFields(exec.code, exec.binary, ctx));
    if (exec.main) out.main = exec.main;
    return out;
  }
  const runtime = ctx.manifest.resolve(kind);
  if (!runtime) throw new BadRequestError(Messages.invalidRuntime(kind, ctx.manifest.knownKinds()));
  if (runtime.deprecated) throw new BadRequestError(Messages.runtimeDeprecated(runtime.kind));
  if (typeof exec.code !== 'string' || exec.code.length === 0) {
    throw new BadRequestError(Messages.requestContentMalformed(Messages.codeMissing));
  }
  const out: CodeExec = { kind: runtime.kind, ...codeFields(exec.code, exec.binary, ctx) };
  if (exec.main) out.main = exec.main;
  return out;
}

/** The code's size was checked with the whole body (entity-size.ts) before this runs. */
function codeFields(code: string, binary: boolean | undefined, _ctx: ActionPutContext): { code: string; binary: boolean } {
  return { code, binary: binary === true || looksLikeBase64Zip(code) };
}

/** `UEsDB` is base64 of the zip magic `PK\x03\x04`. */
export function looksLikeBase64Zip(code: string): boolean {
  return code.startsWith('UEsDB') && /^[A-Za-z0-9+/=\r\n]+$/.test(code.slice(0, 4096));
}
