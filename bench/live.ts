/**
 * `npm run bench:live`: live reload on a generated corpus. Reports heap after forced GC across
 * edit/reload cycles, the cost of one reload, and the time from a file's write to the change
 * being visible in the store (what the next request reads), for one file and for a burst.
 * Writes the `## Live reload` section of BENCHMARKS.md.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { listSeedFiles } from '../src/content/read.ts';
import { openLiveContent } from '../src/live/live-content.ts';
import { Reloader } from '../src/live/reloader.ts';
import { DEFAULT_MAX_WAIT_MS, DEFAULT_QUIET_MS } from '../src/live/watcher.ts';
import { writeSeedFolder } from '../src/seedgen/generate.ts';
import { machineSummary, writeBenchmarksSection } from './lib/benchmarks-page.ts';
import { settledHeap as heapAfterGc, requireExposedGc } from './lib/heap.ts';

const { values: flags } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    cycles: { type: 'string', default: '1000' },
    samples: { type: 'string', default: '20' },
    burst: { type: 'string', default: '1000' },
    'no-write': { type: 'boolean', default: false },
  },
});
const ARTICLES = Number(flags.articles);
const CYCLES = Number(flags.cycles);
const SAMPLES = Number(flags.samples);
const BURST = Number(flags.burst);
const SECTION = '## Live reload';
const WRITE_BATCH = 64;

requireExposedGc('bench:live');
const settledHeap = () => heapAfterGc('bench:live');

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const ms = (value: number) =>
  value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en');
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const retitle = (text: string, title: string) => text.replace(/^title: .*$/m, `title: "${title}"`);

async function edit(dir: string, name: string, title: string): Promise<void> {
  const file = path.join(dir, name);
  await writeFile(file, retitle(await readFile(file, 'utf8'), title));
}

const keyOf = (name: string) => name.slice(0, name.lastIndexOf('.'));

async function memoryCycles(dir: string, names: readonly string[]) {
  const started = performance.now();
  const reloader = await Reloader.open({ root: dir });
  const firstLoadMs = performance.now() - started;
  const afterFirstLoad = settledHeap();
  const durations: number[] = [];
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const name = names[(cycle * 7919) % names.length] as string;
    await edit(dir, name, `Cycle ${cycle}`);
    const result = await reloader.update([name]);
    if (!result.swapped) throw new Error(`cycle ${cycle} did not swap`);
    durations.push(result.durationMs);
  }
  const afterCycles = settledHeap();
  return { firstLoadMs, afterFirstLoad, afterCycles, durations };
}

async function writeToVisible(dir: string, names: readonly string[]) {
  const live = await openLiveContent({ root: dir, watch: true });
  const visible = (name: string, title: string) =>
    live.store.current.preview.byKey.get(keyOf(name))?.title === title;
  const waitUntil = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      if (check()) return resolve();
      const stop = live.store.onSwap(() => {
        if (check()) {
          stop();
          resolve();
        }
      });
    });

  const single: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const name = names[(i * 104_729) % names.length] as string;
    const title = `Single ${i}`;
    const started = performance.now();
    await edit(dir, name, title);
    await waitUntil(() => visible(name, title));
    single.push(performance.now() - started);
    await live.reloader.settled();
  }

  const burstNames = names.slice(0, BURST);
  const texts = await Promise.all(
    burstNames.map(async (name) =>
      retitle(await readFile(path.join(dir, name), 'utf8'), `B ${name}`),
    ),
  );
  let swaps = 0;
  const stopCounting = live.store.onSwap(() => void swaps++);
  const allVisible = () => burstNames.every((name) => visible(name, `B ${name}`));
  const started = performance.now();
  for (let i = 0; i < burstNames.length; i += WRITE_BATCH) {
    await Promise.all(
      burstNames
        .slice(i, i + WRITE_BATCH)
        .map((name, j) => writeFile(path.join(dir, name), texts[i + j] as string)),
    );
  }
  const written = performance.now();
  await waitUntil(allVisible);
  const burstMs = performance.now() - started;
  stopCounting();
  await live.close();
  return { single, burst: { ms: burstMs, writeMs: written - started, swaps } };
}

const dir = await mkdtemp(path.join(tmpdir(), 'newsgraph-bench-live-'));
try {
  const benchStarted = performance.now();
  await writeSeedFolder(dir, { count: ARTICLES, seed: 5 });
  const names = await listSeedFiles(dir);
  console.error(`generated ${names.length} files; ${CYCLES} edit/reload cycles…`);
  const memory = await memoryCycles(dir, names);
  console.error('write-to-visible latency…');
  const latency = await writeToVisible(dir, names);
  const growth = memory.afterCycles / memory.afterFirstLoad - 1;

  const machine = `${machineSummary()} at the end`;
  const lines = [
    SECTION,
    '',
    '<!-- Generated by `npm run bench:live` (bench/live.ts); do not edit by hand. -->',
    '',
    `Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${machine}; ` +
      `${Math.round((performance.now() - benchStarted) / 1000)} s in all. ` +
      `${ARTICLES.toLocaleString('en')} generated articles. Debounce: ${DEFAULT_QUIET_MS} ms quiet, ` +
      `${DEFAULT_MAX_WAIT_MS} ms at most. Timings drift with other work on the machine.`,
    '',
    '| measure | value | goal |',
    '| --- | --- | --- |',
    `| first load (read, parse, snapshot) | ${ms(memory.firstLoadMs)} ms | |`,
    `| heap after forced GC, after the first load | ${mib(memory.afterFirstLoad)} MiB | |`,
    `| heap after forced GC, after ${CYCLES.toLocaleString('en')} edit/reload cycles | ${mib(memory.afterCycles)} MiB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%) | within 10%: ${Math.abs(growth) <= 0.1 ? 'met' : 'not met'} |`,
    `| one reload after a one-file edit (re-read, assemble, snapshot, diff), median / p95 | ${ms(quantile(memory.durations, 0.5))} / ${ms(quantile(memory.durations, 0.95))} ms | |`,
    `| write to visible, one file (${SAMPLES} samples), median / p95 / max | ${ms(quantile(latency.single, 0.5))} / ${ms(quantile(latency.single, 0.95))} / ${ms(Math.max(...latency.single))} ms | |`,
    `| write to visible, ${BURST.toLocaleString('en')}-file burst (first write to all visible) | ${ms(latency.burst.ms)} ms (writing took ${ms(latency.burst.writeMs)} ms; ${latency.burst.swaps} swaps) | |`,
    '',
    '"Visible" means the store holds a snapshot with the new content: the next request reads it.',
    'Write-to-visible runs with the watcher (fs.watch, inotify); the cycles call the reloader directly.',
    '',
  ];
  const section = lines.join('\n');
  console.log(section);
  if (!flags['no-write']) {
    await writeBenchmarksSection(SECTION, section);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
