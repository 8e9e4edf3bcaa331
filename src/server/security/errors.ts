import { GraphQLError, type GraphQLErrorExtensions } from 'graphql';

/** Codes in `errors[].extensions.code` for refused requests; clients can branch on them. */
export const SecurityErrorCode = {
  AliasLimit: 'ALIAS_LIMIT_EXCEEDED',
  CostLimit: 'COST_LIMIT_EXCEEDED',
  DepthLimit: 'DEPTH_LIMIT_EXCEEDED',
  DirectiveLimit: 'DIRECTIVE_LIMIT_EXCEEDED',
  OperationTimeout: 'OPERATION_TIMEOUT',
  PersistedDocumentNotFound: 'PERSISTED_QUERY_NOT_FOUND',
  PersistedDocumentRequired: 'PERSISTED_QUERY_ID_REQUIRED',
  PersistedOnly: 'PERSISTED_QUERY_ONLY',
  TokenLimit: 'TOKEN_LIMIT_EXCEEDED',
} as const;
export type SecurityErrorCode = (typeof SecurityErrorCode)[keyof typeof SecurityErrorCode];

/**
 * A client-facing refusal: Yoga answers with `status` (400 unless said otherwise) and the
 * message as is, since an original GraphQLError is never masked.
 */
export function refusal(
  message: string,
  code: string,
  status = 400,
  extensions: GraphQLErrorExtensions = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code, http: { status } } });
}

/** Gives an error made by a library our code and status (it was created for this request). */
export function tagError(error: GraphQLError, code: string, status = 400): GraphQLError {
  const extensions = error.extensions as Record<string, unknown>;
  extensions.code = code;
  extensions.http = { status };
  return error;
}
