import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding } from '../../src/server/graphiql.ts';
import type { RunningServer } from '../../src/server/http.ts';
import { startFixtureServer } from '../fixtures/server.ts';

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** A browser's GET for the page, over node:http so nothing decompresses behind our back. */
function getPage(url: string, acceptEncoding?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'text/html' };
    if (acceptEncoding !== undefined) headers['accept-encoding'] = acceptEncoding;
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

let server: RunningServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server?.close());

describe('the GraphiQL page over HTTP', () => {
  it('is compressed for a browser that asks, and the same page once decompressed', async () => {
    const plain = await getPage(server.url);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    const html = plain.body.toString('utf8');
    expect(html).toContain('<title>newsgraph</title>');

    const brotli = await getPage(server.url, 'gzip, deflate, br, zstd');
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toMatch(/Accept-Encoding/i);
    expect(Number(brotli.headers['content-length'])).toBe(brotli.body.byteLength);
    expect(brotli.body.byteLength).toBeLessThan(plain.body.byteLength / 3);
    expect(brotliDecompressSync(brotli.body).toString('utf8')).toBe(html);

    const gzip = await getPage(server.url, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.body.byteLength).toBeLessThan(plain.body.byteLength / 3);
    expect(gunzipSync(gzip.body).toString('utf8')).toBe(html);

    const refused = await getPage(server.url, 'br;q=0, identity');
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString('utf8')).toBe(html);
  });
});

describe('chooseEncoding', () => {
  it('prefers br, honours q=0 and *, and falls back to none', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0')).toBeUndefined();
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding(null)).toBeUndefined();
  });
});

describe('chooseEncoding for any Accept-Encoding header', () => {
  const entry = fc.record({
    name: fc.constantFrom('br', 'gzip', 'deflate', 'zstd', 'identity', '*', 'BR', 'Gzip'),
    q: fc.option(fc.constantFrom('0', '0.0', '0.1', '0.5', '1', '1.0'), { nil: undefined }),
  });
  it('picks br when acceptable, else gzip when acceptable, never one refused with q=0', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
        const header = entries.map((e) => (e.q ? `${e.name};q=${e.q}` : e.name)).join(', ');
        // The effective weight of an encoding: its own entry (the last one wins), else `*`.
        const weight = (name: string) => {
          const own = entries.filter((e) => e.name.toLowerCase() === name).at(-1);
          const any = entries.filter((e) => e.name === '*').at(-1);
          const chosen = own ?? any;
          return chosen ? Number(chosen.q ?? '1') : 0;
        };
        const expected = weight('br') > 0 ? 'br' : weight('gzip') > 0 ? 'gzip' : undefined;
        expect(chooseEncoding(header || null)).toBe(expected);
      }),
    );
  });
});
