import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { QueryErrorCode, QueryInputError } from '../corpus/input-error.ts';
import type { ArticleRecord } from '../corpus/records.ts';
import type { CorpusView } from '../corpus/view.ts';
import { DEADLINE_CHECK_EVERY, type RequestBudget, UNLIMITED } from './budget.ts';
import {
  type ArticleSlots,
  defineSlotStructure,
  peekSlots,
  type SlotDelta,
  slotsOf,
} from './slots.ts';
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
  /** Slots of the index's layout (`SearchIndex.record`); for a view built from scratch, positions in `view.articles`. */
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
  readonly word: string;
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
 * One article's words: each field's length and, per word, its count in each field packed in a
 * byte per field (field f in bits 8f..8f+7; a count saturates at 255, far past where BM25
 * stops caring).
 */
interface DocTerms {
  readonly lengths: readonly number[];
  readonly words: ReadonlyMap<string, number>;
}

function docTermsOf(article: ArticleRecord): DocTerms {
  const words = new Map<string, number>();
  const lengths: number[] = [];
  for (let f = 0; f < FIELDS.length; f++) {
    const list = wordsOf(article, FIELDS[f] as SearchField);
    lengths.push(Math.min(list.length, 0xffff));
    const shift = 8 * f;
    for (const word of list) {
      const packed = words.get(word) ?? 0;
      if (((packed >>> shift) & 0xff) < 0xff) words.set(word, packed + (1 << shift));
    }
  }
  return { lengths, words };
}

/** Word data of appended articles, kept while the record lives: each change rebuilds their segment. */
const appendedTerms = new WeakMap<ArticleRecord, DocTerms>();
function cachedDocTerms(article: ArticleRecord): DocTerms {
  let terms = appendedTerms.get(article);
  if (!terms) {
    terms = docTermsOf(article);
    appendedTerms.set(article, terms);
  }
  return terms;
}

/**
 * An immutable inverted index over some slots: its sorted vocabulary (prefix ranges), word ids by
 * length, letter masks and trigrams (the typo scan), postings (slot and packed field counts per
 * article holding the word), per-field document frequencies and field lengths. A search index is
 * a base segment plus a small one over the articles appended since, minus dead slots.
 */
class Segment {
  /** Every word, sorted; its position is the word's id. */
  readonly terms: readonly string[];
  readonly termIds: ReadonlyMap<string, number>;
  /** Postings of word t: docs / counts [start[t], start[t + 1]), slots ascending. */
  readonly start: IntArray;
  readonly docs: IntArray;
  readonly counts: IntArray;
  /** Articles holding word t in field f: df[t * FIELDS + f]. */
  readonly df: IntArray;
  /** Field f's length of the article in slot `offset + i`: lengths[f][i]. */
  readonly offset: number;
  readonly lengths: readonly IntArray[];
  /** Articles indexed, and their summed field lengths. */
  readonly documents: number;
  readonly totals: readonly number[];

  constructor(built: BuiltSegment) {
    const terms = built.terms;
    this.terms = terms;
    this.termIds = new Map(terms.map((t, i) => [t, i]));
    this.start = built.start;
    this.docs = built.docs;
    this.counts = built.counts;
    this.df = built.df;
    this.offset = built.offset;
    this.lengths = built.lengths;
    this.documents = built.documents;
    this.totals = built.totals;
  }

  /** Every word starting with `prefix`, in sorted order. */
  eachWithPrefix(prefix: string, visit: (word: string) => void, budget: RequestBudget): void {
    const terms = this.terms;
    let low = 0;
    let high = terms.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((terms[mid] as string) < prefix) low = mid + 1;
      else high = mid;
    }
    for (let id = low; id < terms.length; id++) {
      if ((id - low) % DEADLINE_CHECK_EVERY === DEADLINE_CHECK_EVERY - 1) budget.checkDeadline();
      const term = terms[id] as string;
      if (!term.startsWith(prefix)) break;
      visit(term);
    }
  }

  /**
   * The typo scan's structures, made on first use: a segment is built on every change, and most
   * snapshots answer no typo before the next one replaces them. The base is prepared as it is
   * built (`SearchIndex.build`), so no request pays for a million articles' vocabulary.
   */
  #typoScan: TypoScan | undefined;
  typoScan(): TypoScan {
    this.#typoScan ??= typoScanOf(this.terms);
    return this.#typoScan;
  }

  /** Every word that may be within `maxEdits` of `word` (a superset: the caller measures). */
  eachNear(
    word: string,
    maxEdits: number,
    visit: (word: string) => void,
    budget: RequestBudget,
  ): void {
    const terms = this.terms;
    const { grams, masks, byLength } = this.typoScan();
    if (grams.candidates(word, maxEdits, (id) => visit(terms[id] as string), budget)) return;
    // Too short for the trigram filter: every word of a near length, skipping those whose
    // letters differ too much.
    const mask = letterMask(word);
    const maxBits = 2 * maxEdits;
    let scanned = 0;
    for (let l = Math.max(1, word.length - maxEdits); l <= word.length + maxEdits; l++) {
      for (const id of byLength[l] ?? []) {
        if (++scanned % DEADLINE_CHECK_EVERY === 0) budget.checkDeadline();
        if (bitCount((masks[id] as number) ^ mask) > maxBits) continue;
        visit(terms[id] as string);
      }
    }
  }
}

/** What the typo scan reads of a segment's vocabulary. */
interface TypoScan {
  /** Word ids by word length. */
  readonly byLength: readonly (readonly number[])[];
  /** Each word's letterMask, by id. */
  readonly masks: readonly number[];
  readonly grams: TrigramIndex;
}

function typoScanOf(terms: readonly string[]): TypoScan {
  const byLength: number[][] = [];
  terms.forEach((term, id) => {
    const list = byLength[term.length];
    if (list) list.push(id);
    else byLength[term.length] = [id];
  });
  return { byLength, masks: terms.map(letterMask), grams: new TrigramIndex(terms) };
}

/** Per-field document frequencies and lengths of base articles dead since the base was built. */
interface DeadStats {
  readonly documents: number;
  readonly totals: readonly number[];
  readonly df: ReadonlyMap<string, Int32Array>;
}

const NO_DEAD: DeadStats = { documents: 0, totals: FIELDS.map(() => 0), df: new Map() };

/**
 * Scratch space for one query at a time (queries run synchronously), shared by every index and
 * grown to the largest layout: one allocation per process rather than per snapshot.
 */
class Scratch {
  score = new Float64Array(0);
  best = new Float64Array(0);
  /** Words of the query an article has matched so far (at most MAX_QUERY_TERMS). */
  matched = new Uint8Array(0);
  /** Articles matching every word so far, and those matching the current word too. */
  candidates = new Int32Array(0);
  hits = new Int32Array(0);
  scores = new Float64Array(0);

  fit(size: number): void {
    if (this.score.length >= size) return;
    const capacity = Math.max(size, Math.ceil(this.score.length * 1.25));
    this.score = new Float64Array(capacity);
    this.best = new Float64Array(capacity);
    this.matched = new Uint8Array(capacity);
    this.candidates = new Int32Array(capacity);
    this.hits = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }
}
const scratch = new Scratch();

/**
 * A ranked full-text index over one audience's articles: title, excerpt, topic names and provider
 * name. Every word of the query must match (AND); a word matches exactly, as a prefix, or within
 * its typo allowance, exact matches weighing most (see `termMatches`, which the highlighter shares).
 *
 * Hand-written rather than MiniSearch or FlexSearch, by measurement (BENCHMARKS.md, Discovery):
 * MiniSearch scores with per-posting Map lookups and result objects, far over the latency goal at
 * 100,000 articles, and its index outweighed the goal's half of the corpus heap; FlexSearch has
 * neither relevance scores nor edit-distance typos. Here each word's postings are two typed arrays
 * (slot, packed field counts), so a query is array sums.
 *
 * A snapshot derived from the previous one by a delta derives its index too: the previous base
 * segment is kept, the articles appended since get a small segment of their own, removed ones are
 * dead slots. BM25+ is computed at query time from the corpus-wide statistics (articles, field
 * lengths, document frequencies) of exactly the live articles, as Lucene does, so a derived index
 * answers with the same matches, order and scores as one built from scratch over the same records.
 */
export class SearchIndex {
  /** Where each article sits: `ordinals` of the matches are its slots. */
  readonly slots: ArticleSlots;
  /** Slots below this are the base segment's; those from it on, the appended segment's. */
  readonly #baseEnd: number;
  readonly #base: Segment;
  readonly #appended: Segment | undefined;
  readonly #dead: DeadStats;
  /** Live articles and their average field lengths. */
  readonly #documents: number;
  readonly #average: readonly number[];

  private constructor(
    slots: ArticleSlots,
    baseEnd: number,
    base: Segment,
    appended: Segment | undefined,
    dead: DeadStats,
  ) {
    this.slots = slots;
    this.#baseEnd = baseEnd;
    this.#base = base;
    this.#appended = appended;
    this.#dead = dead;
    const documents = base.documents - dead.documents + (appended?.documents ?? 0);
    this.#documents = documents;
    this.#average = FIELDS.map((_, f) => {
      const total =
        (base.totals[f] as number) - (dead.totals[f] as number) + (appended?.totals[f] ?? 0);
      return Math.max(1, total / Math.max(1, documents));
    });
  }

  /** Built from every live article of the layout, in slices. */
  static async build(slots: ArticleSlots): Promise<SearchIndex> {
    const base = new Segment(await buildSegment(slots, 0, slots.size, docTermsOf, true));
    base.typoScan();
    return new SearchIndex(slots, slots.size, base, undefined, NO_DEAD);
  }

  /**
   * This index moved to the next layout: the base segment kept, removed base articles' words
   * taken out of the statistics, the appended segment rebuilt from the appended articles' cached
   * words (a compaction keeps it small).
   */
  async derive(delta: SlotDelta): Promise<SearchIndex> {
    let dead = this.#dead;
    const removedFromBase = delta.removed.filter(([slot]) => slot < this.#baseEnd);
    if (removedFromBase.length > 0) {
      const totals = [...dead.totals];
      const df = new Map(dead.df);
      for (const [, record] of removedFromBase) {
        const terms = docTermsOf(record);
        terms.lengths.forEach((length, f) => {
          totals[f] = (totals[f] as number) + length;
        });
        for (const [word, packed] of terms.words) {
          const counts = Int32Array.from(df.get(word) ?? new Int32Array(FIELDS.length));
          for (let f = 0; f < FIELDS.length; f++) {
            if (((packed >>> (8 * f)) & 0xff) > 0) counts[f] = (counts[f] as number) + 1;
          }
          df.set(word, counts);
        }
      }
      dead = { documents: dead.documents + removedFromBase.length, totals, df };
    }
    const slots = delta.slots;
    const appended =
      slots.size > this.#baseEnd
        ? new Segment(await buildSegment(slots, this.#baseEnd, slots.size, cachedDocTerms, false))
        : undefined;
    return new SearchIndex(slots, this.#baseEnd, this.#base, appended, dead);
  }

  /** The record of a slot of a match. */
  record(slot: number): ArticleRecord {
    return this.slots.record(slot) as ArticleRecord;
  }

  /** Live articles holding `word` in field f. */
  #df(word: string, f: number): number {
    const base = this.#base;
    const id = base.termIds.get(word);
    let d = id === undefined ? 0 : (base.df[id * FIELDS.length + f] as number);
    const appended = this.#appended;
    const other = appended?.termIds.get(word);
    if (other !== undefined) d += (appended as Segment).df[other * FIELDS.length + f] as number;
    const dead = this.#dead.df.get(word);
    if (dead) d -= dead[f] as number;
    return d;
  }

  /** True when a live article holds the word (a from-scratch build would have it). */
  #has(word: string): boolean {
    for (let f = 0; f < FIELDS.length; f++) if (this.#df(word, f) > 0) return true;
    return false;
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
    if (this.#has(query.term)) out.push({ word: query.term, weight: 1 });
    const seen = new Set<string>([query.term]);
    const candidates: { word: string; distance: number; weight: number }[] = [];
    const segments = this.#appended ? [this.#base, this.#appended] : [this.#base];
    if (query.prefix) {
      for (const segment of segments) {
        segment.eachWithPrefix(
          query.term,
          (word) => {
            if (seen.has(word)) return;
            seen.add(word);
            const distance = word.length - query.term.length;
            const weight = (PREFIX_WEIGHT * word.length) / (word.length + 0.3 * distance);
            candidates.push({ word, distance, weight });
          },
          budget,
        );
      }
    }
    if (query.maxEdits > 0) {
      const consider = (word: string) => {
        if (seen.has(word)) return;
        const distance = editDistance(word, query.term, query.maxEdits);
        if (distance > query.maxEdits) return;
        seen.add(word);
        const weight = (FUZZY_WEIGHT * word.length) / (word.length + distance);
        candidates.push({ word, distance, weight });
      };
      for (const segment of segments)
        segment.eachNear(query.term, query.maxEdits, consider, budget);
    }
    // Words only dead articles held are not words of the corpus any more.
    const live = segments.length > 1 || this.#dead.df.size > 0;
    const kept = live ? candidates.filter((c) => this.#has(c.word)) : candidates;
    kept.sort(
      (a, b) => a.distance - b.distance || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0),
    );
    for (const c of kept.slice(0, MAX_TERM_EXPANSIONS - out.length)) {
      out.push({ word: c.word, weight: c.weight });
    }
    return out;
  }

  #run(query: readonly QueryTerm[] | PreparedQuery, budget: RequestBudget): SearchMatches {
    const prepared = 'expansions' in query ? query : undefined;
    const terms = prepared ? prepared.terms : (query as readonly QueryTerm[]);
    const expansionsOf = (round: number): readonly Expansion[] =>
      prepared
        ? (prepared.expansions[round] ?? [])
        : this.#expand(terms[round] as QueryTerm, budget);
    scratch.fit(this.slots.size);
    // Locals, not fields, in the posting loop: it runs once per posting, up to a few hundred
    // thousand times a query, and field loads there measured several times slower.
    const { score, best, matched } = scratch;
    const dead = this.slots.dead;
    const segments = this.#appended ? [this.#base, this.#appended] : [this.#base];
    const n = this.#documents;
    const [avg0, avg1, avg2, avg3] = this.#average as [number, number, number, number];
    const coefficient = new Float64Array(FIELDS.length);
    let candidates = scratch.candidates;
    let hits = scratch.hits;
    let candidateCount = 0;
    let hitCount = 0;
    try {
      for (let round = 0; round < terms.length; round++) {
        // An article stays a candidate only while it has matched every word so far (AND).
        hitCount = 0;
        for (const { word, weight } of expansionsOf(round)) {
          budget.checkDeadline();
          // BM25+ idf of the word in each field, boosted, from the live articles' statistics.
          for (let f = 0; f < FIELDS.length; f++) {
            const d = this.#df(word, f);
            coefficient[f] =
              FIELD_BOOSTS[FIELDS[f] as SearchField] * Math.log(1 + (n - d + 0.5) / (d + 0.5));
          }
          const [c0, c1, c2, c3] = coefficient as unknown as [number, number, number, number];
          for (const segment of segments) {
            const id = segment.termIds.get(word);
            if (id === undefined) continue;
            const { docs, counts, offset } = segment;
            const [l0, l1, l2, l3] = segment.lengths as [IntArray, IntArray, IntArray, IntArray];
            const end = segment.start[id + 1] as number;
            for (let p = segment.start[id] as number; p < end; p++) {
              const doc = docs[p] as number;
              const m = matched[doc] as number;
              if (m < round) continue;
              if (dead.has(doc)) continue;
              const packed = counts[p] as number;
              const at = doc - offset;
              let sum = 0;
              let tf = packed & 0xff;
              if (tf > 0) sum += c0 * bm25(tf, l0[at] as number, avg0);
              tf = (packed >>> 8) & 0xff;
              if (tf > 0) sum += c1 * bm25(tf, l1[at] as number, avg1);
              tf = (packed >>> 16) & 0xff;
              if (tf > 0) sum += c2 * bm25(tf, l2[at] as number, avg2);
              tf = packed >>> 24;
              if (tf > 0) sum += c3 * bm25(tf, l3[at] as number, avg3);
              const value = weight * sum;
              if (m === round) {
                matched[doc] = round + 1;
                best[doc] = value;
                hits[hitCount++] = doc;
              } else if (value > (best[doc] as number)) {
                best[doc] = value;
              }
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
    const scores = scratch.scores;
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

/** BM25+ of a word `tf` times in a field of `length` words, against the average length (no idf). */
const bm25 = (tf: number, length: number, average: number): number =>
  BM25_DELTA + (tf * (BM25_K1 + 1)) / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * length) / average));

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

/**
 * Numbers of a segment: typed arrays in a base segment, plain arrays in one built on a change.
 * While a large heap is being marked, V8 makes every allocation outside its heap (a typed array's
 * store) pay for a marking step of several milliseconds (its "external memory pressure"): at a
 * million articles, the few stores of the small segment a change builds cost more than the rest
 * of the change in a profile. A base segment, built once, stays compact outside the heap.
 */
type IntArray = Int32Array | Uint32Array | Uint16Array | number[];

interface BuiltSegment {
  readonly terms: string[];
  readonly start: IntArray;
  readonly docs: IntArray;
  readonly counts: IntArray;
  readonly df: IntArray;
  readonly offset: number;
  readonly lengths: IntArray[];
  readonly documents: number;
  readonly totals: number[];
}

/**
 * The segment of the live articles in slots [from, to). Two passes: the first learns the
 * vocabulary, document frequencies and field lengths; the second writes each word's postings
 * into one flat layout. `sliced`: yield to the event loop every BUILD_CHUNK articles, so a
 * from-scratch build never stalls serving.
 */
async function buildSegment(
  slots: ArticleSlots,
  from: number,
  to: number,
  termsOf: (article: ArticleRecord) => DocTerms,
  sliced: boolean,
): Promise<BuiltSegment> {
  const fieldCount = FIELDS.length;
  const ids = new Map<string, number>();
  const df: number[] = [];
  const postingsPerTerm: number[] = [];
  let postings = 0;
  // A base segment's typed arrays are carved out of two stores; a change's are plain (IntArray).
  const plain = !sliced;
  const slotCount = to - from;
  const lengthStore = plain
    ? undefined
    : new ArrayBuffer(fieldCount * slotCount * Uint16Array.BYTES_PER_ELEMENT);
  const lengths: IntArray[] = FIELDS.map((_, f) =>
    lengthStore
      ? new Uint16Array(lengthStore, f * slotCount * Uint16Array.BYTES_PER_ELEMENT, slotCount)
      : zeros(slotCount),
  );
  const totals = FIELDS.map(() => 0);
  let documents = 0;
  const each = async (visit: (slot: number, terms: DocTerms) => void) => {
    for (let slot = from; slot < to; slot++) {
      if (sliced && slot > from && (slot - from) % BUILD_CHUNK === 0) await yieldToEventLoop();
      const article = slots.record(slot);
      if (article) visit(slot, termsOf(article));
    }
  };
  await each((slot, terms) => {
    documents++;
    for (let f = 0; f < fieldCount; f++) {
      const length = terms.lengths[f] as number;
      (lengths[f] as IntArray)[slot - from] = length;
      totals[f] = (totals[f] as number) + length;
    }
    for (const [word, packed] of terms.words) {
      let id = ids.get(word);
      if (id === undefined) {
        id = ids.size;
        ids.set(word, id);
        postingsPerTerm.push(0);
        for (let f = 0; f < fieldCount; f++) df.push(0);
      }
      postingsPerTerm[id] = (postingsPerTerm[id] as number) + 1;
      postings++;
      for (let f = 0; f < fieldCount; f++) {
        if (((packed >>> (8 * f)) & 0xff) > 0) {
          df[id * fieldCount + f] = (df[id * fieldCount + f] as number) + 1;
        }
      }
    }
  });

  // Word ids in sorted order, so prefixes are ranges.
  const byFirstSeen = [...ids.keys()];
  const sortedIds = [...byFirstSeen.keys()].sort((a, b) => {
    const x = byFirstSeen[a] as string;
    const y = byFirstSeen[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const termCount = byFirstSeen.length;
  const rank = new Array<number>(termCount);
  const store = plain
    ? undefined
    : new ArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (df.length + termCount + 1 + 2 * postings));
  let carved = 0;
  const ints = (n: number, unsigned = false): IntArray => {
    if (!store) return zeros(n);
    const array = unsigned ? new Uint32Array(store, carved, n) : new Int32Array(store, carved, n);
    carved += n * Int32Array.BYTES_PER_ELEMENT;
    return array;
  };
  const sortedDf = ints(df.length);
  const start = ints(termCount + 1);
  const docs = ints(postings);
  const counts = ints(postings, true);
  sortedIds.forEach((id, r) => {
    rank[id] = r;
    for (let f = 0; f < fieldCount; f++) {
      sortedDf[r * fieldCount + f] = df[id * fieldCount + f] as number;
    }
  });
  const terms = sortedIds.map((id) => byFirstSeen[id] as string);
  sortedIds.forEach((id, r) => {
    start[r + 1] = (start[r] as number) + (postingsPerTerm[id] as number);
  });
  const fill: number[] = [];
  for (let r = 0; r < terms.length; r++) fill.push(start[r] as number);
  await each((slot, termsOfDoc) => {
    for (const [word, packed] of termsOfDoc.words) {
      const r = rank[ids.get(word) as number] as number;
      const at = fill[r] as number;
      fill[r] = at + 1;
      docs[at] = slot;
      counts[at] = packed;
    }
  });
  return { terms, start, docs, counts, df: sortedDf, offset: from, lengths, documents, totals };
}

/** A plain array of `n` zeros (small integers: V8 keeps them unboxed). */
const zeros = (n: number): number[] => new Array<number>(n).fill(0);

/**
 * The search index of a layout: built from scratch on first use, or derived from the previous
 * layout's (built or being built) by the delta. Kept as long as the layout's view is alive; the
 * public view holds no drafts, so neither does its index.
 */
const indexes = defineSlotStructure<Promise<SearchIndex>>({
  build: (slots) => track(SearchIndex.build(slots)),
  derive: (previous, delta) => track(previous.then((index) => index.derive(delta))),
});

const built = new WeakSet<Promise<SearchIndex>>();
function track(index: Promise<SearchIndex>): Promise<SearchIndex> {
  index.then(
    () => built.add(index),
    () => {},
  );
  return index;
}

/** The search index of a layout of a view (see `slotsOf`). */
export const searchIndexOf = (slots: ArticleSlots): Promise<SearchIndex> => indexes.of(slots);

/** The search index of the view's current layout. */
export const searchIndexFor = (view: CorpusView): Promise<SearchIndex> => indexes.of(slotsOf(view));

/** True once the view's index is built (a search then waits for nothing). */
export const searchIndexReady = (view: CorpusView): boolean => {
  const slots = peekSlots(view);
  const index = slots && indexes.peek(slots);
  return index !== undefined && built.has(index);
};
