/**
 * How text becomes search terms. The index and the highlighter share these, so a highlighted
 * word is exactly a word the index matched.
 */

/**
 * A run of characters that are neither space, punctuation nor symbol: MiniSearch's default split
 * plus symbols, so markup-like text such as `<b>found</b>` yields the word `found`.
 */
const WORD = /[^\n\r\p{Z}\p{P}\p{S}]+/gu;
const COMBINING_MARKS = /\p{M}+/gu;

/** Lower case without diacritics, so "Café" and "cafe" are the same term. */
export function normaliseTerm(word: string): string {
  const lower = word.toLowerCase();
  // Plain ASCII (nearly every word) skips the Unicode decomposition.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  return /^[\x00-\x7f]*$/.test(lower) ? lower : lower.normalize('NFD').replace(COMBINING_MARKS, '');
}

export function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}

export interface WordSpan {
  /** UTF-16 offsets into the text, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly term: string;
}

export function wordSpans(text: string): WordSpan[] {
  const spans: WordSpan[] = [];
  for (const match of text.matchAll(WORD)) {
    spans.push({
      start: match.index,
      end: match.index + match[0].length,
      term: normaliseTerm(match[0]),
    });
  }
  return spans;
}
