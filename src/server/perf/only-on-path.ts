import type { Plugin } from 'graphql-yoga';

/**
 * Runs an endpoint plugin's `onRequest` only for requests to its own path. Yoga's readiness
 * check, for one, tests every other request against a URLPattern, and on Node 20 that is a
 * slow polyfill: about 1.5% of the server's CPU on /graphql in profiles, for nothing.
 */
export function onlyOnPath<T extends Plugin>(path: string, plugin: T): T {
  const onRequest = plugin.onRequest;
  if (!onRequest) return plugin;
  return {
    ...plugin,
    onRequest: (payload) => (payload.url.pathname === path ? onRequest(payload) : undefined),
  };
}
