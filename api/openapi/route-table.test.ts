/**
 * RouteTable: precedence (exact paths, then more literal characters), 404 and 405 with the allowed methods, and
 * remembered matches that behave exactly like fresh ones (their own params object each time).
 */
import { RouteTable, type RoutedOperation } from './route-table.js';

const op = (operationId: string, method: string, path: string): RoutedOperation => ({ operationId, method, path });
const table = () => new RouteTable([
  op('getAction', 'get', '/ns/{namespace}/actions/{actionName}'),
  op('invokeAction', 'post', '/ns/{namespace}/actions/{actionName}'),
  op('invokeInPackage', 'post', '/ns/{namespace}/actions/{packageName}/{actionName}'),
  op('stream', 'get', '/ns/{namespace}/activations/stream'),
  op('getActivation', 'get', '/ns/{namespace}/activations/{activationId}'),
  op('list', 'get', '/ns'),
]);

describe('RouteTable', () => {
  it.each([
    ['POST', '/ns/_/actions/hello', 'invokeAction', { namespace: '_', actionName: 'hello' }],
    ['GET', '/ns/_/actions/hello', 'getAction', { namespace: '_', actionName: 'hello' }],
    ['POST', '/ns/_/actions/utils/echo', 'invokeInPackage', { namespace: '_', packageName: 'utils', actionName: 'echo' }],
    ['GET', '/ns/_/activations/stream', 'stream', { namespace: '_' }],
    ['GET', '/ns/_/activations/abc', 'getActivation', { namespace: '_', activationId: 'abc' }],
    ['GET', '/ns', 'list', {}],
  ])('%s %s → %s, the first time and when remembered', (method, path, operationId, params) => {
    const routes = table();
    for (let i = 0; i < 2; i++) {
      expect(routes.match(method, path)).toEqual({ kind: 'found', operation: expect.objectContaining({ operationId }), params });
    }
  });

  it('answers 405 with the allowed methods of the most specific path, and 404, every time', () => {
    const routes = table();
    for (let i = 0; i < 2; i++) {
      expect(routes.match('POST', '/ns/_/activations/stream')).toEqual({ kind: 'methodNotAllowed', allowed: ['GET'] });
      expect(routes.match('DELETE', '/ns/_/actions/hello')).toEqual({ kind: 'methodNotAllowed', allowed: ['GET', 'POST'] });
      expect(routes.match('GET', '/elsewhere')).toEqual({ kind: 'notFound' });
    }
  });

  it('hands out a new params object per match, so a caller changing it does not change the next match', () => {
    const routes = table();
    const first = routes.match('POST', '/ns/_/actions/hello');
    if (first.kind !== 'found') throw new Error('not found');
    first.params.actionName = 'changed';
    expect(routes.match('POST', '/ns/_/actions/hello')).toMatchObject({ params: { namespace: '_', actionName: 'hello' } });
  });

  it('matches long paths as well (they are just not remembered)', () => {
    const routes = table();
    const long = 'a'.repeat(300);
    for (let i = 0; i < 2; i++) {
      expect(routes.match('POST', `/ns/_/actions/${long}`)).toMatchObject({ kind: 'found', params: { actionName: long } });
    }
  });
});
