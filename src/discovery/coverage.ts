import { ArticleOrderField, type ArticleRecord, type ProviderRecord } from '../corpus/records.ts';
import { type CorpusView, compareDescending, compareStrings } from '../corpus/view.ts';

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
function buildStories(view: CorpusView): Map<string, Story> {
  const articles = view.articles;
  const position = new Map(articles.map((article, i) => [article.sourceUrl, i]));
  const sets = new DisjointSets(articles.length);
  articles.forEach((article, i) => {
    for (const related of article.related) {
      const other = position.get(related.sourceUrl);
      if (other !== undefined) sets.union(i, other);
    }
  });

  const members = new Map<number, ArticleRecord[]>();
  articles.forEach((article, i) => {
    const root = sets.find(i);
    const list = members.get(root);
    if (list) list.push(article);
    else members.set(root, [article]);
  });

  const byNewest = compareDescending(ArticleOrderField.PublishedDateTime);
  const stories = new Map<string, Story>();
  for (const list of members.values()) {
    list.sort(byNewest);
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

const storiesByView = new WeakMap<CorpusView, Map<string, Story>>();

/** Stories are grouped once per view, on the first coverage asked of it. */
export function storyOf(view: CorpusView, article: ArticleRecord): Story | undefined {
  let stories = storiesByView.get(view);
  if (!stories) {
    stories = buildStories(view);
    storiesByView.set(view, stories);
  }
  return stories.get(article.key);
}

/** The article's story seen from the article; empty for an article the view does not hold. */
export function coverageOf(view: CorpusView, article: ArticleRecord): StoryCoverage {
  const story = view.byKey.get(article.key) === article ? storyOf(view, article) : undefined;
  if (!story) return { articleCount: 0, articles: () => [], providers: [] };
  return {
    articleCount: story.articles.length - 1,
    // Stories can be large; a page is taken without copying the whole member list.
    articles: (limit) => {
      const out: ArticleRecord[] = [];
      for (const other of story.articles) {
        if (out.length >= limit) break;
        if (other !== article) out.push(other);
      }
      return out;
    },
    providers: story.providers,
  };
}
