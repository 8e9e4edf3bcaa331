import { decodeCursorParts, encodeCursor } from '../corpus/cursor.ts';
import { QueryErrorCode, QueryInputError } from '../corpus/input-error.ts';

const SEARCH_CURSOR = 's';

/** A position in ranked results, by value: it stays usable when the corpus reloads. */
export interface RankPosition {
  readonly score: number;
  readonly key: string;
}

export function encodeSearchCursor(position: RankPosition): string {
  return encodeCursor([SEARCH_CURSOR, position.score, position.key]);
}

export function decodeSearchCursor(cursor: string): RankPosition {
  const invalid = () =>
    new QueryInputError(
      QueryErrorCode.InvalidCursor,
      'The cursor is not a search cursor; use a cursor from a search connection.',
    );
  const parts = decodeCursorParts(cursor, invalid);
  if (parts.length !== 3) throw invalid();
  const [kind, score, key] = parts;
  if (kind !== SEARCH_CURSOR || typeof score !== 'number' || !Number.isFinite(score)) {
    throw invalid();
  }
  if (typeof key !== 'string') throw invalid();
  return { score, key };
}
