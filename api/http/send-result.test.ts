/** sendResult: one writeHead and one end per result, with the type and length of what is sent. */
import type { ServerResponse } from 'node:http';
import type { HandlerResult } from './handler-result.js';
import { sendResult } from './send-result.js';

function capture(result: HandlerResult): { status: number; headers: Record<string, unknown>; payload: unknown } {
  const sent = { status: 0, headers: {} as Record<string, unknown>, payload: undefined as unknown };
  const res = {
    writeHead(status: number, headers: Record<string, unknown>) { sent.status = status; sent.headers = headers; },
    end(payload: unknown) { sent.payload = payload; },
  } as unknown as ServerResponse;
  sendResult(res, result);
  return sent;
}

describe('sendResult', () => {
  it('serializes a body as JSON', () => {
    expect(capture({ status: 200, body: { hi: 'é' }, headers: { 'x-a': '1' } })).toEqual({
      status: 200, headers: { 'x-a': '1', 'content-type': 'application/json', 'content-length': 11 }, payload: '{"hi":"é"}',
    });
  });

  it('sends `json` as is, instead of serializing the body again', () => {
    const sent = capture({ status: 502, body: { not: 'this' }, json: '{"already":"serialized"}' });
    expect(sent).toEqual({ status: 502, headers: { 'content-type': 'application/json', 'content-length': 24 }, payload: '{"already":"serialized"}' });
  });

  it("sends text as plain text unless the result names its type, and leaves the result's headers alone", () => {
    expect(capture({ status: 200, text: 'OK' }).headers).toEqual({ 'content-type': 'text/plain; charset=UTF-8', 'content-length': 2 });
    const headers = { 'content-type': 'text/html' };
    expect(capture({ status: 200, text: Buffer.from('<p>'), headers }).headers).toEqual({ 'content-type': 'text/html', 'content-length': 3 });
    expect(headers).toEqual({ 'content-type': 'text/html' });
  });

  it('sends no body and no length for a result without one', () => {
    expect(capture({ status: 204 })).toEqual({ status: 204, headers: {}, payload: undefined });
  });
});
