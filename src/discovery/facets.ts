import { type FilterFields, filterPredicate } from '../corpus/filter.ts';
import { QueryErrorCode, QueryInputError } from '../corpus/input-error.ts';
import type { ArticleFilter, ArticleScope } from '../corpus/query.ts';
import type { ArticleRecord } from '../corpus/records.ts';
import { type CorpusView, compareStrings, topicId } from '../corpus/view.ts';
import { DEADLINE_CHECK_EVERY, type RequestBudget, UNLIMITED } from './budget.ts';

/** A check of one position in `view.articles`. */
export type PositionPredicate = (position: number) => boolean;
/** Calls `visit` with each position of a result set in `view.articles`, synchronously. */
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

interface Dictionary {
  readonly values: readonly string[];
  readonly labels: readonly string[];
}

/** The interned ids of the given values; values the view does not have match nothing. */
const idsOf = (names: readonly string[], map: ReadonlyMap<string, number>): ReadonlySet<number> =>
  new Set(names.flatMap((n) => (map.has(n) ? [map.get(n) as number] : [])));

const utcDay = (date: Date): string => date.toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

/**
 * Every article's facet values as small integers, built once per view, so counting a result
 * set is one pass of array increments with no string work. Positions are `view.articles`'.
 */
class FacetTable {
  readonly size: number;
  readonly dictionaries: Readonly<Record<FacetName, Dictionary>>;
  readonly #provider: Int32Array;
  readonly #category: Int32Array;
  readonly #day: Int32Array;
  readonly #type: Int32Array;
  readonly #published: Float64Array;
  /** NO_SCORE when the article has none. */
  readonly #quality: Int32Array;
  readonly #heat: Int32Array;
  readonly #ids: Readonly<
    Record<'categories' | 'providers' | 'topics' | 'types', ReadonlyMap<string, number>>
  >;
  /** Topics of article i: #topics[#topicStart[i] .. #topicStart[i + 1]), each at most once. */
  readonly #topicStart: Int32Array;
  readonly #topics: Int32Array;

  constructor(view: CorpusView) {
    const articles = view.articles;
    const n = articles.length;
    this.size = n;
    // One pass interns every value as it comes; ids are then renumbered in sorted value order.
    const providers = new Interner();
    const categories = new Interner();
    const days = new Interner();
    const topics = new Interner();
    const types = new Interner();
    const provider = new Int32Array(n);
    const category = new Int32Array(n);
    const day = new Int32Array(n);
    const type = new Int32Array(n);
    const published = new Float64Array(n);
    const quality = new Int32Array(n);
    const heat = new Int32Array(n);
    const topicStart = new Int32Array(n + 1);
    const topicIds: number[] = [];
    // Names and days repeat across thousands of articles: normalise each distinct one once.
    const topicIdOfName = new Map<string, string>();
    const dayOfNumber = new Map<number, string>();
    for (let i = 0; i < n; i++) {
      const article = articles[i] as ArticleRecord;
      provider[i] = providers.id(article.provider.domain);
      category[i] = categories.id(article.category);
      type[i] = types.id(article.type);
      const time = article.publishedDateTime.getTime();
      published[i] = time;
      const dayNumber = Math.floor(time / DAY_MS);
      let dayValue = dayOfNumber.get(dayNumber);
      if (dayValue === undefined) {
        dayValue = utcDay(article.publishedDateTime);
        dayOfNumber.set(dayNumber, dayValue);
      }
      day[i] = days.id(dayValue);
      quality[i] = article.quality ?? NO_SCORE;
      heat[i] = article.heat ?? NO_SCORE;
      const first = topicIds.length;
      for (const name of article.topics) {
        let normalised = topicIdOfName.get(name);
        if (normalised === undefined) {
          normalised = topicId(name);
          topicIdOfName.set(name, normalised);
        }
        const id = topics.id(normalised);
        // Each topic at most once per article (two spellings can share an id).
        if (!topicIds.includes(id, first)) topicIds.push(id);
      }
      topicStart[i + 1] = topicIds.length;
    }
    const sortedProviders = providers.sorted(provider);
    const sortedCategories = categories.sorted(category);
    const sortedDays = days.sorted(day);
    const sortedTypes = types.sorted(type);
    const topicList = Int32Array.from(topicIds);
    const sortedTopics = topics.sorted(topicList);
    this.#ids = {
      categories: sortedCategories.ids,
      providers: sortedProviders.ids,
      topics: sortedTopics.ids,
      types: sortedTypes.ids,
    };
    this.#provider = provider;
    this.#category = category;
    this.#day = day;
    this.#type = type;
    this.#published = published;
    this.#quality = quality;
    this.#heat = heat;
    this.#topicStart = topicStart;
    this.#topics = topicList;
    const providerValues = sortedProviders.values;
    const topicValues = sortedTopics.values;
    const categoryValues = sortedCategories.values;
    const dayValues = sortedDays.values;
    const topicLabel = (id: string) => view.topics.get(id)?.name ?? id;
    const providerLabel = (domain: string) => view.providers.get(domain)?.name ?? domain;
    this.dictionaries = {
      [FacetName.Categories]: { values: categoryValues, labels: categoryValues },
      [FacetName.Days]: { values: dayValues, labels: dayValues },
      [FacetName.Providers]: {
        values: providerValues,
        labels: providerValues.map(providerLabel),
      },
      // A topic filter takes any case; the display spelling is the value a client sends back.
      [FacetName.Topics]: {
        values: topicValues.map(topicLabel),
        labels: topicValues.map(topicLabel),
      },
    };
  }

  /**
   * `ArticleFilter` (and scope) over the columns: corpus/filter.ts's one definition of a filter,
   * with the columns answering its elementary questions (interned ids instead of strings; the
   * same check on the records is several times slower, as records differ in shape). Undefined
   * when nothing is asked.
   */
  predicate(
    where: ArticleFilter | null | undefined,
    scope?: ArticleScope,
  ): PositionPredicate | undefined {
    return filterPredicate(where, scope, this.#fields);
  }

  readonly #fields: FilterFields<number> = {
    providerIn: (domains) => {
      const wanted = idsOf(domains, this.#ids.providers);
      const provider = this.#provider;
      return (i) => wanted.has(provider[i] as number);
    },
    topicIn: (topicIds) => {
      const wanted = idsOf(topicIds, this.#ids.topics);
      return (i) => {
        const end = this.#topicStart[i + 1] as number;
        for (let t = this.#topicStart[i] as number; t < end; t++) {
          if (wanted.has(this.#topics[t] as number)) return true;
        }
        return false;
      };
    },
    categoryIs: (category) => {
      const id = this.#ids.categories.get(category) ?? -1;
      return (i) => this.#category[i] === id;
    },
    typeIs: (type) => {
      const id = this.#ids.types.get(type) ?? -1;
      return (i) => this.#type[i] === id;
    },
    published: (i) => this.#published[i] as number,
    quality: (i) => (this.#quality[i] === NO_SCORE ? null : (this.#quality[i] as number)),
    heat: (i) => (this.#heat[i] === NO_SCORE ? null : (this.#heat[i] as number)),
  };

  count(
    positions: EachPosition | undefined,
    matches: PositionPredicate | undefined,
    budget: RequestBudget,
  ): FacetTotals {
    const totals: FacetTotals = {
      total: 0,
      [FacetName.Categories]: new Int32Array(this.dictionaries.categories.values.length),
      [FacetName.Days]: new Int32Array(this.dictionaries.days.values.length),
      [FacetName.Providers]: new Int32Array(this.dictionaries.providers.values.length),
      [FacetName.Topics]: new Int32Array(this.dictionaries.topics.values.length),
    };
    let visited = 0;
    const add = (i: number) => {
      if (++visited % DEADLINE_CHECK_EVERY === 0) budget.checkDeadline();
      totals.total++;
      (totals.providers[this.#provider[i] as number] as number)++;
      (totals.categories[this.#category[i] as number] as number)++;
      (totals.days[this.#day[i] as number] as number)++;
      const end = this.#topicStart[i + 1] as number;
      for (let t = this.#topicStart[i] as number; t < end; t++) {
        (totals.topics[this.#topics[t] as number] as number)++;
      }
    };
    if (positions === undefined) {
      for (let i = 0; i < this.size; i++) if (!matches || matches(i)) add(i);
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

/** Small integer ids for strings, in order of first sight, renumbered by sorted value at the end. */
class Interner {
  readonly #ids = new Map<string, number>();

  id(value: string): number {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.#ids.size;
      this.#ids.set(value, id);
    }
    return id;
  }

  /** Sorts the values, rewrites `column`'s ids to their sorted positions, and returns both. */
  sorted(column: Int32Array): { values: string[]; ids: Map<string, number> } {
    const values = [...this.#ids.keys()].sort(compareStrings);
    const ids = new Map(values.map((v, i) => [v, i]));
    const rank = new Int32Array(values.length);
    for (const [value, id] of this.#ids) rank[id] = ids.get(value) as number;
    for (let i = 0; i < column.length; i++) column[i] = rank[column[i] as number] as number;
    return { values, ids };
  }
}

const tables = new WeakMap<CorpusView, FacetTable>();

function tableFor(view: CorpusView): FacetTable {
  let table = tables.get(view);
  if (!table) {
    table = new FacetTable(view);
    tables.set(view, table);
  }
  return table;
}

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
  ) {
    this.#budget = budget;
    this.#view = view;
    this.#positions = positions;
    this.#where = where;
    this.#scope = scope;
  }

  /** Built on the first facet asked of the view, not on every connection that could ask. */
  get #table(): FacetTable {
    return tableFor(this.#view);
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
    const { values, labels } = this.#table.dictionaries[name];
    const entry = (i: number): FacetCount => ({
      value: values[i] as string,
      label: labels[i] as string,
      count: counts[i] as number,
    });
    if (name === FacetName.Days) {
      const out: FacetCount[] = [];
      for (let i = counts.length - 1; i >= 0 && out.length < max; i--) {
        if ((counts[i] as number) > 0) out.push(entry(i));
      }
      return out;
    }
    const present: number[] = [];
    for (let i = 0; i < counts.length; i++) if ((counts[i] as number) > 0) present.push(i);
    present.sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
    return present.slice(0, max).map(entry);
  }
}

/** Builds the view's facet table now rather than on the first facet asked of it. */
export function prepareFacets(view: CorpusView): void {
  tableFor(view);
}

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
