// Errors in a client's arguments: safe to show, each with a stable `extensions.code`.
/** Every code a query, search, facet or coverage argument can be refused with: one table. */
export const QueryErrorCode = {
  CursorOrderMismatch: 'CURSOR_ORDER_MISMATCH',
  FirstAndLast: 'FIRST_AND_LAST',
  InvalidCursor: 'INVALID_CURSOR',
  NegativePageSize: 'NEGATIVE_PAGE_SIZE',
  PageSizeTooLarge: 'PAGE_SIZE_TOO_LARGE',
  QueryTooLong: 'SEARCH_QUERY_TOO_LONG',
  TooManyTerms: 'SEARCH_TOO_MANY_TERMS',
  TooManyTypoTerms: 'SEARCH_TOO_MANY_TYPO_TERMS',
} as const;
export type QueryErrorCode = (typeof QueryErrorCode)[keyof typeof QueryErrorCode];

/**
 * A problem with the client's arguments; its message is safe to show to the client. The schema
 * maps it to a GraphQL error in one place (clientError in src/schema/errors.ts).
 */
export class QueryInputError extends Error {
  readonly code: QueryErrorCode;

  constructor(code: QueryErrorCode, message: string) {
    super(message);
    this.name = 'QueryInputError';
    this.code = code;
  }
}
