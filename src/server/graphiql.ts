import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

/** Option sets kept rendered; Yoga passes the same one on every request. */
export const MAX_GRAPHIQL_PAGES = 4;

/**
 * GraphiQL with its scripts, styles and editor workers inlined, so the page works with no
 * internet (Yoga's default loads them from a CDN). A page is ~9 MB and ~0.1 s of CPU to build,
 * so each option set is rendered once.
 */
export function offlineGraphiQL(): (options?: GraphiQLOptions) => string {
  const pages = new Map<string, string>();
  return (options) => {
    const key = JSON.stringify(options ?? {});
    let page = pages.get(key);
    if (page === undefined) {
      if (pages.size >= MAX_GRAPHIQL_PAGES) pages.clear();
      page = renderGraphiQL(options);
      pages.set(key, page);
    }
    return page;
  };
}
