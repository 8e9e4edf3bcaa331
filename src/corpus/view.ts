import { type ArticleRecord, lastUpdateOf } from '../content/records.ts';
import { ChunkedList, type ListView } from './chunked-list.ts';
import type { ArticleDelta, ViewDerivation } from './delta.ts';
import { LayeredMap } from './layered-map.ts';
import { ArticleOrderField, type ProviderRecord, type TopicRecord } from './records.ts';
import { withChanges } from './sorted.ts';
import { trendingRank } from './trending.ts';

export const topicId = (name: string): string => name.trim().toLowerCase();

/** The numeric sort value of an article for an ordering; missing scores sort as -1 (last). */
export function orderValue(article: ArticleRecord, field: ArticleOrderField): number {
  switch (field) {
    case ArticleOrderField.PublishedDateTime:
      return article.publishedDateTime.getTime();
    case ArticleOrderField.Quality:
      return article.quality ?? -1;
    case ArticleOrderField.Heat:
      return article.heat ?? -1;
    case ArticleOrderField.Trending:
      return trendingRank(article);
    case ArticleOrderField.UpdatedDateTime:
      return lastUpdateOf(article).getTime();
  }
}

/** Descending by value, then key ascending: a total order, so keyset cursors are unambiguous. */
export function compareDescending(field: ArticleOrderField) {
  return (a: ArticleRecord, b: ArticleRecord): number => {
    const diff = orderValue(b, field) - orderValue(a, field);
    if (diff !== 0) return diff;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
}

/** How a provider got its name, so the next view can tell whether it changes. */
interface ProviderSource {
  /** References from related coverage (a provider may be known only through them). */
  readonly related: number;
  /** The file of the article that named it: the first (by file name) of its own, else of its related. */
  readonly giver: string;
  readonly own: boolean;
}

/** File-name order: the order of `articles`, as a load gives them. */
export const byFile = (a: ArticleRecord, b: ArticleRecord): number =>
  compareStrings(a.file, b.file);
const byDomain = (a: ProviderRecord, b: ProviderRecord): number =>
  compareStrings(a.domain, b.domain);
const byTopicId = (a: TopicRecord, b: TopicRecord): number =>
  compareStrings(topicId(a.name), topicId(b.name));
const newestFirst = compareDescending(ArticleOrderField.PublishedDateTime);
const SORTED_FIELDS = [
  ArticleOrderField.PublishedDateTime,
  ArticleOrderField.Quality,
  ArticleOrderField.Heat,
  ArticleOrderField.Trending,
] as const;

/** Everything a view holds, whether built from its records or derived from the previous view. */
interface ViewParts {
  /** File-name order, chunked so a derivation shares what it does not touch. */
  readonly fileOrder: ChunkedList<ArticleRecord>;
  readonly byKey: LayeredMap<string, ArticleRecord>;
  readonly bySourceUrl: LayeredMap<string, ArticleRecord>;
  readonly providers: LayeredMap<string, ProviderRecord>;
  readonly providerSources: LayeredMap<string, ProviderSource>;
  readonly providerList: readonly ProviderRecord[];
  readonly topics: LayeredMap<string, TopicRecord>;
  readonly topicGivers: LayeredMap<string, string>;
  readonly topicList: readonly TopicRecord[];
  readonly sorted: Readonly<Record<(typeof SORTED_FIELDS)[number], ChunkedList<ArticleRecord>>>;
  /** Undefined until someone asks for the UPDATED_DATE_TIME order. */
  readonly byUpdate: ChunkedList<ArticleRecord> | undefined;
  readonly byProvider: LayeredMap<string, ChunkedList<ArticleRecord>>;
  readonly byTopic: LayeredMap<string, ChunkedList<ArticleRecord>>;
  /** Whether `articles` is in file-name order (what a load gives); derivation keeps it so. */
  readonly fileOrdered: boolean;
  readonly derivation: ViewDerivation | undefined;
}

/**
 * What one audience may see of a snapshot: the public view leaves drafts out of everything
 * (lookups, lists, providers and topics known only through drafts, counts); the preview view
 * has them all. Built once per snapshot so requests only read: from its records at start, and
 * afterwards derived from the previous snapshot's view by the delta (`derive`), at a cost that
 * follows the change, not the corpus.
 */
export class CorpusView {
  /** How many articles the view holds (`articles.length` without making the array). */
  readonly size: number;
  readonly byKey: ReadonlyMap<string, ArticleRecord>;
  readonly bySourceUrl: ReadonlyMap<string, ArticleRecord>;
  readonly providers: ReadonlyMap<string, ProviderRecord>;
  /** Providers sorted by domain, for stable pagination. */
  readonly providerList: readonly ProviderRecord[];
  /** Keyed by `topicId(name)`. */
  readonly topics: ReadonlyMap<string, TopicRecord>;
  /** Topics sorted by id. */
  readonly topicList: readonly TopicRecord[];
  /**
   * Articles sorted newest/highest first for each ordering; chunked, so the next snapshot's
   * lists share what a change does not touch (read them by `at` or by iterating).
   */
  readonly ordered: Readonly<Record<ArticleOrderField, ListView<ArticleRecord>>>;
  /** Each provider's articles, newest first (chunked: a change copies one chunk of a list). */
  readonly byProvider: ReadonlyMap<string, ListView<ArticleRecord>>;
  /** Each topic's articles (keyed by topic id), newest first (chunked, as byProvider). */
  readonly byTopic: ReadonlyMap<string, ListView<ArticleRecord>>;
  /**
   * Set when this view was derived from the previous snapshot's view by a delta (undefined for a
   * view built from scratch): derived structures can follow the same delta.
   */
  readonly derivation: ViewDerivation | undefined;
  readonly #parts: ViewParts;

  /**
   * `within` is a view of a superset of `articles` (the preview, for the public view): its sorted
   * lists are filtered down, which keeps their order, instead of sorting again.
   */
  constructor(articles: readonly ArticleRecord[], within?: CorpusView, parts?: ViewParts) {
    const built = parts ?? buildParts(articles, within);
    this.#parts = built;
    this.size = built.fileOrder.length;
    // A view built from its records keeps their array; a derived one makes it when first read.
    if (!parts) this.#articles = articles;
    this.byKey = built.byKey;
    this.bySourceUrl = built.bySourceUrl;
    this.providers = built.providers;
    this.providerList = built.providerList;
    this.topics = built.topics;
    this.topicList = built.topicList;
    this.byProvider = built.byProvider;
    this.byTopic = built.byTopic;
    this.derivation = built.derivation;
    let byUpdate = built.byUpdate;
    const sorted = built.sorted;
    const self = this;
    this.ordered = {
      ...sorted,
      // Sorted on first use: few clients ask for it, and every snapshot would pay for it. Once
      // sorted, later snapshots derive it like the others.
      get [ArticleOrderField.UpdatedDateTime]() {
        byUpdate ??= updatedOrder(self.articles, within);
        self.#byUpdate = byUpdate;
        return byUpdate;
      },
    };
  }

  #byUpdate: ChunkedList<ArticleRecord> | undefined;
  #articles: readonly ArticleRecord[] | undefined;

  /**
   * In file-name order, as loaded. A derived view makes this array on first read (a copy of
   * the corpus): the per-change path never reads it, so a change does not pay for it.
   */
  get articles(): readonly ArticleRecord[] {
    this.#articles ??= this.#parts.fileOrder.toArray();
    return this.#articles;
  }

  /**
   * The view after `delta` (records leaving and entering; an edit is both), sharing everything
   * the delta does not touch. `removed` records must be in this view. The result's
   * `derivation` points back here, for structures built over views to follow.
   */
  derive(delta: ArticleDelta): CorpusView {
    const parts = this.#parts;
    const { added, removed } = delta;
    if (!parts.fileOrdered) {
      const gone = new Set(removed);
      return new CorpusView([...this.articles.filter((a) => !gone.has(a)), ...added]);
    }
    const fileOrder = parts.fileOrder.withChanges(removed, added, byFile);
    const removedKeys = removed.map((a) => a.key);
    const byKey = parts.byKey.with(
      added.map((a) => [a.key, a] as const),
      removedKeys.filter((key) => parts.byKey.get(key) !== undefined),
    );
    const bySourceUrl = parts.bySourceUrl.with(
      added.map((a) => [a.sourceUrl, a] as const),
      removed.map((a) => a.sourceUrl),
    );
    const sorted = {} as Record<(typeof SORTED_FIELDS)[number], ChunkedList<ArticleRecord>>;
    for (const field of SORTED_FIELDS) {
      sorted[field] = parts.sorted[field].withChanges(removed, added, compareDescending(field));
    }
    const byUpdate = this.#byUpdate?.withChanges(
      removed,
      added,
      compareDescending(ArticleOrderField.UpdatedDateTime),
    );
    const byProvider = regroup(parts.byProvider, removed, added, (a) => [a.provider.domain]);
    const byTopic = regroup(parts.byTopic, removed, added, (a) => a.topics.map(topicId));
    const providersNext = nextProviders(parts, fileOrder, byProvider, removed, added);
    const topicsNext = nextTopics(parts, byTopic, removed, added);
    return new CorpusView([], undefined, {
      fileOrder,
      byKey,
      bySourceUrl,
      ...providersNext,
      ...topicsNext,
      sorted,
      byUpdate,
      byProvider,
      byTopic,
      fileOrdered: true,
      derivation: { previous: new WeakRef(this), delta },
    });
  }
}

/** The article of the earliest file name in a non-empty list. */
function earliestFile(list: Iterable<ArticleRecord>): ArticleRecord {
  let first: ArticleRecord | undefined;
  for (const article of list) if (first === undefined || article.file < first.file) first = article;
  return first as ArticleRecord;
}

/** True when `article` exists and its file comes no later than `file`. */
const earlier = (article: ArticleRecord | undefined, file: string): boolean =>
  article !== undefined && article.file <= file;

function buildParts(articles: readonly ArticleRecord[], within?: CorpusView): ViewParts {
  const byKey = new Map(articles.map((a) => [a.key, a]));
  const bySourceUrl = new Map(articles.map((a) => [a.sourceUrl, a]));
  const providers = new Map<string, ProviderRecord>();
  const providerSources = new Map<string, ProviderSource>();
  const topics = new Map<string, TopicRecord>();
  const topicGivers = new Map<string, string>();
  let fileOrdered = true;
  for (let i = 0; i < articles.length; i++) {
    const article = articles[i] as ArticleRecord;
    if (i > 0 && compareStrings((articles[i - 1] as ArticleRecord).file, article.file) >= 0) {
      fileOrdered = false;
    }
    const { domain, name } = article.provider;
    if (!providers.has(domain)) {
      providers.set(domain, Object.freeze({ domain, name }));
      providerSources.set(domain, { related: 0, giver: article.file, own: true });
    }
    for (const topic of article.topics) {
      const id = topicId(topic);
      if (!topics.has(id)) {
        topics.set(id, Object.freeze({ name: topic }));
        topicGivers.set(id, article.file);
      }
    }
  }
  // Providers seen only in related coverage are still nodes (Related.provider points at them).
  for (const article of articles) {
    for (const related of article.related) {
      const p = related.provider;
      if (!p) continue;
      const source = providerSources.get(p.domain);
      if (source === undefined) {
        providers.set(p.domain, Object.freeze({ domain: p.domain, name: p.name }));
        providerSources.set(p.domain, { related: 1, giver: article.file, own: false });
      } else providerSources.set(p.domain, { ...source, related: source.related + 1 });
    }
  }
  const providerList = [...providers.values()].sort(byDomain);
  const topicList = [...topics.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([, t]) => t);

  let included: Set<ArticleRecord> | undefined;
  let keyRanks: Int32Array | undefined;
  const order = (field: ArticleOrderField): ChunkedList<ArticleRecord> => {
    if (!within) {
      keyRanks ??= rankByKey(articles);
      return ChunkedList.of(sortDescending(articles, field, keyRanks));
    }
    included ??= new Set(articles);
    return ChunkedList.of(only(within.ordered[field], included));
  };
  const sorted = {
    [ArticleOrderField.PublishedDateTime]: order(ArticleOrderField.PublishedDateTime),
    [ArticleOrderField.Quality]: order(ArticleOrderField.Quality),
    [ArticleOrderField.Heat]: order(ArticleOrderField.Heat),
    [ArticleOrderField.Trending]: order(ArticleOrderField.Trending),
  };
  // Walking the newest-first list fills every provider's and topic's list already in order.
  const byProvider = new Map<string, ArticleRecord[]>();
  const byTopic = new Map<string, ArticleRecord[]>();
  for (const article of sorted[ArticleOrderField.PublishedDateTime]) {
    push(byProvider, article.provider.domain, article);
    for (const topic of article.topics) push(byTopic, topicId(topic), article);
  }
  return {
    fileOrder: ChunkedList.of(articles),
    byKey: LayeredMap.of(byKey),
    bySourceUrl: LayeredMap.of(bySourceUrl),
    providers: LayeredMap.of(providers),
    providerSources: LayeredMap.of(providerSources),
    providerList,
    topics: LayeredMap.of(topics),
    topicGivers: LayeredMap.of(topicGivers),
    topicList,
    sorted,
    byUpdate: undefined,
    byProvider: chunkedGroups(byProvider),
    byTopic: chunkedGroups(byTopic),
    fileOrdered,
    derivation: undefined,
  };
}

function updatedOrder(
  articles: readonly ArticleRecord[],
  within: CorpusView | undefined,
): ChunkedList<ArticleRecord> {
  if (!within) return ChunkedList.of(sortDescending(articles, ArticleOrderField.UpdatedDateTime));
  const inside = new Set(articles);
  return ChunkedList.of(only(within.ordered[ArticleOrderField.UpdatedDateTime], inside));
}

/** The elements of `list` in `inside`, in the list's order. */
function only<T>(list: Iterable<T>, inside: ReadonlySet<T>): T[] {
  const out: T[] = [];
  for (const item of list) if (inside.has(item)) out.push(item);
  return out;
}

/** Each group's newest-first list (already in order) as a chunked list. */
function chunkedGroups(
  groups: ReadonlyMap<string, readonly ArticleRecord[]>,
): LayeredMap<string, ChunkedList<ArticleRecord>> {
  const chunked = new Map<string, ChunkedList<ArticleRecord>>();
  for (const [group, list] of groups) chunked.set(group, ChunkedList.of(list));
  return LayeredMap.of(chunked);
}

/** Per-group newest-first lists with only the groups the delta touches changed. */
function regroup(
  groups: LayeredMap<string, ChunkedList<ArticleRecord>>,
  removed: readonly ArticleRecord[],
  added: readonly ArticleRecord[],
  groupsOf: (article: ArticleRecord) => readonly string[],
): LayeredMap<string, ChunkedList<ArticleRecord>> {
  const changes = new Map<string, { removed: ArticleRecord[]; added: ArticleRecord[] }>();
  const changeOf = (group: string) => {
    let change = changes.get(group);
    if (!change) {
      change = { removed: [], added: [] };
      changes.set(group, change);
    }
    return change;
  };
  for (const article of removed)
    for (const g of groupsOf(article)) changeOf(g).removed.push(article);
  for (const article of added) for (const g of groupsOf(article)) changeOf(g).added.push(article);
  const set: [string, ChunkedList<ArticleRecord>][] = [];
  const gone: string[] = [];
  for (const [group, change] of changes) {
    const before = groups.get(group);
    const list = before
      ? before.withChanges(change.removed, change.added, newestFirst)
      : ChunkedList.of(change.added.sort(newestFirst));
    if (list.length > 0) set.push([group, list]);
    else gone.push(group);
  }
  return groups.with(set, gone);
}

/**
 * Providers after a delta. A provider stays while any article names it, as its own or in related
 * coverage; its name is the first article's (by file name) of its own, else the first related
 * mention's, as when built from scratch. Only providers the delta touches are looked at; finding
 * a new name-giver after the old one left scans that provider's list (or, for a provider known
 * only from related coverage, the articles up to the first mention).
 */
function nextProviders(
  parts: ViewParts,
  articles: Iterable<ArticleRecord>,
  byProvider: ReadonlyMap<string, ChunkedList<ArticleRecord>>,
  removed: readonly ArticleRecord[],
  added: readonly ArticleRecord[],
): Pick<ViewParts, 'providers' | 'providerSources' | 'providerList'> {
  const relatedDelta = new Map<string, number>();
  const touched = new Set<string>();
  const count = (article: ArticleRecord, step: number) => {
    touched.add(article.provider.domain);
    for (const related of article.related) {
      const domain = related.provider?.domain;
      if (domain === undefined) continue;
      touched.add(domain);
      relatedDelta.set(domain, (relatedDelta.get(domain) ?? 0) + step);
    }
  };
  for (const article of removed) count(article, -1);
  for (const article of added) count(article, 1);
  const removedFiles = new Set(removed.map((a) => a.file));
  const relatedName = (article: ArticleRecord, domain: string) =>
    article.related.find((r) => r.provider?.domain === domain)?.provider?.name;

  const setRecords: [string, ProviderRecord][] = [];
  const setSources: [string, ProviderSource][] = [];
  const gone: string[] = [];
  const listRemoved: ProviderRecord[] = [];
  const listAdded: ProviderRecord[] = [];
  for (const domain of touched) {
    const before = parts.providerSources.get(domain);
    const record = parts.providers.get(domain);
    const related = (before?.related ?? 0) + (relatedDelta.get(domain) ?? 0);
    const own = byProvider.get(domain);
    if (own === undefined && related === 0) {
      if (record) {
        gone.push(domain);
        listRemoved.push(record);
      }
      continue;
    }
    const isOwn = own !== undefined;
    const contributes = (a: ArticleRecord) =>
      isOwn ? a.provider.domain === domain : relatedName(a, domain) !== undefined;
    let giver: ArticleRecord | undefined;
    for (const a of added) {
      if (contributes(a) && (giver === undefined || a.file < giver.file)) giver = a;
    }
    let name: string | undefined;
    if (before && before.own === isOwn && !removedFiles.has(before.giver)) {
      // The old name-giver is still there; only an earlier file among the new ones can take over.
      if (giver !== undefined && giver.file >= before.giver) giver = undefined;
      if (giver === undefined) {
        name = record?.name;
        setSources.push([domain, { ...before, related }]);
      }
    } else if (
      before !== undefined &&
      (before.own || !isOwn) &&
      !(before.own === isOwn && earlier(giver, before.giver))
    ) {
      // The name-giver left (or the last article of its own did) and no new file precedes it:
      // the others all come later than it did, so find the first one. (A provider new to the
      // view, or one just gaining its first own article, has only new contributors.)
      giver = isOwn
        ? earliestFile(own as ChunkedList<ArticleRecord>)
        : firstOf(articles, (a) => relatedName(a, domain) !== undefined);
    }
    if (giver !== undefined) {
      name = isOwn ? giver.provider.name : relatedName(giver, domain);
      setSources.push([domain, { related, giver: giver.file, own: isOwn }]);
    }
    const next: ProviderRecord =
      record && record.name === name ? record : Object.freeze({ domain, name: name as string });
    if (next !== record) {
      setRecords.push([domain, next]);
      if (record) listRemoved.push(record);
      listAdded.push(next);
    }
  }
  return {
    providers: parts.providers.with(setRecords, gone),
    providerSources: parts.providerSources.with(setSources, gone),
    providerList:
      listRemoved.length + listAdded.length === 0
        ? parts.providerList
        : withChanges(parts.providerList, listRemoved, listAdded, byDomain),
  };
}

/** Topics after a delta, named by the first article (by file name) that has them. */
function nextTopics(
  parts: ViewParts,
  byTopic: ReadonlyMap<string, ChunkedList<ArticleRecord>>,
  removed: readonly ArticleRecord[],
  added: readonly ArticleRecord[],
): Pick<ViewParts, 'topics' | 'topicGivers' | 'topicList'> {
  const touched = new Set<string>();
  for (const article of [...removed, ...added])
    for (const t of article.topics) touched.add(topicId(t));
  const removedFiles = new Set(removed.map((a) => a.file));
  const spelling = (article: ArticleRecord, id: string) =>
    article.topics.find((t) => topicId(t) === id) as string;
  const setRecords: [string, TopicRecord][] = [];
  const setGivers: [string, string][] = [];
  const gone: string[] = [];
  const listRemoved: TopicRecord[] = [];
  const listAdded: TopicRecord[] = [];
  for (const id of touched) {
    const record = parts.topics.get(id);
    const members = byTopic.get(id);
    if (members === undefined) {
      if (record) {
        gone.push(id);
        listRemoved.push(record);
      }
      continue;
    }
    const before = parts.topicGivers.get(id);
    let giver: ArticleRecord | undefined;
    for (const a of added) {
      if (a.topics.some((t) => topicId(t) === id) && (giver === undefined || a.file < giver.file)) {
        giver = a;
      }
    }
    if (before !== undefined && !removedFiles.has(before)) {
      if (giver !== undefined && giver.file >= before) giver = undefined;
      if (giver === undefined) continue;
    } else if (before !== undefined && !earlier(giver, before)) {
      giver = earliestFile(members);
    }
    const chosen = giver as ArticleRecord;
    setGivers.push([id, chosen.file]);
    const name = spelling(chosen, id);
    if (record?.name === name) continue;
    const next: TopicRecord = Object.freeze({ name });
    setRecords.push([id, next]);
    if (record) listRemoved.push(record);
    listAdded.push(next);
  }
  return {
    topics: parts.topics.with(setRecords, gone),
    topicGivers: parts.topicGivers.with(setGivers, gone),
    topicList:
      listRemoved.length + listAdded.length === 0
        ? parts.topicList
        : withChanges(parts.topicList, listRemoved, listAdded, byTopicId),
  };
}

/**
 * Each article's rank by key (keys are unique): a sort then breaks ties with one integer
 * comparison instead of a string comparison. QUALITY and HEAT hold few distinct values, so most
 * of their comparisons are ties (at 100k: ~230 ms per sort before, ~60 ms after, plus ~100 ms
 * for the ranks, once per view).
 */
function rankByKey(articles: readonly ArticleRecord[]): Int32Array {
  const positions = Array.from(articles, (_, i) => i);
  positions.sort((i, j) =>
    compareStrings((articles[i] as ArticleRecord).key, (articles[j] as ArticleRecord).key),
  );
  const ranks = new Int32Array(articles.length);
  for (let rank = 0; rank < positions.length; rank++) ranks[positions[rank] as number] = rank;
  return ranks;
}

/**
 * `compareDescending`'s order, with each article's value computed once instead of in every
 * comparison (the TRENDING value is a logarithm) and the key order given as ranks.
 */
export function sortDescending(
  articles: readonly ArticleRecord[],
  field: ArticleOrderField,
  keyRanks: Int32Array = rankByKey(articles),
): ArticleRecord[] {
  const values = new Float64Array(articles.length);
  for (let i = 0; i < articles.length; i++) {
    values[i] = orderValue(articles[i] as ArticleRecord, field);
  }
  const positions = Array.from(articles, (_, i) => i);
  positions.sort(
    (i, j) =>
      (values[j] as number) - (values[i] as number) ||
      (keyRanks[i] as number) - (keyRanks[j] as number),
  );
  return positions.map((i) => articles[i] as ArticleRecord);
}

function firstOf<T>(list: Iterable<T>, test: (item: T) => boolean): T | undefined {
  for (const item of list) if (test(item)) return item;
  return undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
