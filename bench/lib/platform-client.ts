/** Small helpers the benchmarks use to set up actions on a running platform (plain fetch, guest key). */
import { GUEST_KEY } from '../../api/auth/seed-subjects.js';

export const AUTH_HEADER = `Basic ${Buffer.from(GUEST_KEY).toString('base64')}`;

export async function putAction(baseUrl: string, name: string, body: object): Promise<void> {
  const res = await fetch(`${baseUrl}/api/v1/namespaces/_/actions/${name}?overwrite=true`, {
    method: 'PUT',
    headers: { authorization: AUTH_HEADER, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`creating ${name} failed: ${res.status} ${await res.text()}`);
}

export function invokeUrl(baseUrl: string, name: string, query = 'blocking=true'): string {
  return `${baseUrl}/api/v1/namespaces/_/actions/${name}?${query}`;
}
