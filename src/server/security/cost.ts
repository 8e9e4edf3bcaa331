import { type ExecutionArgs, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { refusal, SecurityErrorCode } from './errors.ts';
import { operationPrice } from './operation-price.ts';

/** What every response reports in `extensions.cost`, so client authors see their budget. */
export interface OperationCost {
  readonly requested: number;
  readonly maximum: number;
}

export type Pricing =
  | { readonly kind: 'priced'; readonly cost: OperationCost; readonly refusals: GraphQLError[] }
  /** Invalid variables or operation name: execution reports them, and runs nothing. */
  | { readonly kind: 'unpriced' };

function price(args: ExecutionArgs, maximum: number): Pricing {
  let requested: number | undefined;
  try {
    requested = operationPrice(args);
  } catch (error) {
    // Field prices refuse out-of-range arguments with a coded error; argument values are also
    // decoded while pricing (global IDs, for one), and a bad one is the client's.
    if (!(error instanceof GraphQLError)) throw error;
    const code = typeof error.extensions.code === 'string' ? error.extensions.code : undefined;
    if (!code) return { kind: 'unpriced' };
    return {
      kind: 'priced',
      cost: { requested: 0, maximum },
      refusals: [refusal(error.message, code, 400, error.extensions)],
    };
  }
  if (requested === undefined) return { kind: 'unpriced' };
  const cost = { requested, maximum };
  if (requested <= maximum) return { kind: 'priced', cost, refusals: [] };
  return {
    kind: 'priced',
    cost,
    refusals: [
      refusal(
        `This operation costs ${requested}, above the maximum of ${maximum}: ` +
          'ask for smaller pages (first/last) or fewer nested lists.',
        SecurityErrorCode.CostLimit,
        400,
        { cost },
      ),
    ],
  };
}

/** Prices kept per parsed document (Yoga reuses one DocumentNode per query text). */
export const MAX_PRICES_PER_DOCUMENT = 64;
/** Variables longer than this as JSON are priced every time rather than used as a key. */
const MAX_PRICE_KEY_LENGTH = 1_024;

/**
 * Remembers the prices of accepted operations: the same feed query with the same variables costs
 * the same every time, because field prices (src/schema/complexity.ts) read only the arguments,
 * never the context. Refusals are not kept; they are recomputed, and stay cheap to compute.
 */
function priceMemo() {
  const byDocument = new WeakMap<ExecutionArgs['document'], Map<string, number>>();
  const keyOf = (args: ExecutionArgs): string | undefined => {
    const key = `${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}`;
    return key.length <= MAX_PRICE_KEY_LENGTH ? key : undefined;
  };
  return {
    get(args: ExecutionArgs): number | undefined {
      const key = keyOf(args);
      return key === undefined ? undefined : byDocument.get(args.document)?.get(key);
    },
    set(args: ExecutionArgs, requested: number): void {
      const key = keyOf(args);
      if (key === undefined) return;
      const prices = byDocument.get(args.document) ?? new Map<string, number>();
      byDocument.set(args.document, prices);
      if (prices.size >= MAX_PRICES_PER_DOCUMENT) prices.clear();
      prices.set(key, requested);
    },
  };
}

/**
 * Prices an operation with its variables, remembering accepted prices: shared by the Yoga plugin
 * below and the lean miss path (src/server/perf/lean-miss.ts), so both refuse the same.
 */
export function costCheck(maxCost: number): (args: ExecutionArgs) => Pricing {
  const memo = priceMemo();
  return (args) => {
    const known = memo.get(args);
    if (known !== undefined) {
      return { kind: 'priced', cost: { requested: known, maximum: maxCost }, refusals: [] };
    }
    const pricing = price(args, maxCost);
    if (pricing.kind === 'priced' && pricing.refusals.length === 0) {
      memo.set(args, pricing.cost.requested);
    }
    return pricing;
  };
}

/**
 * Prices the operation with the schema's field complexities (src/schema/complexity.ts) and the
 * request's own variables, refuses it with 400 before execution when it costs more than
 * `maxCost`, and reports the price in `extensions.cost`. It runs at execute time, not as a
 * validation rule, because Yoga caches validation per document and the price depends on the
 * variables (`first: $n`).
 */
export function useCostLimit(maxCost: number): Plugin {
  const priceOf = costCheck(maxCost);
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const pricing = priceOf(args);
      if (pricing.kind === 'unpriced') return;
      const { cost, refusals } = pricing;
      if (refusals.length > 0) {
        setResultAndStopExecution(
          cost.requested > 0 ? { errors: refusals, extensions: { cost } } : { errors: refusals },
        );
        return;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          setResult({ ...result, extensions: { ...result.extensions, cost } });
        },
      };
    },
  };
}
