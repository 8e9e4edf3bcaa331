/** Fixed knobs of the serving benchmark: change them here, and the results say what was used. */

export const CONNECTIONS = 50;
/** Seconds of load per measured scenario, after a warm-up of WARMUP_SECONDS. */
export const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 5);
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 1);
/**
 * Unmeasured load before a server's first scenario: right after loading a corpus V8 is still
 * optimising and collecting the load's garbage (the first seconds on 100,000 articles ran at
 * half the later rate).
 */
export const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE ?? 4);
/** Pages in the cursor-walk scenario; each connection follows the whole walk, then starts over. */
export const WALK_PAGES = 50;
export const WALK_PAGE_SIZE = 10;
export const FEED_SIZE = 20;

export const BENCH_DIR = '.bench';
export const RESULTS_DIR = 'bench/results';
export const BENCHMARKS_PAGE = 'BENCHMARKS.md';

/** How long a server may take to load its corpus and answer its first query. */
export const MAX_STARTUP_MS = 480_000;
