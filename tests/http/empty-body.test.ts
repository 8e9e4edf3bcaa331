import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/http.ts';
import { startFixtureServer } from '../fixtures/server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());

/** A POST with no body at all, framed as the client chooses; answers status and body. */
function emptyPost(url: string, framing: Record<string, string>): Promise<[number, string]> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...framing } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve([res.statusCode ?? 0, text]));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('no answer: the request hung')));
    req.on('error', reject);
    req.end();
  });
}

// Both used to hang until the client gave up: the body read before Yoga (for the response-cache
// fast path and the chunked size limit) was empty, which whatwg-node takes for "not read yet".
describe('a POST without a body', () => {
  it.each([
    ['no Content-Length and no Transfer-Encoding', {}],
    ['Content-Length: 0', { 'content-length': '0' }],
    ['an empty chunked body', { 'transfer-encoding': 'chunked' }],
  ])('is answered 400 at once: %s', async (_, framing) => {
    const [status, body] = await emptyPost(server.url, framing);
    expect(status).toBe(400);
    expect(JSON.parse(body).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
