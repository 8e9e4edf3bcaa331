/**
 * What one request may still spend on discovery work that cannot be interrupted from outside:
 * search, facet counting and story grouping are synchronous loops, so a timer cannot stop them
 * and other requests wait for them. They check the request's deadline as they go, give other
 * requests a turn between the words of a search, and draw typo matching from a per-request
 * allowance. The
 * server makes one per operation (src/server/security/timeout.ts); without one nothing is limited.
 */
export interface RequestBudget {
  /** Throws the request's timeout error once its deadline has passed or its client has gone. */
  checkDeadline(): void;
  /**
   * A promise that resolves after other requests had a turn, when this one has held the event
   * loop for a whole slice; undefined (nothing to wait for) otherwise.
   */
  yieldIfDue(): Promise<void> | undefined;
  /** Takes `count` typo-tolerant words from the request's allowance; false when too few are left. */
  takeTypoTerms(count: number): boolean;
}

/** No deadline, no slices, no allowance: direct calls from tools and unit tests. */
export const UNLIMITED: RequestBudget = {
  checkDeadline() {},
  yieldIfDue: () => undefined,
  takeTypoTerms: () => true,
};

/**
 * Loop iterations between two deadline checks: reading the clock costs tens of nanoseconds, an
 * iteration a few, so this keeps the checks under 1% of a loop and overshoots a deadline by well
 * under a millisecond.
 */
export const DEADLINE_CHECK_EVERY = 4_096;
