export interface DebounceOptions {
  /** Flush once no new name has arrived for this long. */
  readonly quietMs: number;
  /** …but never hold the first name of a batch longer than this, so a steady stream still flows. */
  readonly maxWaitMs: number;
}

export interface NameBatcher {
  add(name: string): void;
  /** Drops what is pending without flushing. */
  cancel(): void;
}

/**
 * Collects names into batches: a burst of events (a save, a git checkout, a sync) becomes one
 * flush. Hand-written because the usual debounce helpers drop the arguments of all but the last
 * call, and here every name counts.
 */
export function batchNames(
  options: DebounceOptions,
  flush: (names: ReadonlySet<string>) => void,
): NameBatcher {
  let pending = new Set<string>();
  let quiet: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  const fire = () => {
    clearTimeout(quiet);
    clearTimeout(deadline);
    quiet = deadline = undefined;
    const names = pending;
    pending = new Set();
    if (names.size > 0) flush(names);
  };
  return {
    add(name) {
      pending.add(name);
      clearTimeout(quiet);
      quiet = setTimeout(fire, options.quietMs);
      deadline ??= setTimeout(fire, options.maxWaitMs);
    },
    cancel() {
      clearTimeout(quiet);
      clearTimeout(deadline);
      quiet = deadline = undefined;
      pending = new Set();
    },
  };
}
