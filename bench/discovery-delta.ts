/**
 * `npm run bench:discovery-delta`: what one changed article costs the discovery structures (search
 * index, facet table, story groups) when they are derived from the previous view's by the delta,
 * against building them from scratch, at 10,000 and 100,000 generated articles (set
 * BENCH_DELTA_SIZES, e.g. "10000,100000,1000000"). Also the longest the event loop was blocked
 * during a from-scratch build (it runs in slices) and search latency over a derived index against
 * a from-scratch one. Prints a Markdown table for BENCHMARKS.md.
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { assembleOutcomes } from '../src/content/load.ts';
import { processSeedBytes } from '../src/content/seed-file.ts';
import type { ArticleDelta } from '../src/corpus/delta.ts';
import type { ArticleRecord } from '../src/corpus/records.ts';
import { CorpusView } from '../src/corpus/view.ts';
import { storiesOf } from '../src/discovery/coverage.ts';
import { prepareFacetsOf } from '../src/discovery/facets.ts';
import { searchArticles } from '../src/discovery/search.ts';
import { searchIndexOf } from '../src/discovery/search-index.ts';
import { type ArticleSlots, slotsOf } from '../src/discovery/slots.ts';
import { generateSeedFiles, seedBytes } from '../src/seedgen/generate.ts';

const SIZES = (process.env.BENCH_DELTA_SIZES ?? '10000,100000').split(',').map(Number);
const CHANGES = 30;

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (n: number) => (n >= 100 ? Math.round(n) : Math.round(n * 100) / 100);

function records(count: number): ArticleRecord[] {
  const outcomes = [];
  for (const file of generateSeedFiles({ count, seed: 3, draftShare: 0 })) {
    outcomes.push(processSeedBytes(file.name, seedBytes(file)));
  }
  return [...assembleOutcomes(outcomes).articles];
}

async function everything(slots: ArticleSlots): Promise<void> {
  await slots.prepare(() => yieldToEventLoop());
  await searchIndexOf(slots);
  await prepareFacetsOf(slots);
  await storiesOf(slots);
}

function withDerivation(view: CorpusView, previous: CorpusView, delta: ArticleDelta): CorpusView {
  return Object.assign(view, { derivation: { previous: new WeakRef(previous), delta } });
}

const rows: string[] = [];
for (const size of SIZES) {
  const all = records(size + CHANGES);
  const base = all.slice(0, size);
  const spare = all.slice(size);
  let view = new CorpusView(base);
  const blocked = monitorEventLoopDelay({ resolution: 5 });
  blocked.enable();
  let cpu = process.cpuUsage();
  let started = performance.now();
  await everything(slotsOf(view));
  const scratchCpu = cpuMs(cpu);
  const scratchWall = performance.now() - started;
  blocked.disable();
  const longestBlockMs = blocked.max / 1e6;

  // One change at a time, a third each of additions, edits and removals.
  const costs: number[] = [];
  let current = base;
  const keep: CorpusView[] = [view];
  for (let i = 0; i < CHANGES; i++) {
    let delta: ArticleDelta;
    const target = current[(i * 7919) % current.length] as ArticleRecord;
    if (i % 3 === 0) delta = { added: [spare[i] as ArticleRecord], removed: [] };
    else if (i % 3 === 1) {
      delta = { added: [{ ...target, title: `${target.title} updated ${i}` }], removed: [target] };
    } else delta = { added: [], removed: [target] };
    const removed = new Set(delta.removed);
    current = [...current.filter((r) => !removed.has(r)), ...delta.added];
    // The corpus builds the view (live-delta's part); measured here is what discovery adds.
    const next = withDerivation(new CorpusView(current), view, delta);
    cpu = process.cpuUsage();
    started = performance.now();
    await everything(slotsOf(next));
    costs.push(cpuMs(cpu));
    view = next;
    keep.push(view);
  }

  // Search over the derived index against one built from scratch over the same records.
  const words = current.slice(0, 40).map((a) => a.title.split(' ')[1] ?? a.title);
  const searchMs = async (v: CorpusView) => {
    const samples: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const query of words) {
        const t = performance.now();
        await searchArticles(v, { query, first: 20 });
        samples.push(performance.now() - t);
      }
    }
    return median(samples);
  };
  const derivedSearch = await searchMs(view);
  const fresh = new CorpusView(current);
  await everything(slotsOf(fresh));
  const scratchSearch = await searchMs(fresh);

  const perChange = median(costs);
  const row = [
    size.toLocaleString('en'),
    `${round(scratchCpu)} ms (${round(scratchWall)} ms wall)`,
    `${round(longestBlockMs)} ms`,
    `${round(perChange)} ms`,
    `${round(Math.max(...costs))} ms`,
    `${round(scratchCpu / perChange)}×`,
    `${round(derivedSearch)} / ${round(scratchSearch)} ms`,
  ];
  rows.push(`| ${row.join(' | ')} |`);
  console.log(rows.at(-1));
}

console.log(
  [
    '| articles | from-scratch build, CPU | longest event-loop block during it | one change derived, CPU median | max | ratio | search p50 derived / scratch |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n'),
);
