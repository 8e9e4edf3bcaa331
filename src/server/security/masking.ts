import type { ExecutionResult, GraphQLError } from 'graphql';
import { maskError, type Plugin } from 'graphql-yoga';
import type { Logger } from '../../observability/logger.ts';
import { clientError } from '../../schema/errors.ts';
import { requestIdOf } from '../http/request-id.ts';

export const MASKED_MESSAGE = 'Unexpected error.';

function withRequestId(error: GraphQLError, requestId: string | undefined): GraphQLError {
  if (!requestId || error.extensions.requestId !== undefined) return error;
  (error.extensions as Record<string, unknown>).requestId = requestId;
  return error;
}

/**
 * Shows argument problems as they are (clientError) and masks unexpected execution errors itself, before Yoga's own masking sees them, because only
 * here is the request known: the original goes to the log with `reqId`, the client gets
 * "Unexpected error." with `extensions.requestId`, the same id as the `X-Request-Id` header.
 * Anything Yoga masks elsewhere (outside execution) still gets the id added to the response.
 */
export function useErrorMasking(logger: Logger): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result || !result.errors?.length) return;
          const request = (args.contextValue as { request?: Request }).request;
          const reqId = requestIdOf(request);
          const errors = result.errors.map((error) => {
            const shown = clientError(error);
            if (shown) return shown;
            const masked = maskError(error, MASKED_MESSAGE, false) as GraphQLError;
            if (masked === error) return error;
            logger.error({ err: error, reqId }, 'unexpected error, masked for the client');
            return withRequestId(masked, reqId);
          });
          setResult({ ...result, errors });
        },
      };
    },
    onResultProcess({ request, result }) {
      const reqId = requestIdOf(request);
      if (!reqId || Array.isArray(result) || Symbol.asyncIterator in result) return;
      for (const error of (result as ExecutionResult).errors ?? []) {
        if (error.extensions.unexpected) withRequestId(error as GraphQLError, reqId);
      }
    },
  };
}
