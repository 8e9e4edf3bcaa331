/**
 * One measured load in a fresh process (run with --expose-gc): time to load the folder and the
 * heap the result keeps once garbage is collected. Prints one JSON line.
 */
import { loadSeeds } from '../../src/content/load.ts';

const [dir, mode] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!dir || !gc) {
  console.error(
    'usage: node --expose-gc --import tsx bench/lib/load-probe.ts DIR [parallel|sequential|auto]',
  );
  process.exit(2);
}
const collect = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

const heapBefore = collect();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await loadSeeds(dir, {
  parallel: mode === 'parallel' ? true : mode === 'sequential' ? false : 'auto',
});
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const heapAfter = collect();
console.log(
  JSON.stringify({
    ms,
    // All threads: with workers this exceeds the wall time.
    cpuMs: (cpu.user + cpu.system) / 1000,
    files: result.files,
    articles: result.articles.length,
    errors: result.errors.length,
    retainedBytes: heapAfter - heapBefore,
  }),
);
// Keep the result alive until after the measurement.
if (result.files < 0) console.log(result);
