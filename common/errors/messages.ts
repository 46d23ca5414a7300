/**
 * Every user-facing message, in one place (OpenWhisk keeps these in `object Messages`).
 * Texts match OpenWhisk's so that clients and scripts that grep for them keep working.
 */
export const Messages = {
  authenticationInvalid: 'The supplied authentication is invalid.',
  notAuthorized: 'The supplied authentication is not authorized to access this resource.',
  /** Entitlement refused for named resources (`ns/[pkg/]name`, sorted, comma-separated). */
  notAuthorizedToAccess: (resources: readonly string[]) =>
    `The supplied authentication is not authorized to access '${[...new Set(resources)].sort().join(', ')}'.`,
  notAuthorizedToActionKind: (kind: string) => `The supplied authentication is not authorized to access actions of kind '${kind}'.`,
  resourceNotFound: 'The requested resource does not exist.',
  resourceExists: 'resource already exists',
  methodNotAllowed: (allowed: string[]) => `HTTP method not allowed, supported methods: ${allowed.join(', ')}`,
  routeNotFound: 'The requested resource does not exist.',
  requestEntityTooLarge: (sizeBytes: number, limitBytes: number) =>
    `Request larger than allowed: ${sizeBytes} > ${limitBytes} bytes.`,
  requestContentMalformed: (detail: string) => `The request content was malformed:\n${detail}`,
  internalError: 'The server encountered an internal error.',
  activationNotFound: 'The requested resource does not exist.',
  actionNotFound: 'The requested resource does not exist.',
  entityTooBig: (field: string, sizeBytes: number, limitBytes: number) =>
    `${field} larger than allowed: ${sizeBytes} > ${limitBytes} bytes.`,
  execMissing: 'exec undefined',
  codeMissing: 'exec malformed, no code found',
  imageMissing: 'exec malformed, no image found',
  // Limits (TimeLimit.scala, MemoryLimit.scala, LogLimit.scala, ConcurrencyLimit.scala), wrapped as OpenWhisk does:
  // "The request content was malformed:\nrequirement failed: <detail>".
  limitOutOfRange: (detail: string) => `The request content was malformed:\nrequirement failed: ${detail}`,
  timeoutOutOfRange: (ms: number, min: number, max: number) =>
    ms < min
      ? `duration ${ms} milliseconds below allowed threshold of ${min} milliseconds`
      : `duration ${ms} milliseconds exceeds allowed threshold of ${max} milliseconds`,
  memoryOutOfRange: (mb: number, min: number, max: number) =>
    mb < min ? `memory ${mb} MB below allowed threshold of ${min} MB` : `memory ${mb} MB exceeds allowed threshold of ${max} MB`,
  logsOutOfRange: (mb: number, min: number, max: number) =>
    mb < min ? `log size ${mb} MB below allowed threshold of ${min} MB` : `log size ${mb} MB exceeds allowed threshold of ${max} MB`,
  concurrencyOutOfRange: (n: number, min: number, max: number) =>
    n < min ? `concurrency ${n} below allowed threshold of ${min}` : `concurrency ${n} exceeds allowed threshold of ${max}`,
  listLimitOutOfRange: (collection: string, n: number, max: number) =>
    `The value '${n}' is not in the range of 0 to ${max} for ${collection}.`,
  listSkipOutOfRange: (collection: string, n: number) => `The value '${n}' is not greater than or equal to 0 for ${collection}.`,
  argumentNotInteger: (collection: string, value: string) => `The value '${value}' is not an integer for ${collection}.`,
  parametersNotAllowed: 'Request defines parameters that are not allowed (e.g., reserved properties).',
  parametersNotAnObject: 'The request content was malformed:\nparameters must be a JSON object.',
  invalidTimeout: (maxMs: number) => `Timeout must be number of milliseconds up to ${maxMs}.`,
  docsNotAllowedWithCount: "The parameter 'docs' is not permitted with 'count'.",
  badNameFilter: (value: string) => `Parameter may be a 'simple' name or 'package-name/simple' name: ${value}`,
  badEpoch: (value: string) => `Parameter is not a valid value for epoch seconds: ${value}`,
  activationIdIllegal: 'The activation id is not valid.',
  // The activation stream (an extension: GET …/activations/stream)
  lastEventIdIllegal: (value: string) => `The Last-Event-ID is not an event id of this stream: ${value}`,
  streamGap: (held: number) =>
    `Activations recorded after this event are no longer held (the stream keeps the last ${held}); ` +
    'list them with GET …/activations?since=… to fill the gap.',
  streamRestarted:
    'The stream was restarted since this event; list activations with GET …/activations?since=… to fill the gap.',
  entityNameIllegal: 'The name of the entity contains illegal characters.',
  // OpenWhisk's own spelling (EntityPath.scala), kept so clients matching on it keep working.
  entityNameTooLong: (length: number, max: number) => `Name segement longer than allowed: ${length} > ${max}.`,
  namespaceIllegal: 'The namespace contains illegal characters.',
  invalidRuntime: (kind: string, kinds: string[]) =>
    `The specified runtime '${kind}' is not supported by this platform. Valid values are: '${kinds.join("', '")}'.`,
  runtimeDeprecated: (kind: string) =>
    `The '${kind}' runtime is no longer supported. You may read and delete but not update or invoke this action.`,
  sequenceIsTooLong: 'Too many actions in the sequence.',
  sequenceNoComponent: 'No component specified for the sequence.',
  notAllowedOnBinding: 'Operation not permitted on package binding.',
  sequenceIsCyclic: 'Sequence may not refer to itself.',
  sequenceComponentNotFound: 'Sequence component does not exist.',
  sequenceComponentIllegal: (component: string) => `The sequence component '${component}' is not a fully qualified action name.`,
  // Packages and bindings (Packages.scala, Messages.scala)
  bindingDoesNotExist: 'Binding references a package that does not exist.',
  packageCannotBecomeBinding: 'Resource is a package and cannot be converted into a binding.',
  bindingCannotReferenceBinding: 'Cannot bind to another package binding.',
  packageNameIsReserved: (name: string) => `Package name '${name}' is reserved.`,
  packageNotEmpty: (n: number) =>
    `Package not empty (contains ${n} ${n === 1 ? 'entity' : 'entities'}). Set force param or delete package contents.`,
  conflictMessage: 'Concurrent modification to resource detected.',
  // Throttles (Messages.tooManyRequests / tooManyConcurrentRequests)
  tooManyRequests: (count: number, allowed: number) =>
    `Too many requests in the last minute (count: ${count}, allowed: ${allowed}).`,
  tooManyConcurrentRequests: (count: number, allowed: number) =>
    `Too many concurrent requests in flight (count: ${count}, allowed: ${allowed}).`,
  // Triggers and rules (Triggers.scala, Rules.scala, WhiskRule.scala)
  triggerWithInactiveRule: (rule: string, action: string) => `Rule '${rule}' is inactive, action '${action}' was not activated.`,
  ruleNeedsTriggerAndAction: 'rule requires a valid trigger and a valid action',
  triggerDoesNotExist: (fqn: string) => `trigger ${fqn} does not exist`,
  actionDoesNotExist: (fqn: string) => `action ${fqn} does not exist`,
  ruleStateUnknown: (status: string) => `'${status}' is not a recognized rule state, must be one of ['active', 'inactive']`,
  ruleTriggerMissing: 'Only rules with existing triggers can be activated',
  prewarmCountOutOfRange: (n: number, max: number) => `The prewarm count ${n} exceeds the allowed maximum of ${max}.`,

  // Activation results (ActivationResult.scala / ContainerProxy.scala)
  timedOut: (ms: number) => `The action exceeded its time limits of ${ms} milliseconds.`,
  timedOutDuringInit: (ms: number) => `The action exceeded its time limits of ${ms} milliseconds during initialization.`,
  memoryExhausted: 'The action exhausted its memory and was aborted.',
  abnormalInitialization: 'The action did not initialize and exited unexpectedly.',
  abnormalRun: 'The action did not produce a valid response and exited unexpectedly.',
  invalidRunResponse: (body: string) =>
    body ? `The action did not produce a valid JSON or JSON Array response: ${body}` : 'The action did not produce a valid JSON or JSON Array response.',
  imagePullError: (image: string) => `Failed to pull container image '${image}'.`,
  resultTooLarge: (size: number, limit: number, truncated: string) =>
    `The action produced a response that exceeded the allowed length: ${size} > ${limit} bytes. The truncated response was: ${truncated}`,
  initFailedGeneric: 'The action failed during initialization.',
  runFailedGeneric: 'The action failed to run.',
  sandboxUnavailable: (detail: string) => `Failed to start a container for the action: ${detail}`,
  workerUnavailable: 'No worker is available to run the action.',
  logsMissing: 'The action did not initialize or run as expected. Log data might be missing.',
  logsCollectionIssue: 'There was an issue while collecting your logs. Data might be missing.',
  logsTruncated: (limitBytes: number) =>
    `Logs were truncated because the total bytes size exceeds the limit of ${limitBytes} bytes.`,
  // Web actions (Messages.scala)
  contentTypeExtensionNotSupported: (extensions: readonly string[]) =>
    `Extension must be specified and one of [${extensions.map((e) => `.${e}`).join(', ')}].`,
  propertyNotFound: 'Response does not include requested property.',
  responseNotReady: 'Response not yet ready.',
  // A web action's require-whisk-auth refusal: OpenWhisk answers akka's default text for 401 there.
  webActionUnauthorized: 'Authentication is possible but has failed or not yet been provided.',
  errorProcessingRequest: 'There was an error processing your request.',
  invalidMedia: (mediaType: string) => `Response is not valid '${mediaType}'.`,
  httpUnknownContentType: 'Response did not specify a known content-type.',
  httpContentTypeError: 'Response type in header did not match generated content type.',
} as const;

/**
 * The API gateway's management operations (OpenWhisk's core/routemgmt createApi, getApi, deleteApi and
 * common/apigw-utils.js; the `wsk` CLI's commands/api.go), with their texts and spelling.
 */
export const ApiGwMessages = {
  apidocRequired: 'apidoc is required.',
  apidocUnparsable: 'apidoc field cannot be parsed. Ensure it is valid JSON.',
  apidocWrongType: (type: string) => `apidoc field is of type ${type} and should be a JSON object or a JSON string.`,
  apidocMissing: (field: string) => `apidoc is missing the ${field} field`,
  apidocMissingAction: 'apidoc is missing the action field.',
  actionMissing: (field: string) => `action is missing the ${field} field.`,
  swaggerAndBasePath: 'swagger and gatewayBasePath are mutually exclusive and cannot be specified together.',
  swaggerUnparsable: 'swagger field cannot be parsed. Ensure it is valid JSON.',
  swaggerWrongType: (type: string) => `swagger field is ${type} and should be an object or a JSON string.`,
  swaggerMissing: (field: string) => `swagger is missing the ${field} field.`,
  swaggerPathNotObject: (path: string) => `swagger path '${path}' must be an object of operations.`,
  swaggerOperationNotObject: (path: string, verb: string) => `swagger operation '${verb}' of path '${path}' must be an object.`,
  basepathRequired: 'basepath is required.',
  operationNeedsPath: 'When specifying an operation, the path is required.',
  invalidOutputFormat: 'Invalid outputFormat value. Valid values are: apigw, swagger',
  pathMustBeginWithSlash: (path: string) => `'${path}' must begin with '/'.`,
  swaggerBasePathSlash: 'Swagger file basePath must start with a leading slash (/)',
  invalidVerb: (verb: string, verbs: readonly string[]) => `'${verb}' is not a valid API verb.  Valid values are: ${verbs.join(' ')}`,
  // validateFinalSwagger, reported as "API creation failure: <reason>"
  creationFailure: (reason: string) => `API creation failure: ${reason}`,
  basePathHasParameters: (basePath: string) =>
    `The base path (${basePath}) cannot have parameters. Only the relative path supports path parameters.`,
  pathParametersNeedHttp: "The action must use a response type of '.http' in order to receive the path parameters.",
  pathParameterUndefined: (name: string, path: string) =>
    `The parameter '${name}' defined in path '${path}' does not match any of the parameters defined for the path in the swagger file.`,
  operationWithoutAction: (method: string, path: string) =>
    `The operation '${method} ${path}' does not map to an OpenWhisk web action (x-openwhisk).`,
  // The CLI's check before creating an API (commands/action.go isWebAction); OpenWhisk maps only web actions.
  notWebAction: (fqn: string) =>
    `Action '${fqn}' is not a web action. Issue 'wsk action update "${fqn}" --web true' to convert the action to a web action.`,
  // deleteApi, reported as "API deletion failure: <reason>"
  deletionFailure: (reason: string) => `API deletion failure: ${reason}`,
  apiDoesNotExist: (basePath: string) => `API '${basePath}' does not exist.`,
  pathDoesNotExist: (path: string) => `path '${path}' does not exist in the API`,
  operationDoesNotExist: (path: string, operation: string) => `path '${path}' with operation '${operation}' does not exist in the API`,
} as const;
