import type { Plugin } from 'graphql-yoga';
import { INSTANCE_HEADER } from './config.ts';

/** Names the replica that answered, so operators (and tests) can tell them apart behind a proxy. */
export function useInstanceHeader(instanceId: string): Plugin {
  return {
    onResponse({ response }) {
      response.headers.set(INSTANCE_HEADER, instanceId);
    },
  };
}
