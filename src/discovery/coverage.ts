import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ChunkedList, type ListView } from '../corpus/chunked-list.ts';
import { LayeredMap } from '../corpus/layered-map.ts';
import { ArticleOrderField, type ArticleRecord, type ProviderRecord } from '../corpus/records.ts';
import { type CorpusView, compareDescending, compareStrings } from '../corpus/view.ts';
import { type ArticleSlots, defineSlotStructure, type SlotDelta, slotsOf } from './slots.ts';

/** Articles handled between two yields to the event loop. */
const BUILD_SLICE = 2_000;

/** One story: corpus articles joined by related links, and every provider that covers it. */
export interface Story {
  /** Newest first, ties by key. */
  readonly articles: ListView<ArticleRecord>;
  /**
   * The members' providers and those named by their related links, sorted; resolved against the
   * asking view, so a provider renamed elsewhere reads as it does now.
   */
  readonly domains: readonly string[];
}

/** What `Article.coverage` answers: the story seen from one of its articles. */
export interface StoryCoverage {
  /** How many other corpus articles the story has. */
  readonly articleCount: number;
  /** The first `limit` other corpus articles of the story, newest first. */
  articles(limit: number): ArticleRecord[];
  readonly providers: readonly ProviderRecord[];
}

/** Union-find over positions, with path halving and union by size. */
class DisjointSets {
  readonly #parent: Int32Array;
  readonly #size: Int32Array;

  constructor(n: number) {
    this.#parent = Int32Array.from({ length: n }, (_, i) => i);
    this.#size = new Int32Array(n).fill(1);
  }

  find(i: number): number {
    let x = i;
    while (this.#parent[x] !== x) {
      const grandparent = this.#parent[this.#parent[x] as number] as number;
      this.#parent[x] = grandparent;
      x = grandparent;
    }
    return x;
  }

  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if ((this.#size[ra] as number) < (this.#size[rb] as number)) [ra, rb] = [rb, ra];
    this.#parent[rb] = ra;
    this.#size[ra] = (this.#size[ra] as number) + (this.#size[rb] as number);
  }
}

/** `map` with `changes` applied: a value sets its key, null removes it. */
function applyChanges<K, V>(map: LayeredMap<K, V>, changes: ReadonlyMap<K, V | null>) {
  if (changes.size === 0) return map;
  const set: [K, V][] = [];
  const remove: K[] = [];
  for (const [key, value] of changes) {
    if (value === null) remove.push(key);
    else set.push([key, value]);
  }
  return map.with(set, remove);
}

/** The provider domains an article brings to its story: its own and its related links'. */
function domainsOf(article: ArticleRecord): Set<string> {
  const domains = new Set([article.provider.domain]);
  for (const related of article.related) if (related.provider) domains.add(related.provider.domain);
  return domains;
}

const newestFirst = compareDescending(ArticleOrderField.PublishedDateTime);

/**
 * A story with how many members bring each domain, so a change updates it without a rescan. Its
 * members are chunked: the generated corpora link most articles into one story, and a change to
 * it copied (or filtered) the whole member list, the largest item of a one-file change at
 * 100,000 articles and, with the garbage of a million-entry copy, at a million.
 */
interface Group extends Story {
  readonly articles: ChunkedList<ArticleRecord>;
  readonly domainCounts: ReadonlyMap<string, number>;
}

function groupOf(articles: ChunkedList<ArticleRecord>, counts?: Map<string, number>): Group {
  const domainCounts = counts ?? new Map<string, number>();
  if (!counts) {
    for (const article of articles) {
      for (const d of domainsOf(article)) domainCounts.set(d, (domainCounts.get(d) ?? 0) + 1);
    }
  }
  const domains = [...domainCounts.keys()].filter((d) => (domainCounts.get(d) as number) > 0);
  return { articles, domains: domains.sort(compareStrings), domainCounts };
}

/**
 * The stories of one layout's view: each article's group, each group's story, and which articles
 * link to each URL (to find the stories a new article joins). Derived from the previous view's
 * by the delta: a new article joins (and merges) the stories it links with, the smaller ones
 * renumbered into the largest; an edit that keeps its links is moved within its story; only a
 * removal or a change of links regroups the stories it touches.
 */
class Stories {
  readonly #view: CorpusView;
  // Persistent maps: a derivation sets what changed in time that follows the change, however
  // many derivations came before (a copied overlay grew with every change since the build).
  readonly #groupOf: LayeredMap<string, number>;
  readonly #groups: LayeredMap<number, Group>;
  readonly #linkers: LayeredMap<string, readonly ArticleRecord[]>;
  readonly #nextGroup: number;

  constructor(
    view: CorpusView,
    groupOfKey: LayeredMap<string, number>,
    groups: LayeredMap<number, Group>,
    linkers: LayeredMap<string, readonly ArticleRecord[]>,
    nextGroup: number,
  ) {
    this.#view = view;
    this.#groupOf = groupOfKey;
    this.#groups = groups;
    this.#linkers = linkers;
    this.#nextGroup = nextGroup;
  }

  get(key: string): Story | undefined {
    const group = this.#groupOf.get(key);
    return group === undefined ? undefined : this.#groups.get(group);
  }

  derive(delta: SlotDelta): Stories {
    const view = delta.slots.view;
    const groupChanges = new Map<string, number | null>();
    const storyChanges = new Map<number, Group | null>();
    const linkerChanges = new Map<string, ArticleRecord[]>();
    let nextGroup = this.#nextGroup;
    const groupIdOf = (key: string): number | undefined => {
      const changed = groupChanges.get(key);
      return changed === undefined ? this.#groupOf.get(key) : (changed ?? undefined);
    };
    const storyOf = (id: number): Group | undefined => {
      const changed = storyChanges.get(id);
      return changed === undefined ? this.#groups.get(id) : (changed ?? undefined);
    };
    const linkersOf = (url: string): ArticleRecord[] => {
      let list = linkerChanges.get(url);
      if (!list) {
        list = [...(this.#linkers.get(url) ?? [])];
        linkerChanges.set(url, list);
      }
      return list;
    };
    const linksOf = (a: ArticleRecord) => a.related.map((r) => r.sourceUrl).join('\n');

    // Edits that keep the article's URL and links keep its story: moved within it.
    const addedByKey = new Map(delta.added.map(([, a]) => [a.key, a]));
    const inPlace = new Map<ArticleRecord, ArticleRecord>();
    for (const [, old] of delta.removed) {
      const next = addedByKey.get(old.key);
      if (next && next.sourceUrl === old.sourceUrl && linksOf(next) === linksOf(old)) {
        inPlace.set(old, next);
      }
    }
    const replaced = new Set(inPlace.values());
    for (const [old, next] of inPlace) {
      const id = groupIdOf(old.key) as number;
      const story = storyOf(id) as Group;
      const articles = story.articles.withChanges([old], [next], newestFirst);
      const counts = new Map(story.domainCounts);
      for (const d of domainsOf(old)) counts.set(d, (counts.get(d) as number) - 1);
      for (const d of domainsOf(next)) counts.set(d, (counts.get(d) ?? 0) + 1);
      storyChanges.set(id, groupOf(articles, counts));
      for (const related of old.related) {
        const list = linkersOf(related.sourceUrl);
        const at = list.indexOf(old);
        if (at >= 0) list[at] = next;
      }
    }

    // Other removals (and edits of links) may split the stories they leave. Only the pieces that
    // break off are looked for (see `splitOff`); the story keeps its id and the rest of its
    // members, so a removal from a large story costs its neighbourhood, not the story.
    const removed = delta.removed.filter(([, a]) => !inPlace.has(a)).map(([, a]) => a);
    if (removed.length > 0) {
      const gone = new Set(removed);
      const entering = new Set(delta.added.map(([, a]) => a).filter((a) => !replaced.has(a)));
      const byStory = new Map<number, ArticleRecord[]>();
      for (const record of removed) {
        const id = groupIdOf(record.key) as number;
        groupChanges.set(record.key, null);
        for (const related of record.related) {
          const list = linkersOf(related.sourceUrl);
          const at = list.indexOf(record);
          if (at >= 0) list.splice(at, 1);
        }
        const leaving = byStory.get(id);
        if (leaving) leaving.push(record);
        else byStory.set(id, [record]);
      }
      // A member's links within its story, in the view before the additions join.
      const neighbours = (article: ArticleRecord, id: number): ArticleRecord[] => {
        const out: ArticleRecord[] = [];
        const member = (other: ArticleRecord | undefined) =>
          other !== undefined &&
          !gone.has(other) &&
          !entering.has(other) &&
          groupIdOf(other.key) === id;
        for (const related of article.related) {
          const linked = view.bySourceUrl.get(related.sourceUrl);
          if (member(linked)) out.push(linked as ArticleRecord);
        }
        for (const linker of linkersOf(article.sourceUrl)) if (member(linker)) out.push(linker);
        return out;
      };
      for (const [id, leaving] of byStory) {
        const story = storyOf(id) as Group;
        const seeds = new Set<ArticleRecord>();
        for (const record of leaving) for (const n of neighbours(record, id)) seeds.add(n);
        const pieces = splitOff([...seeds], (a) => neighbours(a, id));
        const out = new Set<ArticleRecord>(leaving);
        for (const piece of pieces) for (const a of piece) out.add(a);
        const articles = story.articles.withChanges([...out], [], newestFirst);
        if (articles.length === 0) {
          storyChanges.set(id, null);
          continue;
        }
        const counts = new Map(story.domainCounts);
        for (const a of out) {
          for (const d of domainsOf(a)) counts.set(d, (counts.get(d) as number) - 1);
        }
        storyChanges.set(id, groupOf(articles, counts));
        for (const piece of pieces) {
          const pieceId = nextGroup++;
          storyChanges.set(pieceId, groupOf(ChunkedList.of(piece.sort(newestFirst))));
          for (const a of piece) groupChanges.set(a.key, pieceId);
        }
      }
    }

    // New articles (and edits of links) join every story they link with, either way.
    for (const [, article] of delta.added) {
      if (replaced.has(article)) continue;
      for (const related of article.related) linkersOf(related.sourceUrl).push(article);
    }
    for (const [, article] of delta.added) {
      if (replaced.has(article)) continue;
      const ids = new Set<number>();
      for (const related of article.related) {
        const linked = view.bySourceUrl.get(related.sourceUrl);
        const id = linked && groupIdOf(linked.key);
        if (id !== undefined) ids.add(id);
      }
      for (const linker of linkersOf(article.sourceUrl)) {
        const id = groupIdOf(linker.key);
        if (id !== undefined) ids.add(id);
      }
      const joined = [...ids].map((id) => [id, storyOf(id) as Group] as const);
      joined.sort(([, a], [, b]) => b.articles.length - a.articles.length);
      const [largest] = joined;
      const id = largest ? largest[0] : nextGroup++;
      const counts = new Map(largest?.[1].domainCounts ?? []);
      const incoming = [article, ...joined.slice(1).flatMap(([, story]) => [...story.articles])];
      for (const a of incoming) {
        for (const d of domainsOf(a)) counts.set(d, (counts.get(d) ?? 0) + 1);
        groupChanges.set(a.key, id);
      }
      const members = largest ? largest[1].articles : ChunkedList.of<ArticleRecord>([]);
      for (const [other] of joined.slice(1)) storyChanges.set(other, null);
      storyChanges.set(id, groupOf(members.withChanges([], incoming, newestFirst), counts));
    }
    return new Stories(
      view,
      applyChanges(this.#groupOf, groupChanges),
      applyChanges(this.#groups, storyChanges),
      this.#linkers.with(linkerChanges),
      nextGroup,
    );
  }

  /** The provider records of a story, as this view knows them. */
  providersOf(story: Story): ProviderRecord[] {
    return story.domains
      .map((domain) => this.#view.providers.get(domain))
      .filter((p): p is ProviderRecord => p !== undefined);
  }
}

/**
 * The parts of a graph that break away from the rest after some vertices were taken out:
 * `seeds` are the neighbours the removed vertices had. One search starts from each seed and the
 * searches take a step in turn; searches that meet join; a search (or a joined set of them) that
 * runs out of vertices has found a part cut off from the others. Once a single set of searches
 * is still running, what it has not reached is the rest, and the search stops. So the cost is
 * the size of the parts that break off (times the seeds) plus the steps until the searches meet,
 * never the rest: for a leaf, or in a well-linked story, next to nothing. Answers every part but
 * the one that stays; nothing when the graph stays connected.
 */
export function splitOff<T>(seeds: readonly T[], neighbours: (vertex: T) => readonly T[]): T[][] {
  const owner = new Map<T, number>();
  const parent: number[] = [];
  const queues: T[][] = [];
  const heads: number[] = [];
  const members: T[][] = [];
  const root = (i: number): number => {
    let x = i;
    while (parent[x] !== x) x = parent[x] as number;
    return x;
  };
  for (const seed of seeds) {
    if (owner.has(seed)) continue;
    const i = parent.length;
    owner.set(seed, i);
    parent.push(i);
    queues.push([seed]);
    heads.push(0);
    members.push([seed]);
  }
  const done: boolean[] = parent.map(() => false);
  let running = parent.length;
  const pieces: T[][] = [];
  const join = (a: number, b: number) => {
    // The larger set keeps its arrays; the smaller one's queue and members move over.
    const [big, small] = (members[a] as T[]).length >= (members[b] as T[]).length ? [a, b] : [b, a];
    parent[small] = big;
    const queue = queues[small] as T[];
    for (let k = heads[small] as number; k < queue.length; k++) {
      (queues[big] as T[]).push(queue[k] as T);
    }
    for (const m of members[small] as T[]) (members[big] as T[]).push(m);
    queues[small] = [];
    members[small] = [];
    running--;
  };
  while (running > 1) {
    for (let i = 0; i < parent.length && running > 1; i++) {
      if (parent[i] !== i || done[i]) continue;
      const head = heads[i] as number;
      const vertex = (queues[i] as T[])[head];
      if (vertex !== undefined) {
        heads[i] = head + 1;
        for (const next of neighbours(vertex)) {
          const current = root(i);
          const seen = owner.get(next);
          if (seen === undefined) {
            owner.set(next, current);
            (queues[current] as T[]).push(next);
            (members[current] as T[]).push(next);
          } else {
            const other = root(seen);
            if (other !== current && !done[other]) join(current, other);
          }
        }
      }
      const self = root(i);
      if (running > 1 && (heads[self] as number) >= (queues[self] as T[]).length) {
        // Searched out without meeting another search: a part of its own.
        pieces.push(members[self] as T[]);
        done[self] = true;
        running--;
      }
    }
  }
  return pieces;
}

/** One Story per group, its members in the order given; keyed by each member's key. */
function storiesOfGroups(
  articles: readonly ArticleRecord[],
  groupOfPosition: (i: number) => number,
): Map<string, Story> {
  const members = new Map<number, ArticleRecord[]>();
  articles.forEach((article, i) => {
    const root = groupOfPosition(i);
    const list = members.get(root);
    if (list) list.push(article);
    else members.set(root, [article]);
  });
  const stories = new Map<string, Story>();
  for (const list of members.values()) {
    const story = groupOf(ChunkedList.of(list));
    for (const article of list) stories.set(article.key, story);
  }
  return stories;
}

/**
 * The stories of one audience's view. Only the view's own articles take part, so for the public
 * a draft neither appears in a story nor joins two published articles into one.
 */
async function buildStories(view: CorpusView): Promise<Stories> {
  // Newest first already (ties by key): each story's members are pushed in order, never sorted.
  const articles = [...view.ordered[ArticleOrderField.PublishedDateTime]];
  const position = new Map<ArticleRecord, number>();
  const sets = new DisjointSets(articles.length);
  const linkers = new Map<string, ArticleRecord[]>();
  // ~0.7 s at 100,000 articles, most of it looking up related URLs: in slices, so a
  // grouping never stalls the requests being served meanwhile.
  const pass = async (visit: (article: ArticleRecord, i: number) => void) => {
    for (let i = 0; i < articles.length; i++) {
      if (i > 0 && i % BUILD_SLICE === 0) await yieldToEventLoop();
      visit(articles[i] as ArticleRecord, i);
    }
  };
  await pass((article, i) => {
    position.set(article, i);
  });
  await pass((article, i) => {
    for (const related of article.related) {
      const list = linkers.get(related.sourceUrl);
      if (list) list.push(article);
      else linkers.set(related.sourceUrl, [article]);
      const linked = view.bySourceUrl.get(related.sourceUrl);
      const other = linked && position.get(linked);
      if (other !== undefined) sets.union(i, other);
    }
  });
  await yieldToEventLoop();
  const byKey = storiesOfGroups(articles, (i) => sets.find(i));
  const ids = new Map<Story, number>();
  const groupOfKey = new Map<string, number>();
  const groups = new Map<number, Group>();
  for (const [key, story] of byKey) {
    let id = ids.get(story);
    if (id === undefined) {
      id = ids.size;
      ids.set(story, id);
      groups.set(id, story as Group);
    }
    groupOfKey.set(key, id);
  }
  return new Stories(
    view,
    LayeredMap.of(groupOfKey),
    LayeredMap.of(groups),
    LayeredMap.of<string, readonly ArticleRecord[]>(linkers),
    ids.size,
  );
}

const stories = defineSlotStructure<Promise<Stories>>({
  build: (slots) => buildStories(slots.view),
  derive: (previous, delta) => previous.then((built) => built.derive(delta)),
});

/**
 * The stories of a view's layout: grouped once, on the first coverage asked of it (or ahead of
 * it, see warm.ts), or derived from the previous view's by the delta; collected with the view.
 */
export const storiesOf = (slots: ArticleSlots): Promise<Stories> => stories.of(slots);

/**
 * The article's story seen from the article; empty for an article the view does not hold. The
 * article is looked up by key, never compared by identity: the federation entity path hands
 * resolvers a copy of the record (it stamps `__typename` on it), and the copy has the same story.
 */
export async function coverageOf(view: CorpusView, article: ArticleRecord): Promise<StoryCoverage> {
  const own = view.byKey.get(article.key);
  const grouped = own ? await storiesOf(slotsOf(view)) : undefined;
  const story = own && grouped?.get(own.key);
  if (!own || !grouped || !story) return { articleCount: 0, articles: () => [], providers: [] };
  return {
    articleCount: story.articles.length - 1,
    // Stories can be large; a page is taken without copying the whole member list.
    articles: (limit) => {
      const out: ArticleRecord[] = [];
      for (const other of story.articles) {
        if (out.length >= limit) break;
        if (other !== own) out.push(other);
      }
      return out;
    },
    providers: grouped.providersOf(story),
  };
}
