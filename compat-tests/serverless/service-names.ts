/**
 * The OpenWhisk names the fixture service produces, derived the way Serverless 3 and serverless-openwhisk derive
 * them: a function without `name` becomes the action `<service>-<stage>-<function>` (Serverless's
 * Service.setFunctionNames, stage `dev`); the trigger and rule are named in serverless.yml.
 */
export const STAGE = 'dev';

export interface ServiceNames {
  /** `service:` of serverless.yml; unique per run (the run's entity prefix). */
  service: string;
  hello: string;
  shout: string;
  pipeline: string;
  page: string;
  pyhello: string;
  trigger: string;
  rule: string;
  /** serverless-http.yml: its service, its one action and the API's base path. */
  apiService: string;
  api: string;
  basepath: string;
}

export function serviceNames(service: string): ServiceNames {
  const action = (svc: string, fn: string) => `${svc}-${STAGE}-${fn}`;
  const apiService = `${service}-api`;
  return {
    service,
    hello: action(service, 'hello'),
    shout: action(service, 'shout'),
    pipeline: action(service, 'pipeline'),
    page: action(service, 'page'),
    pyhello: action(service, 'pyhello'),
    trigger: `${service}-greet`,
    rule: `${service}-greet-hello`,
    apiService,
    api: action(apiService, 'api'),
    basepath: `/${service}`,
  };
}
