import type { Clock } from './clock.ts';

/** setTimeout's longest delay (about 24.8 days); a later transition is reached in steps. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One timer for the next editorial transition (an embargo lifting, an expiry): never polling,
 * and derived from the current snapshot alone, so a reload or a restart just schedules again
 * from the records. When it fires, `due` re-evaluates the content; a timer that fires early
 * (or a step of a long wait) arms again for the rest.
 */
export class TransitionScheduler {
  readonly #clock: Clock;
  readonly #due: () => unknown;
  #timer: unknown;
  #target: number | null = null;
  #stopped = false;

  constructor(clock: Clock, due: () => unknown) {
    this.#clock = clock;
    this.#due = due;
  }

  /** The instant the timer waits for, null when none (for status and tests). */
  get target(): Date | null {
    return this.#target === null ? null : new Date(this.#target);
  }

  /** Waits for `next` instead of whatever was scheduled; null: nothing to wait for. */
  schedule(next: Date | null): void {
    this.#clear();
    if (this.#stopped || next === null) return;
    this.#target = next.getTime();
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    this.#clear();
  }

  #arm(): void {
    const target = this.#target;
    if (target === null) return;
    const wait = Math.min(Math.max(target - this.#clock.now(), 0), MAX_TIMER_MS);
    this.#timer = this.#clock.setTimer(() => {
      this.#timer = undefined;
      if (this.#target !== target) return;
      if (this.#clock.now() < target) this.#arm();
      // A swap reschedules through `schedule`; nothing due (already caught up) leaves it be.
      else this.#due();
    }, wait);
  }

  #clear(): void {
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#target = null;
  }
}
