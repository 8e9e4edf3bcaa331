/**
 * One measured service start in a fresh process (run with --expose-gc): from nothing to the first
 * GraphQL answer over HTTP, through `startServer` as `newsgraph serve` runs it, with the given
 * load cache folder (`off` for none). Then the heap after forced GC, by V8 space. Prints one JSON
 * line.
 */
import v8 from 'node:v8';
import { resolveConfig } from '../../src/server/config.ts';
import { startServer } from '../../src/server/http.ts';

const [dir, cacheDir] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!dir || !cacheDir || !gc) {
  console.error('usage: node --expose-gc --import tsx bench/lib/start-probe.ts DIR CACHE_DIR|off');
  process.exit(2);
}
const started = performance.now();
const cpuBefore = process.cpuUsage();
const resolved = resolveConfig(['--seeds', dir, '--port', '0', '--log-level', 'silent'], {
  NEWSGRAPH_CACHE_DIR: cacheDir,
});
if (resolved.kind !== 'config') throw new Error(JSON.stringify(resolved));
const running = await startServer({ config: resolved.config });
const response = await fetch(running.url, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: '{ articles(first: 1) { edges { node { title } } } }' }),
});
if (!response.ok) throw new Error(`first answer: ${response.status}`);
await response.json();
const readyMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
await running.live?.reloader.cacheWritten;
for (let i = 0; i < 3; i++) gc();
const heap = v8.getHeapStatistics();
const spaces = Object.fromEntries(
  v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]),
);
const articles = running.store.current.all.length;
await running.close();
console.log(
  JSON.stringify({
    readyMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    articles,
    heapUsed: heap.used_heap_size,
    heapLimit: heap.heap_size_limit,
    external: process.memoryUsage().external,
    spaces,
  }),
);
