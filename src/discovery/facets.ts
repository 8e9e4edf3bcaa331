import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { type FilterFields, filterPredicate } from '../corpus/filter.ts';
import { QueryErrorCode, QueryInputError } from '../corpus/input-error.ts';
import type { ArticleFilter, ArticleScope } from '../corpus/query.ts';
import { type CorpusView, compareStrings, topicId } from '../corpus/view.ts';
import { DEADLINE_CHECK_EVERY, type RequestBudget, UNLIMITED } from './budget.ts';
import { type ArticleSlots, defineSlotStructure, type SlotDelta, slotsOf } from './slots.ts';

/**
 * A check of one slot of a view's layout (see slots.ts); for a view built from scratch, a
 * position in `view.articles`.
 */
export type PositionPredicate = (position: number) => boolean;
/** Calls `visit` with each slot of a result set, synchronously. */
export type EachPosition = (visit: (position: number) => void) => void;

const NO_SCORE = -1;

export const DEFAULT_FACET_LIMIT = 20;
export const MAX_FACET_LIMIT = 100;

export const FacetName = {
  Categories: 'categories',
  Days: 'days',
  Providers: 'providers',
  Topics: 'topics',
} as const;
export type FacetName = (typeof FacetName)[keyof typeof FacetName];

/**
 * One value of a facet and how many matching articles have it. `value` is what the filter takes
 * (topic name, provider domain, category, `YYYY-MM-DD` UTC day); `label` is for display.
 */
export interface FacetCount {
  readonly value: string;
  readonly label: string;
  readonly count: number;
}

/** The facet values of each slot, as small integers; shared by the tables of one chain of layouts. */
class Columns {
  /** Slots written; a table appends in place only when it is the one that wrote the last. */
  used = 0;
  topicsUsed = 0;
  readonly provider: Int32Array;
  readonly category: Int32Array;
  readonly day: Int32Array;
  readonly type: Int32Array;
  readonly published: Float64Array;
  /** NO_SCORE when the article has none. */
  readonly quality: Int32Array;
  readonly heat: Int32Array;
  /** Topics of slot s: topics[topicStart[s] .. topicStart[s + 1]), each at most once. */
  readonly topicStart: Int32Array;
  readonly topics: Int32Array;

  constructor(capacity: number, topicCapacity: number, from?: Columns, size = 0, topicCount = 0) {
    this.provider = new Int32Array(capacity);
    this.category = new Int32Array(capacity);
    this.day = new Int32Array(capacity);
    this.type = new Int32Array(capacity);
    this.published = new Float64Array(capacity);
    this.quality = new Int32Array(capacity);
    this.heat = new Int32Array(capacity);
    this.topicStart = new Int32Array(capacity + 1);
    this.topics = new Int32Array(topicCapacity);
    if (from) {
      for (const name of COLUMN_NAMES) this[name].set(from[name].subarray(0, size));
      this.topicStart.set(from.topicStart.subarray(0, size + 1));
      this.topics.set(from.topics.subarray(0, topicCount));
    }
    this.used = size;
    this.topicsUsed = topicCount;
  }
}

const COLUMN_NAMES = [
  'provider',
  'category',
  'day',
  'type',
  'published',
  'quality',
  'heat',
] as const satisfies readonly (keyof Columns)[];

/**
 * Small integer ids for the values of one facet, in order of first sight, never renumbered: a
 * derived table adds the new values of its delta and keeps every id, so tables of a chain of
 * layouts share their interners (a value a table's slots never hold just counts zero there).
 */
class Interner {
  readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }
}

interface Interners {
  readonly providers: Interner;
  readonly categories: Interner;
  readonly days: Interner;
  readonly topics: Interner;
  readonly types: Interner;
  /** Names and days repeat across thousands of articles: normalise each distinct one once. */
  readonly topicIdOfName: Map<string, string>;
  readonly dayOfNumber: Map<number, string>;
}

/** One facet's values as of one table: ids in value order, and what a client sees of each. */
interface Dictionary {
  /** Ids sorted by value (compareStrings), so ties list in value order. */
  readonly order: Int32Array;
  /** Position of each id in `order`. */
  readonly rank: Int32Array;
  readonly values: readonly string[];
  readonly labels: readonly string[];
}

const utcDay = (date: Date): string => date.toISOString().slice(0, 10);
const DAY_MS = 86_400_000;
/** Articles added between two yields to the event loop when a table is built in slices. */
const BUILD_SLICE = 10_000;

/** Topic names of every live article of a layout: room enough for its topic column. */
function topicsOf(slots: ArticleSlots): number {
  let count = 0;
  for (let s = 0; s < slots.size; s++) count += slots.record(s)?.topics.length ?? 0;
  return count;
}

/**
 * Every article's facet values as small integers, by slot, so counting a result set is one pass
 * of array increments with no string work. Built once per layout from scratch, or derived from
 * the previous layout's table by appending the delta's added articles (removed ones are the
 * layout's dead slots): a change costs what it added.
 */
class FacetTable {
  readonly slots: ArticleSlots;
  readonly #columns: Columns;
  readonly #interners: Interners;
  /** Values each interner had when this table was made: its count arrays' lengths. */
  readonly #sizes: Readonly<Record<FacetName | 'types', number>>;
  #dictionaries: Readonly<Record<FacetName, Dictionary>> | undefined;

  private constructor(slots: ArticleSlots, columns: Columns, interners: Interners) {
    this.slots = slots;
    this.#columns = columns;
    this.#interners = interners;
    this.#sizes = {
      [FacetName.Categories]: interners.categories.values.length,
      [FacetName.Days]: interners.days.values.length,
      [FacetName.Providers]: interners.providers.values.length,
      [FacetName.Topics]: interners.topics.values.length,
      types: interners.types.values.length,
    };
  }

  static build(slots: ArticleSlots): FacetTable {
    const { columns, interners } = FacetTable.#empty(slots);
    for (let s = 0; s < slots.size; s++) FacetTable.#append(columns, interners, s, slots);
    return new FacetTable(slots, columns, interners);
  }

  /** `build` yielding to the event loop every BUILD_SLICE articles. */
  static async buildInSlices(slots: ArticleSlots): Promise<FacetTable> {
    const { columns, interners } = FacetTable.#empty(slots);
    for (let s = 0; s < slots.size; s++) {
      if (s > 0 && s % BUILD_SLICE === 0) await yieldToEventLoop();
      FacetTable.#append(columns, interners, s, slots);
    }
    return new FacetTable(slots, columns, interners);
  }

  static #empty(slots: ArticleSlots): { columns: Columns; interners: Interners } {
    return {
      columns: new Columns(slots.size, topicsOf(slots)),
      interners: {
        providers: new Interner(),
        categories: new Interner(),
        days: new Interner(),
        topics: new Interner(),
        types: new Interner(),
        topicIdOfName: new Map(),
        dayOfNumber: new Map(),
      },
    };
  }

  /** Writes slot `s` (the next one) of the columns; a dead slot gets no values. */
  static #append(columns: Columns, interners: Interners, s: number, slots: ArticleSlots): void {
    const article = slots.record(s);
    let topicCount = columns.topicsUsed;
    if (article) {
      columns.provider[s] = interners.providers.id(article.provider.domain);
      columns.category[s] = interners.categories.id(article.category);
      columns.type[s] = interners.types.id(article.type);
      const time = article.publishedDateTime.getTime();
      columns.published[s] = time;
      const dayNumber = Math.floor(time / DAY_MS);
      let dayValue = interners.dayOfNumber.get(dayNumber);
      if (dayValue === undefined) {
        dayValue = utcDay(article.publishedDateTime);
        interners.dayOfNumber.set(dayNumber, dayValue);
      }
      columns.day[s] = interners.days.id(dayValue);
      columns.quality[s] = article.quality ?? NO_SCORE;
      columns.heat[s] = article.heat ?? NO_SCORE;
      const first = topicCount;
      for (const name of article.topics) {
        let normalised = interners.topicIdOfName.get(name);
        if (normalised === undefined) {
          normalised = topicId(name);
          interners.topicIdOfName.set(name, normalised);
        }
        const id = interners.topics.id(normalised);
        // Each topic at most once per article (two spellings can share an id).
        let seen = false;
        for (let t = first; t < topicCount; t++) if (columns.topics[t] === id) seen = true;
        if (!seen) columns.topics[topicCount++] = id;
      }
    }
    columns.topicStart[s + 1] = topicCount;
    columns.used = s + 1;
    columns.topicsUsed = topicCount;
  }

  /** The table of the delta's layout: this one's columns with the added articles appended. */
  derive(delta: SlotDelta): FacetTable {
    const slots = delta.slots;
    const size = this.slots.size;
    const topicCount = this.#columns.topicStart[size] as number;
    let columns = this.#columns;
    const topicsNeeded = topicCount + delta.added.reduce((n, [, a]) => n + a.topics.length, 0);
    // In place only where no other table wrote past this one's end; grown (copied) when full.
    if (
      columns.used !== size ||
      columns.provider.length < slots.size ||
      columns.topics.length < topicsNeeded
    ) {
      const capacity = Math.max(slots.size, Math.ceil(size * 1.25) + 16);
      const topicCapacity = Math.max(topicsNeeded, Math.ceil(topicCount * 1.25) + 64);
      columns = new Columns(capacity, topicCapacity, columns, size, topicCount);
    }
    for (let s = size; s < slots.size; s++) {
      FacetTable.#append(columns, this.#interners, s, slots);
    }
    return new FacetTable(slots, columns, this.#interners);
  }

  /** Values, display labels and value order as of this table's view. */
  get dictionaries(): Readonly<Record<FacetName, Dictionary>> {
    if (!this.#dictionaries) {
      const view = this.slots.view;
      const i = this.#interners;
      const sizes = this.#sizes;
      const dictionary = (
        interner: Interner,
        size: number,
        label: (value: string) => string,
        shown: (value: string) => string = (value) => value,
      ): Dictionary => {
        const keys = interner.values.slice(0, size);
        const order = Int32Array.from(keys.keys()).sort((a, b) =>
          compareStrings(keys[a] as string, keys[b] as string),
        );
        const rank = new Int32Array(size);
        order.forEach((id, r) => {
          rank[id] = r;
        });
        return { order, rank, values: keys.map(shown), labels: keys.map(label) };
      };
      const same = (value: string) => value;
      const topicLabel = (id: string) => view.topics.get(id)?.name ?? id;
      const providerLabel = (domain: string) => view.providers.get(domain)?.name ?? domain;
      this.#dictionaries = {
        [FacetName.Categories]: dictionary(i.categories, sizes.categories, same),
        [FacetName.Days]: dictionary(i.days, sizes.days, same),
        [FacetName.Providers]: dictionary(i.providers, sizes.providers, providerLabel),
        // A topic filter takes any case; the display spelling is the value a client sends back.
        [FacetName.Topics]: dictionary(i.topics, sizes.topics, topicLabel, topicLabel),
      };
    }
    return this.#dictionaries;
  }

  /**
   * `ArticleFilter` (and scope) over the columns: corpus/filter.ts's one definition of a filter,
   * with the columns answering its elementary questions (interned ids instead of strings; the
   * same check on the records is several times slower, as records differ in shape). Undefined
   * when nothing is asked. Answers for live slots (dead ones are never asked about).
   */
  predicate(
    where: ArticleFilter | null | undefined,
    scope?: ArticleScope,
  ): PositionPredicate | undefined {
    const columns = this.#columns;
    const ids = this.#interners;
    const idsOf = (names: readonly string[], interner: Interner): ReadonlySet<number> =>
      new Set(names.flatMap((n) => (interner.ids.has(n) ? [interner.ids.get(n) as number] : [])));
    const fields: FilterFields<number> = {
      providerIn: (domains) => {
        const wanted = idsOf(domains, ids.providers);
        const provider = columns.provider;
        return (i) => wanted.has(provider[i] as number);
      },
      topicIn: (topicIds) => {
        const wanted = idsOf(topicIds, ids.topics);
        const { topicStart, topics } = columns;
        return (i) => {
          const end = topicStart[i + 1] as number;
          for (let t = topicStart[i] as number; t < end; t++) {
            if (wanted.has(topics[t] as number)) return true;
          }
          return false;
        };
      },
      categoryIs: (category) => {
        const id = ids.categories.ids.get(category) ?? -1;
        const column = columns.category;
        return (i) => column[i] === id;
      },
      typeIs: (type) => {
        const id = ids.types.ids.get(type) ?? -1;
        const column = columns.type;
        return (i) => column[i] === id;
      },
      published: (i) => columns.published[i] as number,
      quality: (i) => (columns.quality[i] === NO_SCORE ? null : (columns.quality[i] as number)),
      heat: (i) => (columns.heat[i] === NO_SCORE ? null : (columns.heat[i] as number)),
    };
    return filterPredicate(where, scope, fields);
  }

  count(
    positions: EachPosition | undefined,
    matches: PositionPredicate | undefined,
    budget: RequestBudget,
  ): FacetTotals {
    const sizes = this.#sizes;
    const totals: FacetTotals = {
      total: 0,
      [FacetName.Categories]: new Int32Array(sizes.categories),
      [FacetName.Days]: new Int32Array(sizes.days),
      [FacetName.Providers]: new Int32Array(sizes.providers),
      [FacetName.Topics]: new Int32Array(sizes.topics),
    };
    const { provider, category, day, topicStart, topics } = this.#columns;
    let visited = 0;
    const add = (i: number) => {
      if (++visited % DEADLINE_CHECK_EVERY === 0) budget.checkDeadline();
      totals.total++;
      (totals.providers[provider[i] as number] as number)++;
      (totals.categories[category[i] as number] as number)++;
      (totals.days[day[i] as number] as number)++;
      const end = topicStart[i + 1] as number;
      for (let t = topicStart[i] as number; t < end; t++) {
        (totals.topics[topics[t] as number] as number)++;
      }
    };
    if (positions === undefined) {
      const dead = this.slots.dead;
      const size = this.slots.size;
      for (let i = 0; i < size; i++) {
        if (dead.has(i)) continue;
        if (!matches || matches(i)) add(i);
      }
    } else {
      positions((i) => {
        if (!matches || matches(i)) add(i);
      });
    }
    return totals;
  }
}

interface FacetTotals extends Record<FacetName, Int32Array> {
  total: number;
}

/**
 * The facet table of a layout: built on the first facet asked of it (or ahead, in slices, see
 * warm.ts), or derived from the previous layout's table by the delta.
 */
const tables = defineSlotStructure<FacetTable>({
  build: (slots) => FacetTable.build(slots),
  derive: (previous, delta) => previous.derive(delta),
});

const tableFor = (view: CorpusView): FacetTable => tables.of(slotsOf(view));

export function facetLimit(limit: number | null | undefined): number {
  if (limit === null || limit === undefined) return DEFAULT_FACET_LIMIT;
  if (limit < 0) {
    throw new QueryInputError(QueryErrorCode.NegativePageSize, '"first" must not be negative.');
  }
  if (limit > MAX_FACET_LIMIT) {
    throw new QueryInputError(
      QueryErrorCode.PageSizeTooLarge,
      `"first" is ${limit}; a facet lists at most ${MAX_FACET_LIMIT} values.`,
    );
  }
  return limit;
}

/**
 * Facet counts of one result set, counted on first read in a single pass. Topics, providers and
 * categories list the most frequent values first (ties by value); days list the newest first.
 * Counts are over the whole set, not the page, and a value with no match is not listed.
 */
export class ArticleFacets {
  readonly #view: CorpusView;
  /** The layout `positions` are slots of; the view's current one when not given. */
  #slots: ArticleSlots | undefined;
  readonly #positions: EachPosition | undefined;
  readonly #where: ArticleFilter | null | undefined;
  readonly #scope: ArticleScope | undefined;
  readonly #budget: RequestBudget;
  #totals: FacetTotals | undefined;

  constructor(
    view: CorpusView,
    positions: EachPosition | undefined,
    where: ArticleFilter | null | undefined,
    scope?: ArticleScope,
    budget: RequestBudget = UNLIMITED,
    slots?: ArticleSlots,
  ) {
    this.#slots = slots;
    this.#budget = budget;
    this.#view = view;
    this.#positions = positions;
    this.#where = where;
    this.#scope = scope;
  }

  /** Built on the first facet asked of the view, not on every connection that could ask. */
  get #table(): FacetTable {
    this.#slots ??= slotsOf(this.#view);
    return tables.of(this.#slots);
  }

  get #counted(): FacetTotals {
    if (!this.#totals) {
      const table = this.#table;
      this.#totals = table.count(
        this.#positions,
        table.predicate(this.#where, this.#scope),
        this.#budget,
      );
    }
    return this.#totals;
  }

  /** Articles in the set. */
  get total(): number {
    return this.#counted.total;
  }

  list(name: FacetName, limit?: number | null): FacetCount[] {
    const max = facetLimit(limit);
    const counts = this.#counted[name];
    const { order, rank, values, labels } = this.#table.dictionaries[name];
    const entry = (i: number): FacetCount => ({
      value: values[i] as string,
      label: labels[i] as string,
      count: counts[i] as number,
    });
    if (name === FacetName.Days) {
      const out: FacetCount[] = [];
      for (let r = order.length - 1; r >= 0 && out.length < max; r--) {
        const i = order[r] as number;
        if ((counts[i] as number) > 0) out.push(entry(i));
      }
      return out;
    }
    const present: number[] = [];
    for (let i = 0; i < counts.length; i++) if ((counts[i] as number) > 0) present.push(i);
    present.sort(
      (a, b) =>
        (counts[b] as number) - (counts[a] as number) || (rank[a] as number) - (rank[b] as number),
    );
    return present.slice(0, max).map(entry);
  }
}

/**
 * Builds the view's facet table now rather than on the first facet asked of it, in slices, so
 * serving continues meanwhile (a derived layout derives its table at once instead).
 */
export async function prepareFacets(view: CorpusView): Promise<void> {
  await prepareFacetsOf(slotsOf(view));
}

/** `prepareFacets` for a layout (a compaction builds one before it is installed). */
export async function prepareFacetsOf(slots: ArticleSlots): Promise<void> {
  if (tables.peek(slots)) return;
  const table = await FacetTable.buildInSlices(slots);
  if (!tables.peek(slots)) tables.set(slots, table);
}

/** `ArticleFilter` as a check of the slots of a layout, answered from its columns. */
export const slotPredicate = (
  slots: ArticleSlots,
  where: ArticleFilter | null | undefined,
): PositionPredicate | undefined => tables.of(slots).predicate(where);

/** Facets of the articles of a view that pass the filter (all of them without one). */
export const facetsOfView = (
  view: CorpusView,
  where?: ArticleFilter | null,
  scope?: ArticleScope,
  budget?: RequestBudget,
): ArticleFacets => new ArticleFacets(view, undefined, where, scope, budget);

/** `ArticleFilter` as a check of positions in `view.articles`, answered from the view's columns. */
export const positionPredicate = (
  view: CorpusView,
  where: ArticleFilter | null | undefined,
): PositionPredicate | undefined => tableFor(view).predicate(where);
