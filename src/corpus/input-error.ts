// Errors in a client's arguments: safe to show, each with a stable `extensions.code`.
export const QueryErrorCode = {
  CursorOrderMismatch: 'CURSOR_ORDER_MISMATCH',
  FirstAndLast: 'FIRST_AND_LAST',
  InvalidCursor: 'INVALID_CURSOR',
  NegativePageSize: 'NEGATIVE_PAGE_SIZE',
  PageSizeTooLarge: 'PAGE_SIZE_TOO_LARGE',
} as const;
export type QueryErrorCode = (typeof QueryErrorCode)[keyof typeof QueryErrorCode];

/**
 * A problem with the client's arguments; its message is safe to show to the client. Other
 * query layers (discovery) subclass it with their own codes, so the schema maps one class.
 */
export class QueryInputError<Code extends string = QueryErrorCode> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string) {
    super(message);
    this.name = 'QueryInputError';
    this.code = code;
  }
}
