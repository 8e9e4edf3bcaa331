import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ArticleOrderField, type ArticleRecord, type ProviderRecord } from '../corpus/records.ts';
import { type CorpusView, compareStrings } from '../corpus/view.ts';

/** Articles handled between two yields to the event loop. */
const BUILD_SLICE = 2_000;

/** One story: corpus articles joined by related links, and every provider that covers it. */
export interface Story {
  /** Newest first, ties by key. */
  readonly articles: readonly ArticleRecord[];
  /** The members' providers and those named by their related links, by domain. */
  readonly providers: readonly ProviderRecord[];
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

/**
 * The stories of one audience's view. A related link joins two articles when its sourceUrl is
 * another article of the same view, whichever of the two carries the link. Only the view's own
 * articles take part, so for the public a draft neither appears in a story nor joins two
 * published articles into one.
 */
async function buildStories(view: CorpusView): Promise<Map<string, Story>> {
  // Newest first already (ties by key): each story's members are pushed in order, never sorted.
  const articles = view.ordered[ArticleOrderField.PublishedDateTime];
  const position = new Map<ArticleRecord, number>();
  const sets = new DisjointSets(articles.length);
  const members = new Map<number, ArticleRecord[]>();
  const stories = new Map<string, Story>();
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
      const linked = view.bySourceUrl.get(related.sourceUrl);
      const other = linked && position.get(linked);
      if (other !== undefined) sets.union(i, other);
    }
  });
  await pass((article, i) => {
    const root = sets.find(i);
    const list = members.get(root);
    if (list) list.push(article);
    else members.set(root, [article]);
  });
  await yieldToEventLoop();
  for (const list of members.values()) {
    const domains = new Set<string>();
    for (const article of list) {
      domains.add(article.provider.domain);
      for (const related of article.related) {
        if (related.provider) domains.add(related.provider.domain);
      }
    }
    const providers = [...domains]
      .sort(compareStrings)
      .map((domain) => view.providers.get(domain))
      .filter((p): p is ProviderRecord => p !== undefined);
    const story: Story = { articles: list, providers };
    for (const article of list) stories.set(article.key, story);
  }
  return stories;
}

const storiesByView = new WeakMap<CorpusView, Promise<Map<string, Story>>>();

/**
 * The stories of a view, keyed by article key: grouped once per view, on the first coverage
 * asked of it (or ahead of it, see warm.ts), and collected with the view.
 */
export function storiesOf(view: CorpusView): Promise<ReadonlyMap<string, Story>> {
  let stories = storiesByView.get(view);
  if (!stories) {
    stories = buildStories(view);
    storiesByView.set(view, stories);
  }
  return stories;
}

/**
 * The article's story seen from the article; empty for an article the view does not hold. The
 * article is looked up by key, never compared by identity: the federation entity path hands
 * resolvers a copy of the record (it stamps `__typename` on it), and the copy has the same story.
 */
export async function coverageOf(view: CorpusView, article: ArticleRecord): Promise<StoryCoverage> {
  const own = view.byKey.get(article.key);
  const story = own ? (await storiesOf(view)).get(own.key) : undefined;
  if (!own || !story) return { articleCount: 0, articles: () => [], providers: [] };
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
    providers: story.providers,
  };
}
