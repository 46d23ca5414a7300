/**
 * Every user-facing message, in one place (OpenWhisk keeps these in `object Messages`).
 * Texts match OpenWhisk's so that clients and scripts that grep for them keep working.
 */
export const Messages = {
  authenticationInvalid: 'The supplied authentication is invalid.',
  notAuthorized: 'The supplied authentication is not authorized to access this resource.',
  resourceNotFound: 'The requested resource does not exist.',
  resourceExists: 'resource already exists',
  methodNotAllowed: 'Method not allowed.',
  routeNotFound: 'The requested resource does not exist.',
  requestEntityTooLarge: (sizeBytes: number, limitBytes: number) =>
    `The request content was malformed:\nrequest entity too large (${sizeBytes} > ${limitBytes} bytes).`,
  requestContentMalformed: (detail: string) => `The request content was malformed:\n${detail}`,
  invalidEntityName: (name: string) => `The name '${name}' is not valid.`,
  invalidArgument: (detail: string) => detail,
  internalError: 'The server encountered an internal error.',
  activationNotFound: 'The requested resource does not exist.',
  actionNotFound: 'The requested resource does not exist.',
  entityTooBig: (what: string, sizeBytes: number, limitBytes: number) =>
    `${what} size (${sizeBytes} bytes) exceeds the allowed limit of ${limitBytes} bytes.`,
  unsupportedKind: (kind: string, known: string[]) => `The requested kind '${kind}' is not supported. Supported kinds: ${known.join(', ')}.`,
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
  listLimitOutOfRange: (n: number, max: number) => `The value '${n}' is not in the range of 0 to ${max}.`,
  finalParameterOverride: 'Request defines parameters that are not allowed (e.g., reserved properties).',
  parametersNotAnObject: 'The request content was malformed:\nparameters must be a JSON object.',
  blockingTimeoutOutOfRange: (ms: number, max: number) => `The timeout ${ms} is not in the range of 1 to ${max} milliseconds.`,

  // Activation results (ActivationResult.scala / ContainerProxy.scala)
  timedOut: (ms: number) => `The action exceeded its time limits of ${ms} milliseconds.`,
  timedOutDuringInit: (ms: number) => `The action exceeded its time limits of ${ms} milliseconds during initialization.`,
  memoryExhausted: 'The action exhausted its memory and was aborted.',
  abnormalInitialization: 'The action did not initialize and exited unexpectedly.',
  abnormalRun: 'The action did not produce a valid response and exited unexpectedly.',
  invalidRunResponse: (body: string) => `The action did not produce a valid JSON or JSON Array response: ${body}`,
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
} as const;
