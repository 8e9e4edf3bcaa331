import { createComplexityRule } from '@pothos/plugin-complexity';
import { type ExecutionArgs, GraphQLError, validate } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { refusal, SecurityErrorCode } from './errors.ts';

/** What every response reports in `extensions.cost`, so client authors see their budget. */
export interface OperationCost {
  readonly requested: number;
  readonly maximum: number;
}

type Pricing =
  | { readonly kind: 'priced'; readonly cost: OperationCost; readonly refusals: GraphQLError[] }
  /** Invalid variables or operation name: execution reports them, and runs nothing. */
  | { readonly kind: 'unpriced' };

function price(args: ExecutionArgs, maximum: number): Pricing {
  let requested = 0;
  let priced = false;
  const refusals: GraphQLError[] = [];
  const rule = createComplexityRule({
    context: args.contextValue as object,
    variableValues: (args.variableValues ?? {}) as Record<string, unknown>,
    operationName: args.operationName ?? null,
    onResult: (result) => {
      priced = true;
      requested = Math.max(requested, result.complexity);
    },
    validate: (result, reportError) => {
      if (result.complexity <= maximum) return;
      reportError(
        refusal(
          `This operation costs ${result.complexity}, above the maximum of ${maximum}: ` +
            'ask for smaller pages (first/last) or fewer nested lists.',
          SecurityErrorCode.CostLimit,
          400,
          { cost: { requested: result.complexity, maximum } },
        ),
      );
    },
  });
  let errors: readonly GraphQLError[];
  try {
    errors = validate(args.schema, args.document, [rule]);
  } catch (error) {
    // Argument values are decoded while pricing (global IDs, for one); a bad one is the client's.
    if (!(error instanceof GraphQLError)) throw error;
    errors = [error];
  }
  for (const error of errors) {
    // Refusals raised by the field prices (page sizes, list lengths) carry a code; the rule's
    // own variable and operation-name errors do not, and execution will report those itself.
    const code = error.extensions.code;
    if (typeof code === 'string')
      refusals.push(refusal(error.message, code, 400, error.extensions));
  }
  if (!priced && refusals.length === 0) return { kind: 'unpriced' };
  return { kind: 'priced', cost: { requested, maximum }, refusals };
}

/**
 * Prices the operation with the schema's field complexities (src/schema/complexity.ts) and the
 * request's own variables, refuses it with 400 before execution when it costs more than
 * `maxCost`, and reports the price in `extensions.cost`. It runs at execute time, not as a
 * validation rule, because Yoga caches validation per document and the price depends on the
 * variables (`first: $n`).
 */
export function costLimit(maxCost: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const pricing = price(args, maxCost);
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
