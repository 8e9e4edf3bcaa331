import { editDistance, type QueryTerm } from './search-index.ts';
import { type WordSpan, wordSpans } from './text.ts';

export const MARK_OPEN = '<mark>';
export const MARK_CLOSE = '</mark>';
export const ELLIPSIS = '…';
/** Longest excerpt snippet, in characters (before the ellipses). */
export const MAX_SNIPPET_LENGTH = 200;
/** Characters of context a snippet keeps before its first match. */
const SNIPPET_LEAD = 60;

/** UTF-16 offsets into `Highlight.text`, end exclusive. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/**
 * A field's text with the words the query matched marked twice over: as ranges into the plain
 * `text` (for clients that render themselves) and as `html`, the same text HTML-escaped with each
 * match wrapped in `<mark>`…`</mark>` (safe to insert as markup; nothing else is markup).
 */
export interface Highlight {
  readonly text: string;
  readonly html: string;
  readonly ranges: readonly TextRange[];
}

/** The index's matching rule for one normalised word against one query term. */
export function termMatches(word: string, query: QueryTerm): boolean {
  if (word === query.term) return true;
  if (query.prefix && word.startsWith(query.term)) return true;
  return query.maxEdits > 0 && editDistance(word, query.term, query.maxEdits) <= query.maxEdits;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);

/** The part of a long text worth showing: up to `max` characters around the first match. */
function window(
  text: string,
  spans: readonly WordSpan[],
  first: WordSpan | undefined,
  max: number,
) {
  if (text.length <= max) return { start: 0, end: text.length };
  const anchor = first ? Math.max(0, first.start - SNIPPET_LEAD) : 0;
  // Cut at word boundaries so no word is shown halved.
  const start = anchor === 0 ? 0 : (spans.find((s) => s.start >= anchor)?.start ?? anchor);
  let end = start;
  for (const span of spans) {
    if (span.start < start) continue;
    if (span.end - start > max) break;
    end = span.end;
  }
  if (end === start) end = Math.min(text.length, start + max);
  return { start, end };
}

/**
 * Marks the words of `text` that `terms` match. With `maxLength`, a longer text is cut to a
 * snippet around its first match, with an ellipsis where it was cut.
 */
export function highlight(
  text: string,
  terms: readonly QueryTerm[],
  maxLength = Number.POSITIVE_INFINITY,
): Highlight {
  const spans = wordSpans(text);
  const matched = spans.filter((span) => terms.some((q) => termMatches(span.term, q)));
  const { start, end } = window(text, spans, matched[0], maxLength);
  const lead = start > 0 ? ELLIPSIS : '';
  const tail = end < text.length ? ELLIPSIS : '';
  const ranges: TextRange[] = [];
  let html = escapeHtml(lead);
  let cursor = start;
  for (const span of matched) {
    if (span.start < start || span.end > end) continue;
    html += escapeHtml(text.slice(cursor, span.start));
    html += MARK_OPEN + escapeHtml(text.slice(span.start, span.end)) + MARK_CLOSE;
    ranges.push({ start: span.start - start + lead.length, end: span.end - start + lead.length });
    cursor = span.end;
  }
  html += escapeHtml(text.slice(cursor, end)) + tail;
  return { text: lead + text.slice(start, end) + tail, html, ranges };
}
