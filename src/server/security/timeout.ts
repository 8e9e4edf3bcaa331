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
  readonly #controller: AbortController;
  readonly #timeoutError: GraphQLError;
  #sliceStarted = performance.now();
  #typoTermsLeft = MAX_TYPO_TERMS_PER_REQUEST;

  constructor(timeoutMs: number, controller: AbortController, timeoutError: GraphQLError) {
    this.#deadline = this.#sliceStarted + timeoutMs;
    this.#controller = controller;
    this.#timeoutError = timeoutError;
  }

  /** True once the deadline passed, whether the timer or a loop's check noticed first. */
  get timedOut(): boolean {
    return this.#controller.signal.reason === this.#timeoutError;
  }

  expire(): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(this.#timeoutError);
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
      const controller = new AbortController();
      const budget = new OperationBudget(
        timeoutMs,
        controller,
        refusal(
          `The operation took longer than ${timeoutMs} ms and was stopped; ask for less.`,
          SecurityErrorCode.OperationTimeout,
          503,
        ),
      );
      const timer = setTimeout(() => budget.expire(), timeoutMs);
      timer.unref();
      // The client's going away is forwarded by a listener rather than AbortSignal.any, which
      // costs about 5% of the server's CPU per request in profiles (a native controller for
      // Yoga's lazy request signal, weak references, extra garbage).
      const context = args.contextValue as { request?: Request; budget?: RequestBudget };
      const clientSignal = context.request?.signal;
      const onClientAbort = () => controller.abort(clientSignal?.reason);
      if (clientSignal instanceof AbortSignal) {
        if (clientSignal.aborted) onClientAbort();
        else clientSignal.addEventListener('abort', onClientAbort, { once: true });
      }
      (args as { signal?: AbortSignal }).signal = controller.signal;
      context.budget = budget;
      return {
        onExecuteDone({ result, setResult }) {
          clearTimeout(timer);
          clientSignal?.removeEventListener('abort', onClientAbort);
          if (budget.timedOut && !(Symbol.asyncIterator in result)) {
            setResult({ errors: [controller.signal.reason as GraphQLError] });
          }
        },
      };
    },
  };
}
