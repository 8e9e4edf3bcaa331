import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/** Option sets kept rendered; Yoga passes the same one on every request. */
export const MAX_GRAPHIQL_PAGES = 4;

/** Encodings the page is served in, best first: br is ~21% of the page, gzip ~27%. */
export const GRAPHIQL_ENCODINGS = ['br', 'gzip'] as const;
export type GraphiQLEncoding = (typeof GRAPHIQL_ENCODINGS)[number];

const compressBrotli = promisify(brotliCompress);
const compressGzip = promisify(gzip);

/** Quality 5: 1.9 MB in ~0.7 s of one pool thread; 11 would save 10% more for 45 s. */
function encode(page: string, encoding: GraphiQLEncoding): Promise<Buffer> {
  if (encoding === 'gzip') return compressGzip(page, { level: 6 });
  return compressBrotli(page, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(page),
    },
  });
}

export interface GraphiQLPages {
  /** Yoga's `renderGraphiQL` option. */
  readonly render: (options?: GraphiQLOptions) => string;
  /** The page rendered last, compressed once per encoding (off the main thread). */
  encoded(encoding: GraphiQLEncoding): Promise<Buffer> | undefined;
}

/**
 * GraphiQL with its scripts, styles and editor workers inlined, so the page works with no
 * internet (Yoga's default loads them from a CDN). A page is ~9 MB and ~0.1 s of CPU to build,
 * so each option set is rendered once, and compressed once per encoding when first asked for.
 */
export function offlineGraphiQL(): GraphiQLPages {
  const pages = new Map<string, string>();
  const compressed = new Map<string, Promise<Buffer>>();
  let latest: string | undefined;
  return {
    render(options) {
      const key = JSON.stringify(options ?? {});
      let page = pages.get(key);
      if (page === undefined) {
        if (pages.size >= MAX_GRAPHIQL_PAGES) pages.clear();
        page = renderGraphiQL(options);
        pages.set(key, page);
      }
      if (latest !== page) compressed.clear();
      latest = page;
      return page;
    },
    encoded(encoding) {
      if (latest === undefined) return undefined;
      let body = compressed.get(encoding);
      if (body === undefined) {
        body = encode(latest, encoding);
        compressed.set(encoding, body);
      }
      return body;
    },
  };
}

/** The best encoding the client accepts (`q=0` refuses one), or undefined for none. */
export function chooseEncoding(acceptEncoding: string | null): GraphiQLEncoding | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name.trim(), q ? Number(q.slice(2)) : 1);
  }
  return GRAPHIQL_ENCODINGS.find((encoding) => {
    const q = accepted.get(encoding) ?? accepted.get('*') ?? 0;
    return q > 0;
  });
}

/**
 * Serves the GraphiQL page compressed to browsers that ask for it (9 MB -> ~1.9 MB with br),
 * with `Vary: Accept-Encoding` either way so caches keep the variants apart. Yoga answers
 * GraphiQL before any plugin's request hook, so this swaps the response on its way out.
 */
export function useCompressedGraphiQL(pages: GraphiQLPages, path: string): Plugin {
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (request.method !== 'GET' || new URL(request.url).pathname !== path) return;
      const type = response.headers.get('content-type') ?? '';
      if (response.status !== 200 || !type.startsWith('text/html')) return;
      response.headers.append('vary', 'Accept-Encoding');
      const encoding = chooseEncoding(request.headers.get('accept-encoding'));
      const body = encoding && pages.encoded(encoding);
      if (!encoding || !body) return;
      const bytes = await body;
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-encoding', encoding);
      headers.set('content-length', String(bytes.byteLength));
      setResponse(new fetchAPI.Response(new Uint8Array(bytes), { status: 200, headers }));
    },
  };
}
