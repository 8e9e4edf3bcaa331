import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { QueryErrorCode, QueryInputError } from '../corpus/input-error.ts';
import type { ArticleRecord } from '../corpus/records.ts';
import type { CorpusView } from '../corpus/view.ts';
import { DEADLINE_CHECK_EVERY, type RequestBudget, UNLIMITED } from './budget.ts';
import { normaliseTerm, tokenize } from './text.ts';

/** Relevance weight of a match in each field: a title hit outranks a topic, provider or excerpt hit. */
export const FIELD_BOOSTS = { title: 3, topics: 2, provider: 1.5, excerpt: 1 } as const;
export type SearchField = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as SearchField[];

export const MAX_QUERY_LENGTH = 256;
export const MAX_QUERY_TERMS = 8;
/** Shorter terms only match whole words: a one- or two-letter prefix matches half the corpus. */
export const PREFIX_MIN_LENGTH = 3;
/** Terms this long tolerate one typo (an inserted, missing or wrong letter)... */
export const FUZZY_MIN_LENGTH = 4;
/** ...and terms this long two. */
export const FUZZY_TWO_EDITS_MIN_LENGTH = 9;
/** Articles indexed between two yields to the event loop, so a build never stalls serving. */
const BUILD_CHUNK = 1_000;

/** One word of the query and how loosely it may match an indexed word. */
export interface QueryTerm {
  readonly term: string;
  readonly prefix: boolean;
  readonly maxEdits: number;
}

/**
 * Every match of a query, unordered: ranking all of them would cost more than any page needs,
 * so a page picks its best few (score descending, then key ascending) in one pass.
 *
 * Views into the index's scratch space, valid only inside the `withMatches` callback that got
 * them. Copying tens of thousands of matches into fresh arrays per query measured as the search
 * p99: their off-heap buffers set off a full GC of the whole corpus heap every few hundred queries.
 */
export interface SearchMatches {
  readonly terms: readonly QueryTerm[];
  /** Positions in the index's `articles` (and its view's). */
  readonly ordinals: Int32Array;
  /** The relevance of each, same order. */
  readonly scores: Float64Array;
}

/** The words of a query, normalised and de-duplicated, with their matching rules. */
export function parseQuery(query: string): QueryTerm[] {
  if (query.length > MAX_QUERY_LENGTH) {
    throw new QueryInputError(
      QueryErrorCode.QueryTooLong,
      `The search query has ${query.length} characters; at most ${MAX_QUERY_LENGTH}.`,
    );
  }
  const terms = [...new Set(tokenize(query).map(normaliseTerm))].filter((t) => t.length > 0);
  if (terms.length > MAX_QUERY_TERMS) {
    throw new QueryInputError(
      QueryErrorCode.TooManyTerms,
      `The search query has ${terms.length} words; at most ${MAX_QUERY_TERMS}.`,
    );
  }
  return terms.map((term) => ({
    term,
    prefix: term.length >= PREFIX_MIN_LENGTH,
    maxEdits:
      term.length >= FUZZY_TWO_EDITS_MIN_LENGTH ? 2 : term.length >= FUZZY_MIN_LENGTH ? 1 : 0,
  }));
}

/** BM25+ parameters (those of Lucene/MiniSearch): term saturation, length norm, floor. */
const BM25_K1 = 1.2;
const BM25_B = 0.7;
const BM25_DELTA = 0.5;
/** How much a prefix or typo match counts against an exact one (MiniSearch's weights). */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** Indexed words one query word may stand for (closest first), so "rese" stays cheap. */
export const MAX_TERM_EXPANSIONS = 64;
/**
 * Typo-tolerant words (4+ letters) one request may search for across all its searches: two full
 * queries. Each costs a scan of the vocabulary's words of a near length, so an operation of many
 * aliased searches of long words is refused rather than run.
 */
export const MAX_TYPO_TERMS_PER_REQUEST = 16;

/**
 * The letters of a word as 32 bits (a–z their own bit, anything else hashed into the last six).
 * One edit changes at most two bits, so two words whose masks differ in more than 2 × max bits
 * are more than max edits apart: the typo scan skips them without computing a distance. On a
 * vocabulary of 240,000 made-up words that skips over 99% of a long word's candidates.
 */
export function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    const bit = code >= 97 && code <= 122 ? code - 97 : 26 + (code % 6);
    mask |= 1 << bit;
  }
  return mask;
}

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

/** Typo-tolerant words of a parsed query: what a search takes from its request's allowance. */
export const typoTermsOf = (terms: readonly QueryTerm[]): number =>
  terms.filter((t) => t.maxEdits > 0).length;

function fieldText(article: ArticleRecord, field: SearchField): string {
  switch (field) {
    case 'title':
      return article.title;
    case 'excerpt':
      return article.excerpt ?? '';
    case 'topics':
      return article.topics.join('\n');
    case 'provider':
      return article.provider.name;
  }
}

const wordsOf = (article: ArticleRecord, field: SearchField): string[] =>
  tokenize(fieldText(article, field)).map(normaliseTerm);

interface Expansion {
  readonly term: number;
  readonly weight: number;
}

/**
 * A query with the indexed words each of its words stands for, found ahead of matching (see
 * `SearchIndex.prepare`). Shorter than the query when a word stood for nothing: then nothing
 * matches, and the later words were never scanned.
 */
export interface PreparedQuery {
  readonly terms: readonly QueryTerm[];
  readonly expansions: readonly (readonly Expansion[])[];
}

/**
 * A ranked full-text index over one audience's articles: title, excerpt, topic names and provider
 * name. Every word of the query must match (AND); a word matches exactly, as a prefix, or within
 * its typo allowance, exact matches weighing most (see `termMatches`, which the highlighter shares).
 *
 * Hand-written rather than MiniSearch or FlexSearch, by measurement (BENCHMARKS.md, Discovery):
 * MiniSearch scores with per-posting Map lookups and result objects, far over the latency goal at
 * 100,000 articles, and its index outweighed the goal's half of the corpus heap; FlexSearch has
 * neither relevance scores nor edit-distance typos. Here each word's postings are two typed arrays
 * (article, precomputed BM25+ weight summed over the boosted fields), so a query is array sums.
 */
export class SearchIndex {
  readonly articles: readonly ArticleRecord[];
  /** Every indexed word, sorted, for prefix ranges; its position is the word's id. */
  readonly #terms: readonly string[];
  readonly #termIds: ReadonlyMap<string, number>;
  /** Word ids by word length, for the typo scan. */
  readonly #byLength: readonly Int32Array[];
  /** letterMask of each word, by id. */
  readonly #masks: Int32Array;
  /** Which words hold which trigram, for the typo scan of longer words. */
  readonly #grams: TrigramIndex;
  /** Postings of word t: #docs / #weights [#start[t], #start[t + 1]), articles ascending. */
  readonly #start: Int32Array;
  readonly #docs: Int32Array;
  readonly #weights: Float32Array;
  /** Scratch space for one query at a time (queries run synchronously). */
  readonly #score: Float64Array;
  readonly #best: Float64Array;
  /** Words of the query an article has matched so far (at most MAX_QUERY_TERMS). */
  readonly #matched: Uint8Array;
  /** Articles matching every word so far, and those matching the current word too. */
  readonly #candidates: Int32Array;
  readonly #hits: Int32Array;
  readonly #scores: Float64Array;

  private constructor(articles: readonly ArticleRecord[], build: Built) {
    this.articles = articles;
    this.#terms = build.terms;
    this.#termIds = new Map(build.terms.map((t, i) => [t, i]));
    const lengths: number[][] = [];
    build.terms.forEach((term, id) => {
      const list = lengths[term.length];
      if (list) list.push(id);
      else lengths[term.length] = [id];
    });
    this.#byLength = Array.from(lengths, (ids) => Int32Array.from(ids ?? []));
    this.#masks = Int32Array.from(build.terms, letterMask);
    this.#grams = new TrigramIndex(build.terms);
    this.#start = build.start;
    this.#docs = build.docs;
    this.#weights = build.weights;
    this.#score = new Float64Array(articles.length);
    this.#best = new Float64Array(articles.length);
    this.#matched = new Uint8Array(articles.length);
    this.#candidates = new Int32Array(articles.length);
    this.#hits = new Int32Array(articles.length);
    this.#scores = new Float64Array(articles.length);
  }

  static async build(articles: readonly ArticleRecord[]): Promise<SearchIndex> {
    return new SearchIndex(articles, await buildPostings(articles));
  }

  /**
   * Calls `read` with every article matching the query and returns what it returns. `read` must
   * be synchronous and keep nothing of the matches: the next query reuses their memory. The
   * budget's deadline is checked as the query runs; past it, the timeout error is thrown.
   */
  withMatches<T>(
    query: readonly QueryTerm[] | PreparedQuery,
    read: (matches: SearchMatches) => T,
    budget: RequestBudget = UNLIMITED,
  ): T {
    return read(this.#run(query, budget));
  }

  /**
   * Finds the indexed words each query word stands for: the typo scan, the costly part of a
   * search over a large vocabulary. Word by word, letting other requests have a turn between
   * two words when the budget says this request has run long enough: unlike matching, the scan
   * touches no shared scratch space, so it can pause.
   */
  async prepare(terms: readonly QueryTerm[], budget: RequestBudget): Promise<PreparedQuery> {
    const expansions: Expansion[][] = [];
    for (const term of terms) {
      await budget.yieldIfDue();
      budget.checkDeadline();
      const found = this.#expand(term, budget);
      expansions.push(found);
      // Every word must match: one that stands for nothing leaves nothing to match.
      if (found.length === 0) break;
    }
    return { terms, expansions };
  }

  /** The indexed words a query word stands for, with how much each counts. */
  #expand(query: QueryTerm, budget: RequestBudget): Expansion[] {
    const out: Expansion[] = [];
    const exact = this.#termIds.get(query.term);
    if (exact !== undefined) out.push({ term: exact, weight: 1 });
    const seen = new Set<number>(exact === undefined ? [] : [exact]);
    const candidates: { term: number; distance: number; weight: number }[] = [];
    if (query.prefix) {
      let low = 0;
      let high = this.#terms.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if ((this.#terms[mid] as string) < query.term) low = mid + 1;
        else high = mid;
      }
      for (let id = low; id < this.#terms.length; id++) {
        if ((id - low) % DEADLINE_CHECK_EVERY === DEADLINE_CHECK_EVERY - 1) budget.checkDeadline();
        const term = this.#terms[id] as string;
        if (!term.startsWith(query.term)) break;
        if (seen.has(id)) continue;
        seen.add(id);
        const distance = term.length - query.term.length;
        const weight = (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance);
        candidates.push({ term: id, distance, weight });
      }
    }
    if (query.maxEdits > 0) {
      const length = query.term.length;
      const consider = (id: number) => {
        if (seen.has(id)) return;
        const term = this.#terms[id] as string;
        const distance = editDistance(term, query.term, query.maxEdits);
        if (distance > query.maxEdits) return;
        seen.add(id);
        const weight = (FUZZY_WEIGHT * term.length) / (term.length + distance);
        candidates.push({ term: id, distance, weight });
      };
      if (!this.#grams.candidates(query.term, query.maxEdits, consider, budget)) {
        // Too short for the trigram filter: every word of a near length, skipping those whose
        // letters differ too much.
        const mask = letterMask(query.term);
        const maxBits = 2 * query.maxEdits;
        const masks = this.#masks;
        let scanned = 0;
        for (let l = Math.max(1, length - query.maxEdits); l <= length + query.maxEdits; l++) {
          for (const id of this.#byLength[l] ?? []) {
            if (++scanned % DEADLINE_CHECK_EVERY === 0) budget.checkDeadline();
            if (bitCount((masks[id] as number) ^ mask) > maxBits) continue;
            consider(id);
          }
        }
      }
    }
    candidates.sort((a, b) => a.distance - b.distance || a.term - b.term);
    for (const c of candidates.slice(0, MAX_TERM_EXPANSIONS - out.length)) out.push(c);
    return out;
  }

  #run(query: readonly QueryTerm[] | PreparedQuery, budget: RequestBudget): SearchMatches {
    const prepared = 'expansions' in query ? query : undefined;
    const terms = prepared ? prepared.terms : (query as readonly QueryTerm[]);
    const expansionsOf = (round: number): readonly Expansion[] =>
      prepared
        ? (prepared.expansions[round] ?? [])
        : this.#expand(terms[round] as QueryTerm, budget);
    // Locals, not fields, in the posting loop: it runs once per posting, up to a few hundred
    // thousand times a query, and field loads there measured several times slower.
    const score = this.#score;
    const best = this.#best;
    const matched = this.#matched;
    const start = this.#start;
    const docs = this.#docs;
    const weights = this.#weights;
    let candidates = this.#candidates;
    let hits = this.#hits;
    let candidateCount = 0;
    let hitCount = 0;
    try {
      for (let round = 0; round < terms.length; round++) {
        // An article stays a candidate only while it has matched every word so far (AND).
        hitCount = 0;
        for (const { term, weight } of expansionsOf(round)) {
          budget.checkDeadline();
          const end = start[term + 1] as number;
          for (let p = start[term] as number; p < end; p++) {
            const doc = docs[p] as number;
            const m = matched[doc] as number;
            if (m < round) continue;
            const value = weight * (weights[p] as number);
            if (m === round) {
              matched[doc] = round + 1;
              best[doc] = value;
              hits[hitCount++] = doc;
            } else if (value > (best[doc] as number)) {
              best[doc] = value;
            }
          }
        }
        for (let i = 0; i < hitCount; i++) {
          const doc = hits[i] as number;
          score[doc] = (score[doc] as number) + (best[doc] as number);
        }
        for (let i = 0; i < candidateCount; i++) {
          const doc = candidates[i] as number;
          if (matched[doc] !== round + 1) {
            matched[doc] = 0;
            score[doc] = 0;
          }
        }
        [candidates, hits] = [hits, candidates];
        candidateCount = hitCount;
        hitCount = 0;
        // Every word must match: once nothing is left, the other words need no scan at all.
        if (candidateCount === 0) break;
      }
    } catch (error) {
      // Stopped mid-query (its deadline): the scratch space must be clean for the next query.
      for (const [list, count] of [
        [candidates, candidateCount],
        [hits, hitCount],
      ] as const) {
        for (let i = 0; i < count; i++) {
          const doc = list[i] as number;
          matched[doc] = 0;
          score[doc] = 0;
        }
      }
      throw error;
    }
    const scores = this.#scores;
    for (let i = 0; i < candidateCount; i++) {
      const doc = candidates[i] as number;
      scores[i] = score[doc] as number;
      matched[doc] = 0;
      score[doc] = 0;
    }
    return {
      terms,
      ordinals: candidates.subarray(0, candidateCount),
      scores: scores.subarray(0, candidateCount),
    };
  }
}

/** Letters a–z are their own trigram letter; anything else shares one (a safe merge, see below). */
const GRAM_LETTERS = 27;
const gramLetter = (code: number): number => (code >= 97 && code <= 122 ? code - 97 : 26);

/** The distinct trigram codes of a word, and how many of its trigrams were repeats. */
function trigramsOf(word: string): { codes: number[]; repeats: number } {
  const codes = new Set<number>();
  let total = 0;
  for (let i = 0; i + 3 <= word.length; i++) {
    total++;
    codes.add(
      (gramLetter(word.charCodeAt(i)) * GRAM_LETTERS + gramLetter(word.charCodeAt(i + 1))) *
        GRAM_LETTERS +
        gramLetter(word.charCodeAt(i + 2)),
    );
  }
  return { codes: [...codes], repeats: total - codes.size };
}

/**
 * The words of the vocabulary by trigram, so the typo scan of a longer word looks only at words
 * that share enough trigrams with it instead of at every word of a near length (the q-gram
 * lemma: a word of n letters keeps at least n - 2 - 3k of its n - 2 trigrams through k edits).
 * Merging every letter outside a–z into one trigram letter only makes more trigrams equal, so
 * no word within reach is ever missed. Over 240,000 made-up words this took a two-typo scan
 * from about 1.8 ms to a few hundredths.
 */
class TrigramIndex {
  /** Words holding trigram g: #words[#start[g] .. #start[g + 1]). */
  readonly #start: Int32Array;
  readonly #words: Int32Array;
  /** Shared trigrams per word during one query; zeroed again before it returns. */
  readonly #shared: Uint16Array;
  readonly #lengths: Uint16Array;

  constructor(terms: readonly string[]) {
    const size = GRAM_LETTERS ** 3;
    const start = new Int32Array(size + 1);
    const grams = terms.map((term) => trigramsOf(term).codes);
    for (const codes of grams)
      for (const code of codes) start[code + 1] = (start[code + 1] as number) + 1;
    for (let g = 0; g < size; g++) start[g + 1] = (start[g + 1] as number) + (start[g] as number);
    const fill = start.slice(0, size);
    const words = new Int32Array(start[size] as number);
    grams.forEach((codes, id) => {
      for (const code of codes) {
        const slot = fill[code] as number;
        fill[code] = slot + 1;
        words[slot] = id;
      }
    });
    this.#start = start;
    this.#words = words;
    this.#shared = new Uint16Array(terms.length);
    this.#lengths = Uint16Array.from(terms, (term) => Math.min(term.length, 0xffff));
  }

  /**
   * Calls `consider` with every word of a near length sharing enough trigrams with `word` to be
   * within `maxEdits` of it (a superset: the caller computes the distance). False, without a
   * call, when `word` is too short for trigrams to rule anything out.
   */
  candidates(
    word: string,
    maxEdits: number,
    consider: (id: number) => void,
    budget: RequestBudget,
  ): boolean {
    const { codes, repeats } = trigramsOf(word);
    // Shared distinct trigrams needed: the lemma's count, less what repeats could make up.
    const needed = word.length - 2 - 3 * maxEdits - repeats;
    if (needed < 1) return false;
    const shared = this.#shared;
    const lengths = this.#lengths;
    const touched: number[] = [];
    let read = 0;
    try {
      for (const code of codes) {
        const end = this.#start[code + 1] as number;
        for (let p = this.#start[code] as number; p < end; p++) {
          if (++read % DEADLINE_CHECK_EVERY === 0) budget.checkDeadline();
          const id = this.#words[p] as number;
          if ((shared[id] as number) === 0) touched.push(id);
          shared[id] = (shared[id] as number) + 1;
        }
      }
      for (const id of touched) {
        if ((shared[id] as number) < needed) continue;
        if (Math.abs((lengths[id] as number) - word.length) > maxEdits) continue;
        consider(id);
      }
    } finally {
      for (const id of touched) shared[id] = 0;
    }
    return true;
  }
}

/** The two rows editDistance reuses: the typo scan calls it once per indexed word of a near length. */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/**
 * Levenshtein distance, or max + 1 once it must exceed max. Hand-written (like the rest of the
 * index): the typo scan and the highlighter must apply one rule, and a bounded two-row loop is a
 * dozen lines.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length >= rowA.length) {
    rowA = new Int32Array(b.length + 1);
    rowB = new Int32Array(b.length + 1);
  }
  let previous = rowA;
  let current = rowB;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const letter = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = letter === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length] as number, max + 1);
}

interface Built {
  readonly terms: string[];
  readonly start: Int32Array;
  readonly docs: Int32Array;
  readonly weights: Float32Array;
}

/** Articles tokenised between two yields to the event loop, so a build never stalls serving. */
const YIELD_EVERY = BUILD_CHUNK;

/**
 * Two passes over the articles: the first learns the vocabulary, document frequencies and field
 * lengths; the second writes each word's postings with their BM25+ weights into one flat layout.
 */
async function buildPostings(articles: readonly ArticleRecord[]): Promise<Built> {
  const n = articles.length;
  const ids = new Map<string, number>();
  const fieldCount = FIELDS.length;
  const df: number[][] = FIELDS.map(() => []);
  const postingsPerTerm: number[] = [];
  const lastDoc: number[] = [];
  const lengths = FIELDS.map(() => new Uint16Array(n));
  const totalLength = FIELDS.map(() => 0);
  for (let doc = 0; doc < n; doc++) {
    if (doc % YIELD_EVERY === 0 && doc > 0) await yieldToEventLoop();
    const article = articles[doc] as ArticleRecord;
    for (let f = 0; f < fieldCount; f++) {
      const words = wordsOf(article, FIELDS[f] as SearchField);
      (lengths[f] as Uint16Array)[doc] = Math.min(words.length, 0xffff);
      totalLength[f] = (totalLength[f] as number) + words.length;
      for (const word of new Set(words)) {
        let id = ids.get(word);
        if (id === undefined) {
          id = ids.size;
          ids.set(word, id);
          postingsPerTerm.push(0);
          lastDoc.push(-1);
        }
        const fieldDf = df[f] as number[];
        fieldDf[id] = (fieldDf[id] ?? 0) + 1;
        if (lastDoc[id] !== doc) {
          lastDoc[id] = doc;
          postingsPerTerm[id] = (postingsPerTerm[id] as number) + 1;
        }
      }
    }
  }

  // Word ids in sorted order, so prefixes are ranges.
  const byFirstSeen = [...ids.keys()];
  const sortedIds = Int32Array.from(byFirstSeen.keys()).sort((a, b) => {
    const x = byFirstSeen[a] as string;
    const y = byFirstSeen[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const rank = new Int32Array(byFirstSeen.length);
  sortedIds.forEach((id, r) => {
    rank[id] = r;
  });
  const terms = Array.from(sortedIds, (id) => byFirstSeen[id] as string);
  const start = new Int32Array(terms.length + 1);
  sortedIds.forEach((id, r) => {
    start[r + 1] = (start[r] as number) + (postingsPerTerm[id] as number);
  });
  const total = start[terms.length] as number;
  const docs = new Int32Array(total);
  const weights = new Float32Array(total);
  const fill = Int32Array.from(start.subarray(0, terms.length));
  const average = totalLength.map((sum) => Math.max(1, sum / Math.max(1, n)));
  const idf = (f: number, id: number) => {
    const d = (df[f] as number[])[id] ?? 0;
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };

  const weightOf = new Map<number, number>();
  for (let doc = 0; doc < n; doc++) {
    if (doc % YIELD_EVERY === 0 && doc > 0) await yieldToEventLoop();
    const article = articles[doc] as ArticleRecord;
    weightOf.clear();
    for (let f = 0; f < fieldCount; f++) {
      const field = FIELDS[f] as SearchField;
      const counts = new Map<number, number>();
      for (const word of wordsOf(article, field)) {
        const id = ids.get(word) as number;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const norm =
        1 -
        BM25_B +
        (BM25_B * ((lengths[f] as Uint16Array)[doc] as number)) / (average[f] as number);
      for (const [id, tf] of counts) {
        const bm25 = idf(f, id) * (BM25_DELTA + (tf * (BM25_K1 + 1)) / (tf + BM25_K1 * norm));
        weightOf.set(id, (weightOf.get(id) ?? 0) + FIELD_BOOSTS[field] * bm25);
      }
    }
    for (const [id, weight] of weightOf) {
      const r = rank[id] as number;
      const slot = fill[r] as number;
      fill[r] = slot + 1;
      docs[slot] = doc;
      weights[slot] = weight;
    }
  }
  return { terms, start, docs, weights };
}

const indexes = new WeakMap<CorpusView, Promise<SearchIndex>>();
const built = new WeakSet<CorpusView>();

/**
 * The search index of one audience's view of a snapshot, built on first use and kept as long as
 * the snapshot is alive: a reload makes new views, hence new indexes, and the old ones are
 * collected with their snapshot. The public view holds no drafts, so neither does its index.
 */
export function searchIndexFor(view: CorpusView): Promise<SearchIndex> {
  let index = indexes.get(view);
  if (!index) {
    index = SearchIndex.build(view.articles);
    indexes.set(view, index);
    index.then(
      () => built.add(view),
      () => indexes.delete(view),
    );
  }
  return index;
}

/** True once the view's index is built (a search then waits for nothing). */
export const searchIndexReady = (view: CorpusView): boolean => built.has(view);
