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

/** Runs a corpus query, turning argument problems into client-visible GraphQL errors. */
export function withInputErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof QueryInputError) throw badInput(error.message, error.code);
    throw error;
  }
}

/** The same, for async calls. */
export async function withInputErrorsAsync<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof QueryInputError) throw badInput(error.message, error.code);
    throw error;
  }
}
