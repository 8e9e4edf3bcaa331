import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  isEnumType,
  Kind,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/** Runs before a document is compiled: a one-off query is cheaper interpreted than compiled. */
export const JIT_AFTER_RUNS = 1;

type ExecuteFn = (args: ExecutionArgs) => unknown;
type Args = ExecutionArgs & { signal?: AbortSignal };

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof (value as Promise<unknown> | null)?.then === 'function';

/**
 * graphql-jit coerces variables again after graphql-js has; that is only a no-op when every
 * enum's internal value is its name (the Pothos default), so otherwise operations with
 * variables stay interpreted.
 */
const enumsKeepNames = new WeakMap<GraphQLSchema, boolean>();
export function keepsEnumNames(schema: GraphQLSchema): boolean {
  let keeps = enumsKeepNames.get(schema);
  if (keeps === undefined) {
    keeps = Object.values(schema.getTypeMap())
      .filter(isEnumType)
      .every((type) => type.getValues().every((value) => value.value === value.name));
    enumsKeepNames.set(schema, keeps);
  }
  return keeps;
}

/**
 * graphql-jit's own variable coercion ignores input-field defaults (`orderBy: { field: HEAT }`
 * is refused for a missing `direction`). So variables are
 * coerced by graphql-js first, exactly as the interpreted executor would, and a request whose
 * variables do not coerce is left to the interpreter, which reports them the standard way.
 */
function coerceForJit(args: Args): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  const definitions = operation?.variableDefinitions ?? [];
  if (definitions.length === 0) return true;
  if (!keepsEnumNames(args.schema)) return false;
  const coerced = getVariableValues(args.schema, definitions, args.variableValues ?? {});
  if (coerced.errors) return false;
  (args as { variableValues: unknown }).variableValues = coerced.coerced;
  return true;
}

/**
 * graphql-jit's errors are look-alikes: no `locations` for resolver errors, no `extensions` for
 * its own. Errors are rare (a bad cursor, a limit), so an answer with errors is simply computed
 * again by the interpreter that ran before graphql-jit took over, and the client gets exactly
 * the standard answer. Resolvers only read the request's snapshot, so running twice is harmless.
 * A compiled run is also raced against the AbortSignal the interpreter checks between
 * resolvers (the operation timeout sets it), so an aborted operation answers when it fires.
 */
function useJitCompatibility(): Plugin[] {
  const interpreted = new WeakMap<object, ExecuteFn>();
  const capture: Plugin = {
    onExecute({ args, executeFn }) {
      interpreted.set(args.contextValue as object, executeFn as ExecuteFn);
    },
  };
  const standardise: Plugin = {
    onExecute({ executeFn, setExecuteFn }) {
      const execute = executeFn as ExecuteFn;
      setExecuteFn(((args: Args) => {
        const signal = args.signal;
        signal?.throwIfAborted();
        const again = (result: unknown) => {
          const fallback = interpreted.get(args.contextValue as object);
          const failed = (result as ExecutionResult | null)?.errors?.length;
          // An operation stopped at its deadline is not run again: its answer is the timeout.
          if (signal?.aborted) return result;
          return failed && fallback && fallback !== execute ? fallback(args) : result;
        };
        const result = execute(args);
        if (!isPromise(result)) return again(result);
        if (!signal) return result.then(again);
        return new Promise((resolve, reject) => {
          const onAbort = () => reject(signal.reason);
          signal.addEventListener('abort', onAbort, { once: true });
          result
            .then(again)
            .then(resolve, reject)
            .finally(() => signal.removeEventListener('abort', onAbort));
        });
      }) as typeof executeFn);
    },
  };
  return [capture, standardise];
}

const operationCounts = new WeakMap<DocumentNode, boolean>();
/** True when the document holds exactly one operation (fragments aside). */
export function singleOperation(document: DocumentNode): boolean {
  let single = operationCounts.get(document);
  if (single === undefined) {
    single = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length === 1;
    operationCounts.set(document, single);
  }
  return single;
}

/** What graphql-jit made of a document: its compiled query (or a stand-in answering its error). */
export interface CompiledQuery {
  query(root: unknown, context: unknown, variables: unknown): unknown;
  stringify(result: unknown): string;
}

/** Compiled documents kept by query text; least recently used go first. */
export const MAX_COMPILED_QUERIES = 1_024;

/**
 * The compiled queries by query text, shared with the lean miss path (lean-miss.ts), so both
 * run the very same compiled function. Bounded: a stream of distinct documents cannot grow it.
 */
export class CompiledQueries extends LRUCache<string, CompiledQuery> {
  constructor() {
    super({ max: MAX_COMPILED_QUERIES });
  }
}

/**
 * graphql-jit compiles an operation into a function once and runs that for every later request
 * with the same document (Yoga's parse cache hands back the same DocumentNode). Compiling costs
 * far more than one interpreted run, so, like Mercurius' `jit: 1`, a document is compiled only
 * once it has been seen before: a stream of unique documents never pays for compilation.
 */
export function useNewsgraphJit(compiled: CompiledQueries = new CompiledQueries()): Plugin[] {
  const runs = new WeakMap<DocumentNode, number>();
  const jit = useGraphQlJit(
    {},
    {
      // Its JITCache type names graphql-jit's own types, which this module does not import.
      cache: compiled as never,
      enableIf: (args) => {
        // Compiled queries are cached per document (and by its text), whatever the operation
        // name: a document of several operations compiled for one would answer the others.
        if (!singleOperation(args.document)) return false;
        const seen = runs.get(args.document) ?? 0;
        if (seen < JIT_AFTER_RUNS) {
          runs.set(args.document, seen + 1);
          return false;
        }
        return coerceForJit(args);
      },
    },
  ) as Plugin;
  const [capture, standardise] = useJitCompatibility() as [Plugin, Plugin];
  return [capture, jit, standardise];
}
