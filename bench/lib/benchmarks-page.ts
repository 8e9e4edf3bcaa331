import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';

const BENCHMARKS = path.resolve(import.meta.dirname, '../../BENCHMARKS.md');

/** Replaces one bench's `## ` section and nothing else (other sections belong to other benches). */
export async function writeBenchmarksSection(title: string, section: string): Promise<void> {
  const current = existsSync(BENCHMARKS) ? await readFile(BENCHMARKS, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(`\n${title}\n`);
  let next: string;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const after = current.indexOf('\n## ', start + title.length + 1);
    const tail = after === -1 ? '' : current.slice(after);
    next = `${current.slice(0, start + 1)}${section}${tail}`;
  }
  await writeFile(BENCHMARKS, next.endsWith('\n') ? next : `${next}\n`);
}

/** CPU, cores, memory, Node and the load average now: what a reader needs to weigh the figures. */
export function machineSummary(): string {
  return `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}`;
}
