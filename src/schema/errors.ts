import { GraphQLError } from 'graphql';
import { QueryInputError } from '../corpus/input-error.ts';

/** Codes in `errors[].extensions.code` that clients can branch on. */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  InvalidId: 'INVALID_ID',
} as const;

export function badInput(message: string, code: string = ErrorCode.BadUserInput): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/**
 * The one mapping from a resolver's argument problem (QueryInputError, thrown anywhere below the
 * schema) to what the client sees: its message and its code, at the field that failed.
 * Undefined for any other error, which the server masks. Applied to every execution result by
 * the server's error masking, so no resolver wraps its call.
 */
export function clientError(error: GraphQLError): GraphQLError | undefined {
  const original = error.originalError;
  if (!(original instanceof QueryInputError)) return undefined;
  return new GraphQLError(original.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, code: original.code },
  });
}
