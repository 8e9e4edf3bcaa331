/**
 * Time as newsgraph reads it: the instant snapshots are evaluated at, and the one timer for
 * the next editorial transition. Injectable so tests move time without waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `run` after about `ms` milliseconds; must not keep the process alive on its own. */
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (run, ms) => setTimeout(run, ms).unref(),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
