/**
 * `npm run bench:discovery`: search, facet, trending and coverage costs over a generated corpus
 * of 100,000 articles, in process (run with --expose-gc, as the npm script does). Writes
 * bench/results/discovery.json and the measured part of the "Discovery" section of BENCHMARKS.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadSeeds } from '../src/content/load.ts';
import type { ArticleFilter } from '../src/corpus/query.ts';
import type { ArticleRecord } from '../src/corpus/records.ts';
import { ContentStore } from '../src/corpus/store.ts';
import { compareTrending } from '../src/corpus/trending.ts';
import { coverageOf } from '../src/discovery/coverage.ts';
import { facetsOfView, prepareFacets } from '../src/discovery/facets.ts';
import { searchArticles } from '../src/discovery/search.ts';
import { searchIndexFor } from '../src/discovery/search-index.ts';
import { createNewsgraphYoga, EXAMPLE_FEED_QUERY } from '../src/server/yoga.ts';
import { requireExposedGc, settledHeapWithBuffers } from './lib/heap.ts';
import { ensureCorpus } from './serving/corpora.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BENCHMARKS = path.join(ROOT, 'BENCHMARKS.md');
const RESULTS = path.join(ROOT, 'bench/results/discovery.json');
const SECTION = '## Discovery';
const BEGIN = '<!-- discovery:measured:begin -->';
const END = '<!-- discovery:measured:end -->';
const ARTICLES = Number(process.env.BENCH_DISCOVERY_ARTICLES ?? 100_000);
/** Distinct queries per kind: 360 in all, each measured ROUNDS times. */
const QUERIES_PER_KIND = 60;
const ROUNDS = 3;
const GOAL_SEARCH_P99_MS = 20;
const GOAL_FACETS_P99_MS = 30;
const GOAL_INDEX_HEAP_RATIO = 0.5;

/** JS heap plus ArrayBuffer memory: the index keeps its postings in typed arrays, off the heap. */
const heapUsed = () => settledHeapWithBuffers('bench:discovery');
requireExposedGc('bench:discovery');
const mib = (bytes: number) => bytes / 2 ** 20;

/** A fixed pseudo-random sequence, so every run asks the same questions. */
function sequence(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Question {
  readonly kind: string;
  readonly query: string;
  readonly where?: ArticleFilter;
}

function questions(articles: readonly ArticleRecord[]): Question[] {
  const next = sequence(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const words = (a: ArticleRecord) => a.title.toLowerCase().split(/\s+/);
  const long = (a: ArticleRecord) => words(a).filter((w) => w.length >= 6);
  const out: Question[] = [];
  for (let i = 0; i < QUERIES_PER_KIND; i++) {
    const a = pick(articles);
    const w = pick(long(a).length > 0 ? long(a) : words(a));
    const cut = 2 + Math.floor(next() * Math.max(1, w.length - 3));
    const typo = `${w.slice(0, cut)}${w.slice(cut + 1)}`;
    out.push(
      { kind: 'one exact word', query: w },
      { kind: 'two exact words', query: `${pick(words(a))} ${pick(words(a))}` },
      { kind: 'prefix', query: w.slice(0, 4) },
      { kind: 'one typo', query: typo },
      { kind: 'topic + word', query: `${pick(a.topics)} ${w}` },
      {
        kind: 'two words + filter',
        query: `${pick(words(a))} ${w}`,
        where: { minQuality: 50, category: a.category },
      },
    );
  }
  return out;
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

const summary = (samples: readonly number[]) => ({
  p50: round(percentile(samples, 0.5)),
  p99: round(percentile(samples, 0.99)),
  max: round(Math.max(...samples)),
});
const round = (n: number) => Math.round(n * 100) / 100;

/** Thread CPU time of the last `time` call, ms: on a shared machine, the work without the waiting. */
let lastCpuMs = 0;

async function time<T>(run: () => T | Promise<T>): Promise<[T, number]> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  lastCpuMs = (used.user + used.system) / 1000;
  return [value, wall];
}

/** An existing seeds folder to measure instead of the generated one (no generation wait). */
const dir = process.env.BENCH_DISCOVERY_DIR ?? (await ensureCorpus(ARTICLES)).dir;
const heapBefore = heapUsed();
// Sequential: the figures here are about discovery, and on a busy 2-core machine the worker
// pool loads slower than one thread (see the Corpus load section).
const [load, loadMs] = await time(() => loadSeeds(dir, { parallel: false }));
const store = new ContentStore(load);
const corpus = store.current;
const corpusHeap = heapUsed() - heapBefore;
const view = corpus.public;
console.log(
  `corpus: ${view.articles.length} public articles, ${mib(corpusHeap).toFixed(0)} MiB heap`,
);

const [, indexBuildMs] = await time(() => searchIndexFor(view));
const indexHeap = heapUsed() - heapBefore - corpusHeap;
console.log(`index: ${indexBuildMs.toFixed(0)} ms, ${mib(indexHeap).toFixed(0)} MiB heap`);

// Before any search: a filtered search builds the table too.
const [, facetTableBuildMs] = await time(() => prepareFacets(view));
const asked = questions(view.articles);
const byKind = new Map<string, number[]>();
const searchSamples: number[] = [];
const searchCpuSamples: number[] = [];
let hits = 0;
for (let round = 0; round <= ROUNDS; round++) {
  for (const q of asked) {
    const [page, ms] = await time(async () => {
      const page = await searchArticles(view, {
        query: q.query,
        where: q.where ?? null,
        first: 20,
      });
      // What a results page reads: the count and every edge's highlights.
      for (const edge of page.edges) void edge.highlights;
      void page.totalCount;
      return page;
    });
    if (round === 0) continue; // warm-up
    hits += page.totalCount;
    searchSamples.push(ms);
    searchCpuSamples.push(lastCpuMs);
    byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), ms]);
  }
}

const facetFilters: (ArticleFilter | null)[] = [
  null,
  { category: 'news' },
  { minQuality: 60 },
  { minHeat: 30, type: 'article' },
  { publishedAfter: new Date('2022-01-01T00:00:00Z') },
  { topics: ['AI', 'Climate', 'Health Policy'] },
];
const facetSamples: number[] = [];
const facetCpuSamples: number[] = [];
const readAll = (facets: ReturnType<typeof facetsOfView>) => {
  for (const name of ['topics', 'providers', 'categories', 'days'] as const) facets.list(name);
};
for (let round = 0; round <= ROUNDS * 10; round++) {
  for (const where of facetFilters) {
    const [, ms] = await time(() => readAll(facetsOfView(view, where)));
    if (round > 0) {
      facetSamples.push(ms);
      facetCpuSamples.push(lastCpuMs);
    }
  }
}
const facetTableHeap = heapUsed() - heapBefore - corpusHeap - indexHeap;
const searchFacetSamples: number[] = [];
for (const q of asked.slice(0, 60)) {
  const page = await searchArticles(view, { query: q.query, where: q.where ?? null });
  const [, ms] = await time(() => readAll(page.facets));
  searchFacetSamples.push(ms);
}

// The same work through the whole server, in process (response cache off, so every request
// runs): what a client waits for, and what the cost limit charges for it. A price is honest when
// a cost unit buys about as much CPU time in a search or a facet count as in the feed.
const yoga = createNewsgraphYoga({
  store,
  config: { previewToken: 'bench-preview-token-0123456789abcdef', responseCache: false },
  logger: pino({ level: 'silent' }),
});
const SEARCH_PAGE = /* GraphQL */ `
  query Search($query: String!, $where: ArticleFilter) {
    search(query: $query, where: $where, first: 20) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        score
        node { id key title excerpt publishedDateTime provider { name } }
        highlights { title { html } excerpt { html } }
      }
    }
  }
`;
const FACETS = /* GraphQL */ `
  fragment Chips on ArticleFacets {
    total
    topics { value label count }
    providers { value label count }
    categories { value label count }
    days { value label count }
  }
`;
const ARTICLE_FACETS = /* GraphQL */ `
  query Facets($where: ArticleFilter) {
    articles(first: 20, where: $where) {
      edges { node { id key title } }
      facets { ...Chips }
    }
  }
  ${FACETS}
`;
const SEARCH_WITH_FACETS = /* GraphQL */ `
  query SearchWithFacets($query: String!, $where: ArticleFilter) {
    search(query: $query, where: $where, first: 20) {
      totalCount
      edges { node { id key title } highlights { title { html } } }
      facets { ...Chips }
    }
  }
  ${FACETS}
`;
const searchVariables = (i: number) => {
  const q = asked[i % asked.length] as Question;
  return { query: q.query, where: q.where ?? null };
};
const operations = [
  {
    name: 'feed (the example query, 20 rich articles)',
    query: EXAMPLE_FEED_QUERY,
    variables: () => ({ first: 20 }),
  },
  { name: 'search, 20 edges with highlights', query: SEARCH_PAGE, variables: searchVariables },
  {
    name: 'articles with 4 facets, filtered',
    query: ARTICLE_FACETS,
    variables: (i: number) => ({ where: facetFilters[i % facetFilters.length] }),
  },
  { name: 'search with 4 facets', query: SEARCH_WITH_FACETS, variables: searchVariables },
];
const REQUESTS_PER_OPERATION = asked.length;
const graphql: {
  name: string;
  cost: number;
  wall: ReturnType<typeof summary>;
  cpu: ReturnType<typeof summary>;
  costPerCpuMs: number;
}[] = [];
for (const operation of operations) {
  const wall: number[] = [];
  const cpu: number[] = [];
  let cost = 0;
  for (let i = -30; i < REQUESTS_PER_OPERATION; i++) {
    const [body, ms] = await time(async () => {
      const response = await yoga.fetch('http://bench.local/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          query: operation.query,
          variables: operation.variables(Math.abs(i)),
        }),
      });
      return (await response.json()) as {
        errors?: unknown;
        extensions?: { cost?: { requested: number } };
      };
    });
    if (body.errors) throw new Error(`${operation.name}: ${JSON.stringify(body.errors)}`);
    if (i < 0) continue; // warm-up
    cost = Math.max(cost, body.extensions?.cost?.requested ?? 0);
    wall.push(ms);
    cpu.push(lastCpuMs);
  }
  const cpuSummary = summary(cpu);
  graphql.push({
    name: operation.name,
    cost,
    wall: summary(wall),
    cpu: cpuSummary,
    costPerCpuMs: Math.round(cost / Math.max(0.01, cpuSummary.p50)),
  });
  console.log(operation.name, graphql.at(-1));
}

const [, trendingSortMs] = await time(() => [...view.articles].sort(compareTrending));
const [, storiesMs] = await time(() => coverageOf(view, view.articles[0] as ArticleRecord));
const largestStory = (await coverageOf(view, view.articles[0] as ArticleRecord)).articleCount + 1;
const storiesHeap = heapUsed() - heapBefore - corpusHeap - indexHeap - facetTableHeap;

const result = {
  date: new Date().toISOString(),
  machine: `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  articles: view.articles.length,
  loadMs: Math.round(loadMs),
  corpusHeapMiB: Math.round(mib(corpusHeap)),
  indexBuildMs: Math.round(indexBuildMs),
  indexHeapMiB: Math.round(mib(indexHeap)),
  indexHeapRatio: round(indexHeap / corpusHeap),
  facetTableMiB: Math.round(mib(facetTableHeap)),
  storiesMiB: Math.round(mib(storiesHeap)),
  search: summary(searchSamples),
  searchCpu: summary(searchCpuSamples),
  loadAverage: loadavg()[0]?.toFixed(1),
  searchByKind: Object.fromEntries([...byKind].map(([kind, s]) => [kind, summary(s)])),
  averageMatches: Math.round(hits / searchSamples.length),
  facets: summary(facetSamples),
  facetsCpu: summary(facetCpuSamples),
  searchFacets: summary(searchFacetSamples),
  graphql,
  trendingSortMs: Math.round(trendingSortMs),
  facetTableBuildMs: Math.round(facetTableBuildMs),
  storiesBuildMs: Math.round(storiesMs),
  largestStoryChecked: largestStory,
};
console.log(JSON.stringify(result, null, 2));
writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);

const met = (ok: boolean) => (ok ? 'yes' : 'no');
const lines = [
  BEGIN,
  '<!-- Generated by `npm run bench:discovery` (bench/discovery.ts); do not edit by hand. -->',
  '',
  `Run on ${result.date.slice(0, 16).replace('T', ' ')} UTC: ${result.machine}. ` +
    `${result.articles.toLocaleString('en-US')} public articles (generated, seed folder of ` +
    `${ARTICLES.toLocaleString('en-US')} files), in process, one query at a time. Every search ` +
    'runs its query (nothing caches matches) and reads 20 edges with highlights and totalCount. ' +
    'The first two tables call the discovery functions; the third sends whole operations ' +
    'through Yoga, and its last column shows what a cost unit buys. Latencies are wall time; ' +
    '"CPU" is the process CPU time of the same calls (all threads, the collector\'s included), ' +
    'which other work on the machine does not inflate (1-minute load average at the end of the ' +
    `run: ${result.loadAverage}).`,
  '',
  '| goal | measured | target | met |',
  '| --- | --- | --- | --- |',
  `| search p99 | ${result.search.p99} ms (CPU ${result.searchCpu.p99} ms) | < ${GOAL_SEARCH_P99_MS} ms | ${met(result.search.p99 < GOAL_SEARCH_P99_MS)} |`,
  `| facets p99 (4 facets, filtered, no query) | ${result.facets.p99} ms (CPU ${result.facetsCpu.p99} ms) | < ${GOAL_FACETS_P99_MS} ms | ${met(result.facets.p99 < GOAL_FACETS_P99_MS)} |`,
  `| index heap ÷ corpus heap | ${result.indexHeapRatio} (${result.indexHeapMiB} / ${result.corpusHeapMiB} MiB) | <= ${GOAL_INDEX_HEAP_RATIO} | ${met(result.indexHeapRatio <= GOAL_INDEX_HEAP_RATIO)} |`,
  '',
  '| search kind | p50 (ms) | p99 (ms) | max (ms) |',
  '| --- | --- | --- | --- |',
  ...Object.entries(result.searchByKind).map(
    ([kind, s]) => `| ${kind} | ${s.p50} | ${s.p99} | ${s.max} |`,
  ),
  `| all | ${result.search.p50} | ${result.search.p99} | ${result.search.max} |`,
  '',
  '| operation (through Yoga in process, response cache off) | cost | p50 / p99 (ms) | CPU p50 (ms) | cost per CPU ms |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...result.graphql.map(
    (g) =>
      `| ${g.name} | ${g.cost.toLocaleString('en-US')} | ${g.wall.p50} / ${g.wall.p99} | ${g.cpu.p50} | ${g.costPerCpuMs.toLocaleString('en-US')} |`,
  ),
  '',
  '| other cost | figure |',
  '| --- | --- |',
  `| average matches per query | ${result.averageMatches.toLocaleString('en-US')} |`,
  `| facets of search results (all matches), p50 / p99 | ${result.searchFacets.p50} / ${result.searchFacets.p99} ms |`,
  `| search index build (per snapshot, in slices: the public one as soon as it is served, preview on first search) | ${result.indexBuildMs.toLocaleString('en-US')} ms |`,
  `| TRENDING sort of the whole view | ${result.trendingSortMs} ms |`,
  `| facet table build (per snapshot and audience; public ahead of requests) | ${result.facetTableBuildMs} ms |`,
  `| story grouping (per snapshot, in slices; public ahead of requests) | ${result.storiesBuildMs} ms |`,
  `| facet table / story groups memory (per snapshot and audience) | ${result.facetTableMiB} / ${result.storiesMiB} MiB |`,
  `| corpus load (for scale) | ${result.loadMs.toLocaleString('en-US')} ms |`,
  END,
];
const page = existsSync(BENCHMARKS) ? readFileSync(BENCHMARKS, 'utf8') : '# Benchmarks\n';
const measured = lines.join('\n');
let next: string;
if (page.includes(BEGIN) && page.includes(END)) {
  next = page.slice(0, page.indexOf(BEGIN)) + measured + page.slice(page.indexOf(END) + END.length);
} else if (page.includes(`\n${SECTION}\n`)) {
  const at = page.indexOf(`\n${SECTION}\n`) + SECTION.length + 2;
  next = `${page.slice(0, at)}\n${measured}\n${page.slice(at)}`;
} else {
  next = `${page.trimEnd()}\n\n${SECTION}\n\n${measured}\n`;
}
writeFileSync(BENCHMARKS, next);
console.log(`wrote ${path.relative(ROOT, RESULTS)} and the ${SECTION} section of BENCHMARKS.md`);
