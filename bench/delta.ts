/**
 * `npm run bench:delta`: the corpus-layer cost of one changed article file, at two corpus sizes.
 * A store holds a generated corpus; each sample edits one article (a new record for it) and
 * swaps: through `store.apply` (the step the reloader hands over: derived from the previous
 * snapshot) when the store has it, else through `store.replace` with the complete load (what
 * every reload did before). No file I/O and no discovery structures: only what the swap builds.
 * Prints a table; run it on an older checkout for the "before" column.
 */
import { parseArgs } from 'node:util';
import { assembleOutcomes, type LoadResult } from '../src/content/load.ts';
import type { ArticleRecord } from '../src/content/records.ts';
import { processSeedBytes } from '../src/content/seed-file.ts';
import { Corpus } from '../src/corpus/corpus.ts';
import { ContentStore } from '../src/corpus/store.ts';
import { generateSeedFiles, seedBytes } from '../src/seedgen/generate.ts';

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    samples: { type: 'string', default: '30' },
  },
});
const SIZES = String(flags.sizes).split(',').map(Number);
const SAMPLES = Number(flags.samples);

function generate(count: number): LoadResult {
  const outcomes = [];
  for (const seed of generateSeedFiles({ count, seed: 5 })) {
    outcomes.push(processSeedBytes(seed.name, seedBytes(seed)));
  }
  return assembleOutcomes(outcomes);
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

type Applying = ContentStore & {
  apply?: (step: {
    added: readonly ArticleRecord[];
    removed: readonly ArticleRecord[];
    problems: unknown;
    files: number;
  }) => unknown;
};

console.log(
  '| articles | swap | median ms per one-file change | median ms to build that snapshot from scratch | ratio |',
);
console.log('| ---: | --- | ---: | ---: | ---: |');
for (const size of SIZES) {
  const load = generate(size);
  const store = new ContentStore(load) as Applying;
  const derived = typeof store.apply === 'function';
  let articles = load.articles;
  const swaps: number[] = [];
  const builds: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const index = (i * 7919) % articles.length;
    const old = articles[index] as ArticleRecord;
    const edited = Object.freeze({ ...old, title: `${old.title} (edit ${i})` });
    const next = articles.slice();
    next[index] = edited;
    let started = performance.now();
    if (derived) {
      const current = store.current as unknown as { problems: unknown; files: number };
      store.apply?.({
        added: [edited],
        removed: [old],
        problems: current.problems,
        files: current.files,
      });
    } else store.replace({ ...load, articles: next });
    swaps.push(performance.now() - started);
    // The same snapshot built from all its records, as every reload did before deltas.
    started = performance.now();
    new Corpus({ ...load, articles: next }, 1);
    builds.push(performance.now() - started);
    articles = next;
  }
  const swap = median(swaps);
  const build = median(builds);
  console.log(
    `| ${size.toLocaleString('en')} | ${derived ? 'derived (apply)' : 'rebuilt (replace)'} | ${swap.toFixed(2)} | ${build.toFixed(1)} | ${(build / swap).toFixed(0)}x |`,
  );
}
