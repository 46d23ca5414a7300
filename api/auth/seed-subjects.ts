/** OpenWhisk standalone's two built-in subjects (openwhisk-api.md), seeded at start-up when missing. */
import type { Subject } from '../../common/types/entities.js';
import type { SubjectStore } from '../../store/store.js';

export const GUEST_KEY = '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';
export const WHISK_SYSTEM_KEY =
  '789c46b1-71f6-4ed5-8c54-816aa4f8c502:abczO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';

export function subjectFromKey(name: string, authKey: string, namespaces = [name]): Subject {
  const [uuid, key] = authKey.split(':') as [string, string];
  return { subject: name, uuid, key, namespaces };
}

export const BUILT_IN_SUBJECTS: readonly Subject[] = [
  subjectFromKey('guest', GUEST_KEY),
  subjectFromKey('whisk.system', WHISK_SYSTEM_KEY),
];

export async function seedSubjects(store: SubjectStore, subjects: readonly Subject[] = BUILT_IN_SUBJECTS): Promise<void> {
  for (const subject of subjects) {
    if (!(await store.getSubjectByUuid(subject.uuid))) await store.putSubject(subject);
  }
}
