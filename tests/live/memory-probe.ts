/**
 * Run by memory.test.ts in a child process with --expose-gc: edit/reload cycles over a generated
 * folder, printing heap sizes after forced collections as one JSON line.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listSeedFiles } from '../../src/content/read.ts';
import { Reloader } from '../../src/live/reloader.ts';
import { writeSeedFolder } from '../../src/seedgen/generate.ts';

const [articles = 2_000, cycles = 300] = process.argv.slice(2).map(Number);
const gc = globalThis.gc as () => void;

function settledHeap(): number {
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

const dir = await mkdtemp(path.join(tmpdir(), 'newsgraph-memory-'));
await writeSeedFolder(dir, { count: articles, seed: 11 });
const names = await listSeedFiles(dir);
const reloader = await Reloader.open({ root: dir, parallel: false });
const baseline = settledHeap();
for (let cycle = 0; cycle < cycles; cycle++) {
  const name = names[(cycle * 7919) % names.length] as string;
  const file = path.join(dir, name);
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace(/^title: .*$/m, `title: "Edit ${cycle} of ${name}"`));
  await reloader.update([name]);
}
const after = settledHeap();
console.log(JSON.stringify({ baseline, after, version: reloader.store.current.version, dir }));
