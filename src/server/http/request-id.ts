import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

export const REQUEST_ID_HEADER = 'x-request-id';
/** A caller's id is kept only if it is short and plain, so it is safe in logs and headers. */
export const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The listener's id if it set one, else a sane incoming header, else a fresh UUID. */
export function chooseRequestId(given: string | undefined, header: string | null): string {
  if (given) return given;
  return header !== null && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

const ids = new WeakMap<Request, string>();

/** The id of a request that went through `useRequestIds()`; undefined for any other. */
export function requestIdOf(request: Request | undefined): string | undefined {
  return request ? ids.get(request) : undefined;
}

/** Gives every request an id (see chooseRequestId) and answers it in `X-Request-Id`. */
export function useRequestIds(): Plugin<object, { requestId?: string }> {
  return {
    onRequest({ request, serverContext }) {
      ids.set(
        request,
        chooseRequestId(serverContext?.requestId, request.headers.get(REQUEST_ID_HEADER)),
      );
    },
    onResponse({ request, response }) {
      const id = ids.get(request);
      if (id && !response.headers.has(REQUEST_ID_HEADER))
        response.headers.set(REQUEST_ID_HEADER, id);
    },
  };
}
