import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/http.ts';
import { startPerfServer } from './server.ts';

const LIMIT = 2_048;
const QUERY = JSON.stringify({ query: '{ articles(first: 1) { edges { node { key } } } }' });

let server: RunningServer;
beforeAll(async () => {
  server = await startPerfServer({ maxBodyBytes: LIMIT });
});
afterAll(() => server.close());

interface Sent {
  readonly status: number;
  readonly body: string;
}

/**
 * Sends `chunks` one by one. With `declaredLength` the request has that Content-Length (and may
 * send fewer bytes than it declares); without it the body is chunked.
 */
function send(chunks: readonly string[], declaredLength?: number): Promise<Sent> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(declaredLength === undefined ? {} : { 'content-length': declaredLength }),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    // The server may answer and close before the whole body is sent; that is the point.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    for (const chunk of chunks) req.write(chunk);
    if (declaredLength === undefined) req.end();
  });
}

describe('the request body limit', () => {
  it('refuses a declared Content-Length over the limit with 413 before the body arrives', async () => {
    const answer = await send(['{"query":'], 10 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('refuses a chunked body with 413 as soon as it passes the limit', async () => {
    const padding = 'x'.repeat(512);
    const chunks = [`{"query":"{ __typename }","extensions":{"pad":"`];
    for (let i = 0; i < 8; i++) chunks.push(padding);
    chunks.push('"}}');
    const answer = await send(chunks);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('serves a chunked body within the limit', async () => {
    const answer = await send([QUERY.slice(0, 20), QUERY.slice(20)]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).data.articles.edges).toHaveLength(1);
  });

  it('serves a body with a Content-Length within the limit', async () => {
    const answer = await send([QUERY], Buffer.byteLength(QUERY));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).data.articles.edges).toHaveLength(1);
  });
});
