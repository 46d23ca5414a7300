/**
 * The /whisk.system catalog this platform installs at start-up (seed-catalog.ts): OpenWhisk's public `utils` and
 * `samples` packages, their actions' source files (whisk.system/<package>/<action>.js, plain nodejs actions) and
 * the annotations OpenWhisk's catalog install sets (`description`, `parameters`, `sampleInput`, `sampleOutput`;
 * apache/openwhisk-catalog packages/installSystem.sh). Packages and actions are shared (`publish: true`), so every
 * namespace may read, invoke and bind them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json, KeyValue } from '../common/types/entities.js';

export const CATALOG_NAMESPACE = 'whisk.system';
/** Resolved through the runtime manifest when seeded, as `wsk action create` does for a `.js` file. */
export const CATALOG_KIND = 'nodejs:default';
const SOURCE_DIR = join(__dirname, CATALOG_NAMESPACE);

export interface CatalogAction {
  name: string;
  annotations: KeyValue[];
}

export interface CatalogPackage {
  name: string;
  annotations: KeyValue[];
  actions: CatalogAction[];
}

interface ParameterDoc {
  name: string;
  required?: boolean;
  type?: string;
  description?: string;
}

/** OpenWhisk's catalog annotations, in the order its install script sets them. */
function documented(description: string, doc: { parameters?: ParameterDoc[]; sampleInput?: Json; sampleOutput?: Json; sampleLogOutput?: string } = {}): KeyValue[] {
  const annotations: KeyValue[] = [{ key: 'description', value: description }];
  if (doc.parameters) annotations.push({ key: 'parameters', value: doc.parameters as unknown as Json });
  if (doc.sampleInput !== undefined) annotations.push({ key: 'sampleInput', value: doc.sampleInput });
  if (doc.sampleOutput !== undefined) annotations.push({ key: 'sampleOutput', value: doc.sampleOutput });
  if (doc.sampleLogOutput !== undefined) annotations.push({ key: 'sampleLogOutput', value: doc.sampleLogOutput });
  return annotations;
}

const LINES = (description: string): ParameterDoc => ({ name: 'lines', required: true, type: 'array', description });

export const CATALOG: readonly CatalogPackage[] = [
  {
    name: 'utils',
    annotations: documented('Building blocks that format and assemble data'),
    actions: [
      {
        name: 'echo',
        annotations: documented('Returns the input', {
          parameters: [{ name: 'payload', required: false, description: 'Any JSON entity' }],
          sampleInput: { payload: 'Five fuzzy felines' },
          sampleOutput: { payload: 'Five fuzzy felines' },
        }),
      },
      {
        name: 'cat',
        annotations: documented('Concatenates input into a string', {
          parameters: [LINES('An array of strings or numbers')],
          sampleInput: { lines: [4, 2, 3] },
          sampleOutput: { lines: [4, 2, 3], payload: '4\n2\n3' },
        }),
      },
      {
        name: 'smash',
        annotations: documented('Nests all properties under given property.', {
          parameters: [{ name: '$fieldName', required: true, type: 'string', description: 'Name of property to nest object under' }],
          sampleInput: { a: 1, b: { c: 2, d: 3 }, $fieldName: 'p' },
          sampleOutput: { p: { a: 1, b: { c: 2, d: 3 } } },
        }),
      },
      {
        name: 'split',
        annotations: documented('Split a string into an array', {
          parameters: [
            { name: 'payload', required: true, description: 'A string' },
            { name: 'separator', required: false, description: 'The text to split the string at (default: line breaks)' },
          ],
          sampleInput: { payload: 'one,two,three', separator: ',' },
          sampleOutput: { lines: ['one', 'two', 'three'], payload: 'one,two,three' },
        }),
      },
      {
        name: 'sort',
        annotations: documented('Sorts an array', {
          parameters: [LINES('An array of strings')],
          sampleInput: { lines: [4, 2, 3] },
          sampleOutput: { lines: [2, 3, 4], length: 3 },
        }),
      },
      {
        name: 'head',
        annotations: documented('Extract prefix of an array', {
          parameters: [LINES('An array of strings'), { name: 'num', required: false, type: 'integer', description: 'The length of the prefix' }],
          sampleInput: { lines: [4, 2, 3], num: 2 },
          sampleOutput: { lines: [4, 2], num: 2 },
        }),
      },
      {
        name: 'date',
        annotations: documented('Current date and time', { sampleOutput: { date: '2016-03-22T00:59:55.961Z' } }),
      },
      {
        name: 'namespace',
        annotations: documented('Returns namespace for the authorization key used to invoke this action', {
          sampleOutput: { namespace: 'guest' },
        }),
      },
      {
        name: 'hosturl',
        annotations: documented('Returns the URL to activate an action or trigger', {
          parameters: [
            { name: 'web', type: 'boolean', description: 'True for web actions' },
            { name: 'ext', type: 'string', description: 'Extension for web action, one of .html, .http, .json, .svg, .text' },
            { name: 'trigger', type: 'boolean', description: 'True to construct path for trigger instead of action.' },
            { name: 'path', type: 'string', description: 'The action name as just <action name> or <package name>/<action name>.' },
          ],
          sampleInput: { web: true, path: 'utils/echo' },
          sampleOutput: { url: 'http://127.0.0.1:3233/api/v1/web/guest/utils/echo' },
        }),
      },
    ],
  },
  {
    name: 'samples',
    annotations: documented('A suite of simple actions to help you get started with OpenWhisk'),
    actions: [
      {
        name: 'helloWorld',
        annotations: documented('Demonstrates logging facilities', {
          parameters: [{ name: 'payload', required: false, description: 'The string to be included in the log record' }],
          sampleInput: { payload: 'Cat' },
          sampleOutput: {},
          sampleLogOutput: '2016-03-22T01:02:26.387624916Z stdout: hello Cat!',
        }),
      },
      {
        name: 'greeting',
        annotations: documented('Returns a friendly greeting', {
          parameters: [
            { name: 'name', required: false },
            { name: 'place', required: false, description: 'The string to be included in the return value' },
          ],
          sampleInput: { payload: 'Cat', place: 'Narrowsburg' },
          sampleOutput: { payload: 'Hello, Cat from Narrowsburg!' },
        }),
      },
      {
        name: 'wordCount',
        annotations: documented('Count words in a string', {
          parameters: [{ name: 'payload', required: true, description: 'A string' }],
          sampleInput: { payload: 'Five fuzzy felines' },
          sampleOutput: { count: 3 },
          sampleLogOutput: "2016-03-22T01:10:07.361649586Z stdout: The message 'Five fuzzy felines' has 3 words",
        }),
      },
    ],
  },
];

/** The source of `pkg/action` as shipped in this repository. */
export function catalogSource(pkg: string, action: string): string {
  return readFileSync(join(SOURCE_DIR, pkg, `${action}.js`), 'utf8');
}
