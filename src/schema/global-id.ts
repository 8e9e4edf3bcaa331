import { GraphQLError } from 'graphql';
import { ErrorCode } from './errors.ts';

/** Types that implement Node; an ID naming anything else is refused before any lookup. */
export const NODE_TYPES: ReadonlySet<string> = new Set(['Article', 'Provider', 'Topic']);
export const MAX_GLOBAL_ID_LENGTH = 1024;

/** Relay's usual shape: base64 of `Type:localId`. */
export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${String(id)}`, 'utf8').toString('base64');
}

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const decoded =
    globalId.length <= MAX_GLOBAL_ID_LENGTH ? Buffer.from(globalId, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const typename = decoded.slice(0, colon);
  if (colon <= 0 || !NODE_TYPES.has(typename)) {
    throw new GraphQLError('The ID is not a valid newsgraph ID.', {
      extensions: { code: ErrorCode.InvalidId },
    });
  }
  return { typename, id: decoded.slice(colon + 1) };
}
