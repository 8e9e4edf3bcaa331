import { openSync, readSync } from 'node:fs';

/** Read into one buffer, never a new one per call: see below. */
const scratch = Buffer.alloc(256);
let schedstat: number | null | undefined;

/**
 * CPU time of the calling thread in milliseconds, or undefined where the system does not say.
 * `process.cpuUsage()` counts every thread of the process, V8's helper threads among them, which
 * mark a multi-gigabyte heap concurrently for seconds at a time: at a million articles that
 * drowns a change of a few milliseconds. The main thread's own time is what holds requests up.
 * Linux keeps it, in nanoseconds, as the first field of /proc/thread-self/schedstat, read here
 * by a synchronous call, so by the main thread itself. (`process.threadCpuUsage()` says the same
 * from Node 23.9 on; this bench also runs on Node 20.) Reading it allocates nothing: at a
 * million articles a buffer allocated outside V8's heap per read cost more than a change.
 */
export function threadCpuMs(): number | undefined {
  if (schedstat === undefined) {
    try {
      schedstat = openSync('/proc/thread-self/schedstat', 'r');
    } catch {
      schedstat = null;
    }
  }
  if (schedstat === null) return undefined;
  const read = readSync(schedstat, scratch, 0, scratch.length, 0);
  const end = scratch.indexOf(32);
  const ns = Number(scratch.toString('latin1', 0, end > 0 && end < read ? end : read));
  return Number.isFinite(ns) ? ns / 1e6 : undefined;
}
