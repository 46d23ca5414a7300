/**
 * The conformance scenarios, in run order: actions, activations, packages, sequences, triggers and rules as
 * OpenWhisk documents them, exercised through the real `openwhisk` npm client. Each scenario creates its own uniquely named entities and removes them.
 * Add a feature as one file under scenarios/ and one line here.
 */
import type { Scenario } from './context.js';
import { actionScenarios } from './scenarios/actions.js';
import { activationScenarios } from './scenarios/activations.js';
import { catalogScenarios } from './scenarios/catalog.js';
import { errorScenarios } from './scenarios/errors.js';
import { invokeScenarios } from './scenarios/invoke.js';
import { packageScenarios } from './scenarios/packages.js';
import { runtimeScenarios } from './scenarios/runtimes.js';
import { sequenceScenarios } from './scenarios/sequences.js';
import { triggerRuleScenarios } from './scenarios/triggers-rules.js';

export type { Scenario, ScenarioContext, Skip } from './context.js';

export const scenarios: readonly Scenario[] = [
  ...actionScenarios,
  ...invokeScenarios,
  ...activationScenarios,
  ...errorScenarios,
  ...runtimeScenarios,
  ...packageScenarios,
  ...sequenceScenarios,
  ...triggerRuleScenarios,
  ...catalogScenarios,
];
