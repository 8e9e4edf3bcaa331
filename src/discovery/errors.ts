import { QueryInputError } from '../corpus/input-error.ts';

export const DiscoveryErrorCode = {
  InvalidCursor: 'INVALID_CURSOR',
  NegativePageSize: 'NEGATIVE_PAGE_SIZE',
  PageSizeTooLarge: 'PAGE_SIZE_TOO_LARGE',
  QueryTooLong: 'SEARCH_QUERY_TOO_LONG',
  TooManyTerms: 'SEARCH_TOO_MANY_TERMS',
  TooManyTypoTerms: 'SEARCH_TOO_MANY_TYPO_TERMS',
} as const;
export type DiscoveryErrorCode = (typeof DiscoveryErrorCode)[keyof typeof DiscoveryErrorCode];

/** A problem with a search, facet or coverage argument; safe to show to the client. */
export class DiscoveryInputError extends QueryInputError<DiscoveryErrorCode> {
  constructor(code: DiscoveryErrorCode, message: string) {
    super(code, message);
    this.name = 'DiscoveryInputError';
  }
}
