import { PothosValidationError } from '@pothos/core';
import type { FieldComplexityValue } from '@pothos/plugin-complexity';
import { type GraphQLField, getNamedType, isListType, isNonNullType } from 'graphql';
import { QueryErrorCode } from '../corpus/input-error.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../corpus/pagination.ts';
import { parseQuery, type QueryTerm } from '../discovery/search-index.ts';
import { ErrorCode } from './errors.ts';

/**
 * What an embedded list (an article's topics, images, related coverage) is priced as. Seed files
 * may hold up to 200 entries, but real articles carry a handful; the client cannot make these lists
 * longer, only nest them, and each level of nesting multiplies by this.
 */
export const LIST_SIZE_ESTIMATE = 5;
/** Longest list any argument (`nodes(ids:)`, filter lists) may carry. */
export const MAX_LIST_ARGUMENT_LENGTH = MAX_PAGE_SIZE;

/**
 * Federation's `_entities(representations:)`: a gateway's batch, as long as the page it resolves
 * entities for; priced by its length (like `nodes(ids:)`) but not capped by the list bound.
 */
const GATEWAY_BATCH_ARG = 'representations';

export const ComplexityErrorCode = {
  /** As the `nodes` resolver says it too. */
  ListArgumentTooLong: ErrorCode.BadUserInput,
  NegativePageSize: QueryErrorCode.NegativePageSize,
  PageSizeTooLarge: QueryErrorCode.PageSizeTooLarge,
} as const;

function refuse(message: string, code: string): never {
  throw new PothosValidationError(message, { extensions: { code } });
}

function isList(type: GraphQLField<unknown, never>['type']): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function checkListLengths(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    if (value.length > MAX_LIST_ARGUMENT_LENGTH) {
      refuse(
        `"${path}" has ${value.length} entries; at most ${MAX_LIST_ARGUMENT_LENGTH} per request.`,
        ComplexityErrorCode.ListArgumentTooLong,
      );
    }
    return;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value)) checkListLengths(inner, `${path}.${key}`);
  }
}

function pageSize(name: 'first' | 'last', value: unknown): number | undefined {
  if (typeof value !== 'number') return undefined;
  if (value < 0) refuse(`"${name}" must not be negative.`, ComplexityErrorCode.NegativePageSize);
  if (value > MAX_PAGE_SIZE) {
    refuse(
      `"${name}" is ${value}, above the maximum page size of ${MAX_PAGE_SIZE}; ` +
        'ask for fewer items and follow pageInfo cursors.',
      ComplexityErrorCode.PageSizeTooLarge,
    );
  }
  return value;
}

/**
 * The price of one field, computed from the operation before anything runs (see
 * src/server/security/operation-price.ts): 1 for the field itself, and its selections multiplied
 * by how many items it can return. A connection's multiplier is its page size (`first`/`last`,
 * default DEFAULT_PAGE_SIZE) and applies to its edges and nodes only, so the edges list under it
 * counts once and its totalCount, pageInfo and facets are not multiplied; `nodes(ids:)` and `_entities`
 * multiply by the number of IDs or representations; embedded lists by LIST_SIZE_ESTIMATE.
 * Out-of-range page sizes and overlong list arguments are refused here, before any resolver
 * runs.
 */
export function fieldComplexity(
  args: Record<string, unknown>,
  _ctx: object,
  field: GraphQLField<unknown, never>,
): FieldComplexityValue {
  if (field.args.length === 0) {
    if (!isList(field.type)) return 1;
    const edgeList = getNamedType(field.type).name.endsWith('Edge');
    return { field: 1, multiplier: edgeList ? 1 : LIST_SIZE_ESTIMATE };
  }
  for (const [name, value] of Object.entries(args)) {
    if (name !== GATEWAY_BATCH_ARG) checkListLengths(value, name);
  }
  const first = pageSize('first', args.first);
  const last = pageSize('last', args.last);
  if (field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) {
    const size =
      first !== undefined && last !== undefined
        ? Math.max(first, last)
        : (first ?? last ?? DEFAULT_PAGE_SIZE);
    return { field: 1, multiplier: size };
  }
  const counted = args.ids ?? args[GATEWAY_BATCH_ARG];
  if (Array.isArray(counted)) return { field: 1, multiplier: counted.length };
  return isList(field.type) ? { field: 1, multiplier: LIST_SIZE_ESTIMATE } : 1;
}

/**
 * What a search and a facet count cost on top of the fields they return. One cost unit should
 * buy about as much CPU time here as in the feed; `npm run bench:discovery` measures "cost per
 * CPU ms" of each (BENCHMARKS.md, Discovery) at 100,000 articles. A search runs its query over
 * the whole index, whatever the page size; facets pass over every match once per connection,
 * over a whole filtered view for an article connection and over the matches for a search.
 */
export const SEARCH_COST = 2_000;
export const ARTICLE_FACETS_COST = 4_000;
export const SEARCH_FACETS_COST = 2_000;

/**
 * What each word of a search query adds to SEARCH_COST, by its typo allowance (index 0, 1 or 2
 * edits, as QueryTerm.maxEdits), since that decides its work: a typo-tolerant word is compared
 * with the indexed words that could be within reach, then the postings of up to 64 words it
 * stands for are read. Measured over 20,000 generated articles with 240,000 distinct made-up
 * words (the bench:hostile corpus), scanning every word of a near length: about 0.05 ms of CPU
 * for an exact or prefix word, 1 ms with one typo, 2 ms with two, priced at about 700 cost units
 * per CPU ms as in the feed. The trigram filter has since cut a two-typo word to about 0.3 ms;
 * the prices stay at the full scan's, the cost of a word too short for the filter. So a query of
 * eight 9-letter words costs 2,000 + 8 × 1,400 = 13,200: one such search fits in an operation.
 */
export const SEARCH_TERM_COST: readonly number[] = [100, 700, 1_400];

/** SEARCH_COST and its words' costs; a query the resolver will refuse is priced as empty. */
export function searchCost(query: unknown): number {
  if (typeof query !== 'string') return SEARCH_COST;
  let terms: QueryTerm[];
  try {
    terms = parseQuery(query);
  } catch {
    return SEARCH_COST;
  }
  return terms.reduce(
    (sum, term) => sum + (SEARCH_TERM_COST[term.maxEdits] as number),
    SEARCH_COST,
  );
}

/** A search's price: searchCost of its query, plus its page like any connection. */
export const searchComplexity: typeof fieldComplexity = (args, ctx, field) => {
  const price = fieldComplexity(args, ctx, field);
  const cost = searchCost(args.query);
  return typeof price === 'number' ? cost : { ...price, field: cost };
};
