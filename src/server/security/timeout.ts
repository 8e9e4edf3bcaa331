import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestBudget } from '../../discovery/budget.ts';
import { MAX_TYPO_TERMS_PER_REQUEST } from '../../discovery/search-index.ts';
import { refusal, SecurityErrorCode } from './errors.ts';

/**
 * An operation that has held the event loop this long lets other requests have a turn before its
 * next search word's typo scan: two attackers' operations then delay a bystander by about two
 * slices, not by their whole run.
 */
export const EXECUTION_SLICE_MS = 2;

/** One operation's deadline, turns and typo allowance (see src/discovery/budget.ts). */
class OperationBudget implements RequestBudget {
  readonly #deadline: number;
  readonly #timeoutMs: number;
  readonly #controller: AbortController;
  /**
   * Made when the deadline passes, not up front: a GraphQLError captures a stack trace, and
   * building one per operation was ~5% of a lookup's CPU for an error almost never sent.
   */
  #timeoutError: GraphQLError | undefined;
  #sliceStarted = performance.now();
  #typoTermsLeft = MAX_TYPO_TERMS_PER_REQUEST;

  constructor(timeoutMs: number, controller: AbortController) {
    this.#deadline = this.#sliceStarted + timeoutMs;
    this.#timeoutMs = timeoutMs;
    this.#controller = controller;
  }

  /** True once the deadline passed, whether the timer or a loop's check noticed first. */
  get timedOut(): boolean {
    return (
      this.#timeoutError !== undefined && this.#controller.signal.reason === this.#timeoutError
    );
  }

  expire(): void {
    if (this.#controller.signal.aborted) return;
    this.#timeoutError = refusal(
      `The operation took longer than ${this.#timeoutMs} ms and was stopped; ask for less.`,
      SecurityErrorCode.OperationTimeout,
      503,
    );
    this.#controller.abort(this.#timeoutError);
  }

  checkDeadline(): void {
    const signal = this.#controller.signal;
    if (!signal.aborted && performance.now() >= this.#deadline) this.expire();
    if (signal.aborted) throw signal.reason;
  }

  yieldIfDue(): Promise<void> | undefined {
    if (performance.now() - this.#sliceStarted < EXECUTION_SLICE_MS) return undefined;
    return new Promise((resolve) => {
      // setImmediate runs after pending I/O: other requests are read and served meanwhile.
      setImmediate(() => {
        this.#sliceStarted = performance.now();
        resolve();
      });
    });
  }

  takeTypoTerms(count: number): boolean {
    if (count > this.#typoTermsLeft) return false;
    this.#typoTermsLeft -= count;
    return true;
  }
}

/** One running operation's deadline: its abort signal, and `finish` to call when it settles. */
export interface OperationDeadline {
  readonly signal: AbortSignal;
  /** Stops the timer; true when the operation ran out of time (its answer is then the timeout). */
  finish(): boolean;
  /** The timeout error, once `finish` said so. */
  readonly reason: unknown;
}

/**
 * Starts the deadline of one operation and puts its budget in `context` (search and facets
 * check it as they loop). Shared by the Yoga plugin below and the lean miss path
 * (src/server/perf/lean-miss.ts). `clientSignal`: the client's going away aborts it too.
 */
export function startOperationDeadline(
  timeoutMs: number,
  context: { budget?: RequestBudget },
  clientSignal?: AbortSignal,
): OperationDeadline {
  const controller = new AbortController();
  const budget = new OperationBudget(timeoutMs, controller);
  const timer = setTimeout(() => budget.expire(), timeoutMs);
  timer.unref();
  // The client's going away is forwarded by a listener rather than AbortSignal.any, which
  // costs about 5% of the server's CPU per request in profiles (a native controller for
  // Yoga's lazy request signal, weak references, extra garbage).
  const onClientAbort = () => controller.abort(clientSignal?.reason);
  if (clientSignal instanceof AbortSignal) {
    if (clientSignal.aborted) onClientAbort();
    else clientSignal.addEventListener('abort', onClientAbort, { once: true });
  }
  context.budget = budget;
  return {
    signal: controller.signal,
    get reason() {
      return controller.signal.reason;
    },
    finish() {
      clearTimeout(timer);
      clientSignal?.removeEventListener('abort', onClientAbort);
      return budget.timedOut;
    },
  };
}

/**
 * Aborts an execution that runs longer than `timeoutMs` (or whose client went away), through the
 * AbortSignal that Yoga's executor checks between resolvers, and answers 503 with a clear error.
 * The abort reason is a GraphQLError rather than a DOMException because Yoga silently drops
 * abort errors, leaving the client without an explanation.
 *
 * A timer cannot interrupt synchronous work, so search and facets also check the deadline as
 * they loop, through the budget this puts in the context; an operation stopped that way answers
 * the same timeout error alone, never the data of the fields that finished in time.
 */
export function useOperationTimeout(timeoutMs: number): Plugin {
  return {
    onExecute({ args }) {
      const context = args.contextValue as { request?: Request; budget?: RequestBudget };
      const deadline = startOperationDeadline(timeoutMs, context, context.request?.signal);
      (args as { signal?: AbortSignal }).signal = deadline.signal;
      return {
        onExecuteDone({ result, setResult }) {
          if (deadline.finish() && !(Symbol.asyncIterator in result)) {
            setResult({ errors: [deadline.reason as GraphQLError] });
          }
        },
      };
    },
  };
}
