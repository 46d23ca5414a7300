/**
 * The runtime manifest: which kinds exist, which is each family's default, and which image and agent protocol
 * runs each one. Read from OpenWhisk's runtimes.json shape (built-in copy beside this file, or config
 * `runtimesFile`). `family:default` resolves to the family's default kind, as OpenWhisk does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentProtocolName } from '../../worker/agents/agent-protocol.js';

export interface RuntimeKind {
  kind: string;
  family: string;
  image: string;
  protocol: AgentProtocolName;
  isDefault: boolean;
  deprecated: boolean;
}

interface ManifestImage { prefix?: string; name: string; tag?: string }
interface ManifestEntry { kind: string; default?: boolean; deprecated?: boolean; image: ManifestImage; protocol?: AgentProtocolName }
interface ManifestFile { runtimes: Record<string, ManifestEntry[]>; blackboxes?: ManifestImage[] }

export const BLACKBOX_KIND = 'blackbox';
export const SEQUENCE_KIND = 'sequence';

export class RuntimeManifest {
  private readonly kinds = new Map<string, RuntimeKind>();
  private readonly defaults = new Map<string, RuntimeKind>();

  constructor(file: ManifestFile) {
    for (const [family, entries] of Object.entries(file.runtimes)) {
      for (const entry of entries) {
        const runtime: RuntimeKind = {
          kind: entry.kind,
          family,
          image: imageName(entry.image),
          protocol: entry.protocol ?? 'openwhisk',
          isDefault: entry.default === true,
          deprecated: entry.deprecated === true,
        };
        this.kinds.set(entry.kind, runtime);
        if (runtime.isDefault) this.defaults.set(family, runtime);
      }
    }
  }

  static load(path = ''): RuntimeManifest {
    const file = path || join(__dirname, 'runtimes.json');
    return new RuntimeManifest(JSON.parse(readFileSync(file, 'utf8')) as ManifestFile);
  }

  /** Resolves `nodejs:default` to the default kind; undefined for an unknown kind. */
  resolve(kind: string): RuntimeKind | undefined {
    if (kind.endsWith(':default')) return this.defaults.get(kind.slice(0, -':default'.length));
    return this.kinds.get(kind);
  }

  /** Every kind a client may name, for error messages. */
  knownKinds(): string[] {
    return [...this.kinds.keys(), ...[...this.defaults.keys()].map((f) => `${f}:default`), BLACKBOX_KIND, SEQUENCE_KIND];
  }

  /** The `runtimes` section of the /api/v1 info document. */
  describe(): Record<string, { kind: string; default: boolean; image: string; deprecated: boolean }[]> {
    const out: Record<string, { kind: string; default: boolean; image: string; deprecated: boolean }[]> = {};
    for (const r of this.kinds.values()) {
      (out[r.family] ??= []).push({ kind: r.kind, default: r.isDefault, image: r.image, deprecated: r.deprecated });
    }
    return out;
  }
}

function imageName(image: ManifestImage): string {
  return `${image.prefix ? `${image.prefix}/` : ''}${image.name}${image.tag ? `:${image.tag}` : ''}`;
}
