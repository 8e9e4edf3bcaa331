// The cursor codec: base64url JSON arrays, one kind per connection (articles by ordering,
// providers and topics by name). A cursor names a position by value, not by index.
import { QueryErrorCode, QueryInputError } from './input-error.ts';
import {
  type ArticleOrder,
  type ArticleOrderField,
  type ArticleRecord,
  SortDirection,
} from './records.ts';
import { compareStrings, orderValue } from './view.ts';

/** Cursors are short; anything longer is not ours and is refused before decoding. */
export const MAX_CURSOR_LENGTH = 1024;

/** Cursors are base64url JSON arrays; each connection checks the parts it expects. */
export function encodeCursor(parts: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string): unknown[] {
  return decodeCursorParts(
    cursor,
    () =>
      new QueryInputError(
        QueryErrorCode.InvalidCursor,
        'The cursor is not valid here; use a cursor from this connection.',
      ),
  );
}

/** The parts of a cursor, or the caller's error when it is too long, not base64url JSON or not an array. */
export function decodeCursorParts(cursor: string, invalid: () => Error): unknown[] {
  if (cursor.length > MAX_CURSOR_LENGTH) throw invalid();
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parts)) throw invalid();
  return parts;
}

const ARTICLE_CURSOR = 'a';
const PROVIDER_CURSOR = 'p';
const TOPIC_CURSOR = 't';

interface ArticlePosition {
  readonly value: number;
  readonly key: string;
}

export function encodeArticleCursor(article: ArticleRecord, order: ArticleOrder): string {
  return encodeCursor([
    ARTICLE_CURSOR,
    order.field,
    order.direction,
    orderValue(article, order.field),
    article.key,
  ]);
}

export function decodeArticleCursor(cursor: string, order: ArticleOrder): ArticlePosition {
  const parts = decodeCursor(cursor);
  const [kind, field, direction, value, key] = parts;
  if (
    parts.length !== 5 ||
    kind !== ARTICLE_CURSOR ||
    typeof field !== 'string' ||
    typeof direction !== 'string' ||
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    typeof key !== 'string'
  ) {
    throw new QueryInputError(
      QueryErrorCode.InvalidCursor,
      'The cursor is not an article cursor; use a cursor from an articles connection.',
    );
  }
  if (field !== order.field || direction !== order.direction) {
    throw new QueryInputError(
      QueryErrorCode.CursorOrderMismatch,
      `The cursor comes from the ordering ${field} ${direction}, but this request orders by ` +
        `${order.field} ${order.direction}; pass the same orderBy or drop the cursor.`,
    );
  }
  return { value, key };
}

/** Descending order of the view's lists; ascending is its exact reverse. */
export function compareWithPosition(field: ArticleOrderField, direction: SortDirection) {
  const sign = direction === SortDirection.Desc ? 1 : -1;
  return (article: ArticleRecord, position: ArticlePosition): number => {
    const diff = position.value - orderValue(article, field);
    if (diff !== 0) return sign * diff;
    return sign * compareStrings(article.key, position.key);
  };
}

function nameCursor(kind: string) {
  return {
    encode: (name: string) => encodeCursor([kind, name]),
    decode: (cursor: string): string => {
      const parts = decodeCursor(cursor);
      if (parts.length !== 2 || parts[0] !== kind || typeof parts[1] !== 'string') {
        throw new QueryInputError(
          QueryErrorCode.InvalidCursor,
          'The cursor does not belong to this connection.',
        );
      }
      return parts[1];
    },
  };
}

export const providerCursor = nameCursor(PROVIDER_CURSOR);
export const topicCursor = nameCursor(TOPIC_CURSOR);
