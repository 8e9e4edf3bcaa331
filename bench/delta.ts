/**
 * `npm run bench:delta`: what one changed article file costs the serving process, at several
 * corpus sizes, without file I/O. A store holds a generated corpus with its public discovery
 * structures built (as `serve` warms them); each sample is one file added, edited or removed (in
 * turn), taken through the per-change path the reloader runs: `Assembly.step` (duplicate keys
 * and sourceUrls), `ContentStore.apply` (the next snapshot derived from the previous one, swap
 * listeners told) and the discovery warm-up of the new snapshot (search index, facet table,
 * story groups derived by the delta). CPU time of this process per change, median and max; the
 * "from scratch" column builds the same snapshot from all its records (what a reload did before
 * deltas). The ratio of the medians between sizes is the point: the cost of a change should
 * follow the change, not the corpus. Run under `node --cpu-prof` to see where a change goes.
 */
import { parseArgs } from 'node:util';
import { assembleOutcomes, type LoadResult, loadSeedFolder } from '../src/content/load.ts';
import type { ArticleRecord } from '../src/content/records.ts';
import { processSeedBytes, type SeedFileOutcome } from '../src/content/seed-file.ts';
import { Corpus } from '../src/corpus/corpus.ts';
import { ContentStore } from '../src/corpus/store.ts';
import { warmDiscovery } from '../src/discovery/warm.ts';
import { Assembly } from '../src/live/assembly.ts';
import { createLiveFeed } from '../src/live/feed.ts';
import { contentStatus } from '../src/live/status.ts';
import { generateSeedFiles, seedBytes } from '../src/seedgen/generate.ts';
import { threadCpuMs } from './lib/thread-cpu.ts';

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    samples: { type: 'string', default: '60' },
    /** Skip the from-scratch build per size (slow at a million). */
    'no-scratch': { type: 'boolean', default: false },
    /**
     * A seeds folder to read (never written) instead of generating the corpus in memory, with a
     * load cache folder: a million articles load from it in seconds once the cache is warm.
     */
    folder: { type: 'string' },
    'cache-dir': { type: 'string' },
  },
});
const FOLDER = flags.folder;
const SIZES = FOLDER ? [0] : String(flags.sizes).split(',').map(Number);
const SAMPLES = Number(flags.samples);
/** Changes made and not measured first: V8 optimises the path, the first derivations warm up. */
const WARMUP = 10;

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const round = (n: number) => (n >= 100 ? Math.round(n) : Math.round(n * 100) / 100);

function generate(count: number, seed: number, draftShare?: number): SeedFileOutcome[] {
  const outcomes: SeedFileOutcome[] = [];
  const options = draftShare === undefined ? { count, seed } : { count, seed, draftShare };
  for (const file of generateSeedFiles(options)) {
    outcomes.push(processSeedBytes(file.name, seedBytes(file)));
  }
  return outcomes;
}

type Kind = 'add' | 'edit' | 'remove';
const KINDS: readonly Kind[] = ['add', 'edit', 'remove'];

console.log(
  '| articles | change | main thread, median | all threads, median | max (all threads) | from scratch (CPU) | ratio |',
);
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
/** Per size: the median of every change, over all threads and on the main thread. */
const medians = new Map<number, { readonly all: number; readonly main: number }>();
/** One change's CPU: every thread of the process, and the main thread alone. */
interface Cost {
  readonly all: number;
  readonly main: number;
}
for (const wanted of SIZES) {
  const outcomes = FOLDER
    ? (
        await loadSeedFolder(FOLDER, { cacheDir: flags['cache-dir'] ?? null, parallel: 'auto' })
      ).files.map((f) => f.outcome)
    : generate(wanted, 5);
  const size = outcomes.length;
  // New files from another seed, so their keys are new (as bench:ingest lands them).
  const fresh = generate(SAMPLES + WARMUP, 1_005, 0).filter((o) => o.article !== null);
  const served = new Map(outcomes.map((o) => [o.file, o]));
  const load: LoadResult = assembleOutcomes(outcomes);
  const store = new ContentStore(load);
  const feed = createLiveFeed(store);
  const assembly = new Assembly(served.values(), store.current);
  await warmDiscovery(store.current);
  const publicFiles = store.current.public.articles.map((a) => a.file);

  const costs = new Map<Kind, Cost[]>(KINDS.map((k) => [k, []]));
  for (let i = 0; i < SAMPLES + WARMUP; i++) {
    const kind = KINDS[i % KINDS.length] as Kind;
    const changed = new Map<string, SeedFileOutcome | undefined>();
    if (kind === 'add') {
      const next = fresh[i] as SeedFileOutcome;
      changed.set(next.file, undefined);
      served.set(next.file, next);
    } else {
      const file = publicFiles[(i * 7919) % publicFiles.length] as string;
      const before = served.get(file);
      if (!before?.article) continue;
      changed.set(file, before);
      if (kind === 'remove') served.delete(file);
      else {
        const article = before.article as ArticleRecord;
        served.set(file, {
          ...before,
          article: Object.freeze({ ...article, title: `${article.title} (edit ${i})` }),
        });
      }
    }
    const started = process.cpuUsage();
    const mainStarted = threadCpuMs() ?? Number.NaN;
    const step = assembly.step(changed, (f) => served.get(f), store.current, served.size);
    const { corpus } = store.apply(step);
    await warmDiscovery(corpus);
    const cost = { all: cpuMs(started), main: (threadCpuMs() ?? Number.NaN) - mainStarted };
    if (i >= WARMUP) costs.get(kind)?.push(cost);
  }
  // The status a readiness probe or a metrics scrape reads.
  const statusStarted = process.cpuUsage();
  contentStatus(store.current);
  const statusMs = cpuMs(statusStarted);

  let scratch = Number.NaN;
  if (!flags['no-scratch']) {
    const started = process.cpuUsage();
    const rebuilt = new Corpus(assembleOutcomes([...served.values()]), 1);
    await warmDiscovery(rebuilt);
    scratch = cpuMs(started);
  }
  const every = [...costs.values()].flat();
  const allMedian = (list: readonly Cost[]) => median(list.map((c) => c.all));
  const mainMedian = (list: readonly Cost[]) => median(list.map((c) => c.main));
  medians.set(size, { all: allMedian(every), main: mainMedian(every) });
  for (const [kind, list] of [...costs, ['all', every] as const]) {
    const m = allMedian(list);
    const ratio = Number.isNaN(scratch) ? '–' : `${Math.round(scratch / m)}x`;
    const scratchCell = Number.isNaN(scratch) || kind !== 'all' ? '' : `${round(scratch)} ms`;
    const mainCell = Number.isNaN(mainMedian(list)) ? '–' : `${round(mainMedian(list))} ms`;
    const max = Math.max(...list.map((c) => c.all));
    console.log(
      `| ${size.toLocaleString('en')} | ${kind} | ${mainCell} | ${round(m)} ms | ${round(max)} ms | ${scratchCell} | ${kind === 'all' ? ratio : ''} |`,
    );
  }
  console.log(
    `(status of the snapshot at ${size.toLocaleString('en')}: ${round(statusMs)} ms CPU)`,
  );
  feed.close();
  store.close();
}
const measured = [...medians.keys()];
const smallest = Math.min(...measured);
for (const size of measured) {
  if (size === smallest) continue;
  const at = medians.get(size) as { all: number; main: number };
  const base = medians.get(smallest) as { all: number; main: number };
  console.log(
    `CPU per change at ${size.toLocaleString('en')} ÷ at ${smallest.toLocaleString('en')}: ` +
      `${(at.main / base.main).toFixed(2)}x on the main thread, ${(at.all / base.all).toFixed(2)}x over all threads`,
  );
}
