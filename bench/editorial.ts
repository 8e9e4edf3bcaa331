/**
 * `npm run bench:editorial`: editorial time at scale. On generated articles of which a share
 * have future embargoes or expiries, measures (1) what the transition scheduling costs a
 * request: the same operations against a store with those times and one with them removed,
 * interleaved in one run, as a ratio; (2) what one transition costs against what a one-file
 * change costs, on the same store. Writes the `## Editorial time` section of BENCHMARKS.md.
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { assembleOutcomes, type LoadResult } from '../src/content/load.ts';
import type { ArticleRecord } from '../src/content/records.ts';
import { processSeedBytes } from '../src/content/seed-file.ts';
import type { Clock } from '../src/corpus/clock.ts';
import { hasTimes } from '../src/corpus/editorial.ts';
import { ContentStore } from '../src/corpus/store.ts';
import { DEFAULT_EDITORIAL_NOW, generateSeedFiles, seedBytes } from '../src/seedgen/generate.ts';
import { createNewsgraphYoga } from '../src/server/yoga.ts';
import { machineSummary, writeBenchmarksSection } from './lib/benchmarks-page.ts';

const { values: flags } = parseArgs({
  options: {
    articles: { type: 'string', default: '100000' },
    /** Half of the editorial share is embargoed or expiring (future transitions). */
    editorial: { type: 'string', default: '0.21' },
    requests: { type: 'string', default: '2000' },
    swaps: { type: 'string', default: '7' },
    'no-write': { type: 'boolean', default: false },
  },
});
const ARTICLES = Number(flags.articles);
const REQUESTS = Number(flags.requests);
const SWAPS = Number(flags.swaps);
const SECTION = '## Editorial time';

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(3) : Math.round(ms).toLocaleString('en'));

/** A clock that stands still unless moved: the timer never fires, so every swap is measured here. */
function standingClock(start: number): Clock & { at: number } {
  return {
    at: start,
    now() {
      return this.at;
    },
    setTimer: () => 0,
    clearTimer: () => {},
  };
}

function generate(): LoadResult {
  const outcomes = [];
  for (const seed of generateSeedFiles({
    count: ARTICLES,
    seed: 7,
    editorialShare: Number(flags.editorial),
  })) {
    outcomes.push(processSeedBytes(seed.name, seedBytes(seed)));
  }
  return assembleOutcomes(outcomes);
}

const withoutTimes = (load: LoadResult): LoadResult => ({
  ...load,
  articles: load.articles.map((a) =>
    hasTimes(a) ? Object.freeze({ ...a, publishAt: null, expiresAt: null }) : a,
  ),
});

const OPERATIONS = [
  '{ articles(first: 20) { totalCount edges { node { key title publishedDateTime provider { name } } } } }',
  '{ articles(first: 10, orderBy: { field: HEAT }) { edges { node { key title } } } }',
];

function serve(store: ContentStore, responseCache: boolean) {
  const yoga = createNewsgraphYoga({
    store,
    config: { responseCache, jit: true },
    logger: pino({ level: 'silent' }),
  });
  return async (query: string) => {
    const response = await yoga.fetch('http://bench.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query }),
    });
    await response.arrayBuffer();
  };
}

/** A and B in alternation, so drift on a shared machine hits both alike. */
async function perRequest(a: (q: string) => Promise<void>, b: (q: string) => Promise<void>) {
  const timesA: number[] = [];
  const timesB: number[] = [];
  for (let i = 0; i < 200; i++) for (const q of OPERATIONS) await Promise.all([a(q), b(q)]);
  for (let i = 0; i < REQUESTS; i++) {
    const q = OPERATIONS[i % OPERATIONS.length] as string;
    const [first, second, firstTimes, secondTimes] =
      i % 2 === 0 ? [a, b, timesA, timesB] : [b, a, timesB, timesA];
    let t = performance.now();
    await first(q);
    firstTimes.push(performance.now() - t);
    t = performance.now();
    await second(q);
    secondTimes.push(performance.now() - t);
  }
  return { a: median(timesA), b: median(timesB) };
}

async function main() {
  const started = performance.now();
  const load = generate();
  const generatedMs = performance.now() - started;
  const clock = standingClock(DEFAULT_EDITORIAL_NOW.getTime());
  const timed = new ContentStore(load, { clock });
  const plain = new ContentStore(withoutTimes(load), { clock });
  const future = load.articles.filter(
    (a) => (a.publishAt?.getTime() ?? 0) > clock.at || (a.expiresAt?.getTime() ?? 0) > clock.at,
  ).length;
  console.log(`${load.articles.length} articles, ${future} with future transitions`);

  const rows: string[] = [];
  for (const cache of [false, true]) {
    const { a, b } = await perRequest(serve(timed, cache), serve(plain, cache));
    const label = cache ? 'response cache on (hits)' : 'response cache off (executed)';
    rows.push(
      `| per request, ${label}: with / without transitions, median | ${fmt(a)} / ${fmt(b)} ms | ${(a / b).toFixed(2)} |`,
    );
    console.log(rows.at(-1));
  }

  // Both kinds of swap on the same store, at the same scale, each with the server's listeners
  // (response cache and change feed) attached by the yoga above.
  const transitions: number[] = [];
  const fileChanges: number[] = [];
  for (let i = 0; i < SWAPS; i++) {
    const next = timed.current.nextTransition;
    if (next === null) break;
    clock.at = next.getTime();
    let t = performance.now();
    timed.advance();
    transitions.push(performance.now() - t);

    const current = timed.current.load;
    const index = (i * 7919) % current.articles.length;
    const edited = [...current.articles];
    const record = edited[index] as ArticleRecord;
    edited[index] = Object.freeze({ ...record, title: `${record.title} (edited ${i})` });
    t = performance.now();
    timed.swap({ ...current, articles: edited });
    fileChanges.push(performance.now() - t);
  }
  const transition = median(transitions);
  const fileChange = median(fileChanges);
  rows.push(
    `| one transition (embargo lifts: public view at the new instant, diff, listeners), median of ${transitions.length} | ${fmt(transition)} ms | ${(transition / fileChange).toFixed(2)} of a one-file change |`,
    `| one-file change (snapshot from the edited records, diff, listeners), median of ${fileChanges.length} | ${fmt(fileChange)} ms | 1.00 |`,
  );
  console.log(rows.slice(-2).join('\n'));

  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const section = `${SECTION}

<!-- Generated by \`npm run bench:editorial\` (bench/editorial.ts); do not edit by hand. -->

Run on ${when} UTC: ${machineSummary()}; ${Math.round((performance.now() - started) / 1000)} s in all (generating and validating the corpus: ${Math.round(generatedMs / 1000)} s). ${load.articles.length.toLocaleString('en')} generated articles, ${future.toLocaleString('en')} of them with a future embargo or expiry; in-process requests (\`yoga.fetch\`), ${REQUESTS.toLocaleString('en')} per side, the two stores interleaved.

| measure | value | ratio |
| --- | --- | --- |
${rows.join('\n')}

"Without transitions" is the same corpus with publishAt/expiresAt removed. The per-request cost
of scheduling is one clock read against the snapshot's next transition (and the Cache-Control
bound); the timer itself runs once per transition. A transition reuses the preview view (it does
not depend on the instant) and rebuilds the public one; a one-file change rebuilds both, which is
why it is dearer. Reading the changed file is not included (see Live reload for the whole reload).
Absolute times grow with other work on the machine (see the load average); compare the ratios,
each measured within one run.
`;
  if (!flags['no-write']) await writeBenchmarksSection(SECTION, section);
  console.log(section);
}

await main();
