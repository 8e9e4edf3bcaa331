import type { Plugin } from 'graphql-yoga';
import { refusal, SecurityErrorCode } from './errors.ts';

/**
 * Aborts an execution that runs longer than `timeoutMs` (or whose client went away), through the
 * AbortSignal that Yoga's executor checks between resolvers, and answers 503 with a clear error.
 * The abort reason is a GraphQLError rather than a DOMException because Yoga silently drops
 * abort errors, leaving the client without an explanation.
 */
export function operationTimeout(timeoutMs: number): Plugin {
  return {
    onExecute({ args }) {
      const controller = new AbortController();
      const timer = setTimeout(() => {
        controller.abort(
          refusal(
            `The operation took longer than ${timeoutMs} ms and was stopped; ask for less.`,
            SecurityErrorCode.OperationTimeout,
            503,
          ),
        );
      }, timeoutMs);
      timer.unref();
      // The client's going away is forwarded by a listener rather than AbortSignal.any, which
      // costs about 5% of the server's CPU per request in profiles (a native controller for
      // Yoga's lazy request signal, weak references, extra garbage).
      const clientSignal = (args.contextValue as { request?: Request }).request?.signal;
      const onClientAbort = () => controller.abort(clientSignal?.reason);
      if (clientSignal instanceof AbortSignal) {
        if (clientSignal.aborted) onClientAbort();
        else clientSignal.addEventListener('abort', onClientAbort, { once: true });
      }
      (args as { signal?: AbortSignal }).signal = controller.signal;
      return {
        onExecuteDone() {
          clearTimeout(timer);
          clientSignal?.removeEventListener('abort', onClientAbort);
        },
      };
    },
  };
}
