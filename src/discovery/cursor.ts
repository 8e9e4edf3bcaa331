import { MAX_CURSOR_LENGTH } from '../corpus/query.ts';
import { DiscoveryErrorCode, DiscoveryInputError } from './errors.ts';

const SEARCH_CURSOR = 's';

/** A position in ranked results, by value: it stays usable when the corpus reloads. */
export interface RankPosition {
  readonly score: number;
  readonly key: string;
}

export function encodeSearchCursor(position: RankPosition): string {
  return Buffer.from(JSON.stringify([SEARCH_CURSOR, position.score, position.key])).toString(
    'base64url',
  );
}

export function decodeSearchCursor(cursor: string): RankPosition {
  const invalid = () =>
    new DiscoveryInputError(
      DiscoveryErrorCode.InvalidCursor,
      'The cursor is not a search cursor; use a cursor from a search connection.',
    );
  if (cursor.length > MAX_CURSOR_LENGTH) throw invalid();
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parts) || parts.length !== 3) throw invalid();
  const [kind, score, key] = parts;
  if (kind !== SEARCH_CURSOR || typeof score !== 'number' || !Number.isFinite(score)) {
    throw invalid();
  }
  if (typeof key !== 'string') throw invalid();
  return { score, key };
}
