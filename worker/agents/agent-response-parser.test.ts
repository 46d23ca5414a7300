import { AgentResponseParseError, AgentResponseParser } from './agent-response-parser.js';

const CL_RESPONSE =
  'HTTP/1.1 200 OK\r\nX-Powered-By: Express\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 23\r\n' +
  'ETag: W/"14-x"\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n{"ok":true,"s":"ü€"}';
const CHUNKED_RESPONSE =
  'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n' +
  '7\r\n{"ok":t\r\nb;ext=1\r\nrue,"s":"ü\r\n5\r\n€"}\r\n0\r\nX-Trailer: 1\r\n\r\n';
const BODY = '{"ok":true,"s":"ü€"}';

interface Parsed {
  done: boolean;
  statusCode: number;
  text: string;
  keepAlive: boolean;
}

function feed(pieces: Buffer[], parser = new AgentResponseParser()): Parsed {
  let done = false;
  for (const piece of pieces) {
    expect(done).toBe(false);
    done = parser.execute(piece);
  }
  return { done, statusCode: parser.statusCode, text: parser.text(), keepAlive: parser.keepAlive };
}

/** The response cut in two at every byte boundary, and byte by byte. */
function splits(response: string): [string, Buffer[]][] {
  const bytes = Buffer.from(response, 'utf8');
  const cases: [string, Buffer[]][] = [['whole', [bytes]]];
  for (let at = 1; at < bytes.length; at++) cases.push([`split at ${at}`, [bytes.subarray(0, at), bytes.subarray(at)]]);
  cases.push(['byte by byte', Array.from(bytes, (b) => Buffer.from([b]))]);
  return cases;
}

describe('AgentResponseParser', () => {
  it.each(splits(CL_RESPONSE))('parses a Content-Length answer (%s)', (_name, pieces) => {
    expect(feed(pieces)).toEqual({ done: true, statusCode: 200, text: BODY, keepAlive: true });
  });

  it.each(splits(CHUNKED_RESPONSE))('parses a chunked answer with extensions and trailers (%s)', (_name, pieces) => {
    expect(feed(pieces)).toEqual({ done: true, statusCode: 200, text: BODY, keepAlive: true });
  });

  it('parses consecutive answers after reset, keeping nothing of the previous one', () => {
    const parser = new AgentResponseParser();
    expect(feed([Buffer.from(CHUNKED_RESPONSE)], parser).text).toBe(BODY);
    parser.reset();
    expect(feed([Buffer.from('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 3\r\n\r\nbad')], parser)).toEqual({
      done: true, statusCode: 502, text: 'bad', keepAlive: true,
    });
  });

  it.each([
    ['Connection: close', 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}', false],
    ['HTTP/1.0 without keep-alive', 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}', false],
    ['HTTP/1.0 with keep-alive', 'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\n{}', true],
    ['upper-case header names', 'HTTP/1.1 200 OK\r\nCONTENT-LENGTH: 2\r\nCONNECTION: CLOSE\r\n\r\n{}', false],
  ])('keep-alive from the answer: %s', (_name, response, keepAlive) => {
    expect(feed([Buffer.from(response)])).toEqual({ done: true, statusCode: 200, text: '{}', keepAlive });
  });

  it('reads a body without length or chunking until the connection ends', () => {
    const parser = new AgentResponseParser();
    expect(parser.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"a"'))).toBe(false);
    expect(parser.execute(Buffer.from(':1}'))).toBe(false);
    expect(parser.finish()).toBe(true);
    expect([parser.statusCode, parser.text(), parser.keepAlive]).toEqual([200, '{"a":1}', false]);
  });

  it('does not count a close in the middle of a framed body as its end', () => {
    const parser = new AgentResponseParser();
    expect(parser.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"par'))).toBe(false);
    expect(parser.finish()).toBe(false);
    expect(parser.started).toBe(true);
  });

  it.each([
    ['204', 'HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n', 204],
    ['304', 'HTTP/1.1 304 Not Modified\r\n\r\n', 304],
    ['Content-Length 0', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', 200],
    ['100 Continue first', 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', 200],
    ['no reason phrase', 'HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n', 200],
  ])('an answer without a body: %s', (_name, response, statusCode) => {
    expect(feed([Buffer.from(response)])).toEqual({ done: true, statusCode, text: '', keepAlive: true });
  });

  it.each([
    ['not HTTP', 'HELLO\r\n\r\n', 'HPE_INVALID_CONSTANT'],
    ['bad status', 'HTTP/1.1 2x0 OK\r\n\r\n', 'HPE_INVALID_STATUS'],
    ['header without colon', 'HTTP/1.1 200 OK\r\nContent-Length 2\r\n\r\n{}', 'HPE_INVALID_HEADER_TOKEN'],
    ['bad Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 2x\r\n\r\n{}', 'HPE_INVALID_CONTENT_LENGTH'],
    ['conflicting Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 'HPE_UNEXPECTED_CONTENT_LENGTH'],
    ['bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'HPE_INVALID_CHUNK_SIZE'],
    ['chunk longer than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n', 'HPE_STRICT'],
    ['bytes after the answer', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}HTTP', 'HPE_INVALID_CONSTANT'],
  ])('refuses a malformed answer: %s', (_name, response, code) => {
    const parser = new AgentResponseParser();
    expect(() => parser.execute(Buffer.from(response))).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a head that never ends', () => {
    const parser = new AgentResponseParser();
    parser.execute(Buffer.from('HTTP/1.1 200 OK\r\n'));
    expect(() => parser.execute(Buffer.alloc(70 * 1024, 'a'))).toThrow(AgentResponseParseError);
  });
});
