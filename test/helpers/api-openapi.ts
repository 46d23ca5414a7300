/**
 * Checks API responses against openapi.yaml with openapi-backend's response validation (STYLE §7: API suites
 * validate what they receive). `expectSpecResponse(res, 'getActionByName')` fails with the validation errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenAPIBackend, type Document } from 'openapi-backend';
import { parse as parseYaml } from 'yaml';

const DOCUMENT_FILE = join(__dirname, '..', '..', 'openapi.yaml');

export interface SpecResponse {
  status: number;
  body: unknown;
}

export interface ResponseValidator {
  /** The validation errors of `res` for `operationId` (empty when it conforms). */
  errors(res: SpecResponse, operationId: string): unknown[];
  /** Fails the test unless `res` conforms to the response `operationId` declares for its status. */
  expectValid(res: SpecResponse, operationId: string): void;
}

export async function createResponseValidator(): Promise<ResponseValidator> {
  const definition = parseYaml(readFileSync(DOCUMENT_FILE, 'utf8')) as Document;
  const api = new OpenAPIBackend({ definition, quick: true });
  await api.init();
  const errors = (res: SpecResponse, operationId: string): unknown[] => {
    const declared = api.getOperation(operationId)?.responses?.[String(res.status)];
    if (!declared) return [`${operationId} declares no ${res.status} response`];
    return api.validateResponse(res.body, operationId, res.status).errors ?? [];
  };
  return {
    errors,
    expectValid(res, operationId) {
      expect({ operationId, status: res.status, errors: errors(res, operationId) }).toEqual({ operationId, status: res.status, errors: [] });
    },
  };
}
