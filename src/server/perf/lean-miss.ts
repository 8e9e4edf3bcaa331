import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { ReplayedSeries } from '../../observability/operation-metrics.ts';
import type { NewsgraphContext } from '../../schema/context.ts';
import { boundCacheControl, type UntilNextTransition } from '../http/cache-control.ts';
import type { Pricing } from '../security/cost.ts';
import type { OperationDeadline } from '../security/timeout.ts';
import { CACHE_TAG_HEADER, SURROGATE_KEY_HEADER, taggable, tagHeaders } from './cache-tags.ts';
import { CompiledQueries, keepsEnumNames, singleOperation } from './jit.ts';
import { replayedHeaders, shapingHeaders } from './request-shape.ts';
import type { ResponseCache } from './response-cache.ts';

/** Prepared operations kept (distinct request shapes); least recently used go first. */
export const MAX_LEAN_OPERATIONS = 1_000;
/** Query texts longer than this are not prepared: they go through Yoga every time. */
export const MAX_LEAN_QUERY_LENGTH = 16 * 1024;

/** A request the lean path may answer: its shape (the key of its prepared operation) and params. */
export interface LeanRequest {
  readonly shape: string;
  readonly query: string;
  readonly operationName: string | undefined;
  readonly variables: Record<string, unknown> | undefined;
}

/** What Yoga's first answer to a shape taught: the validated document, compiled, and headers. */
interface Prepared {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  /** Yoga's other headers for this shape, in its spelling and order. */
  readonly headers: readonly (readonly [string, string])[];
  /** POST: as Yoga answered (no-cache); GET: the public value bounded by the next transition. */
  readonly cacheControl: string | undefined;
  /** The metric series of its 200 answers. */
  readonly metrics: ReplayedSeries | undefined;
}

/**
 * The metrics of an answer written here (src/observability/operation-metrics.ts): the recorder
 * of one operation, method and status, bound once per prepared shape.
 */
export type LeanMetrics = (
  operationName: string | undefined,
  method: string,
  status: number,
) => ReplayedSeries;

export interface LeanMissOptions {
  /** The same context factory Yoga uses (src/schema/context.ts), called for a public request. */
  readonly createContext: () => NewsgraphContext;
  /** The cost check Yoga's cost plugin runs (src/server/security/cost.ts costCheck). */
  readonly priceOf: (args: ExecutionArgs) => Pricing;
  /** The operation deadline Yoga's timeout plugin starts (src/server/security/timeout.ts). */
  readonly startDeadline: (context: NewsgraphContext) => OperationDeadline;
  /** The response cache answers are stored into, as Yoga's path does; absent when it is off. */
  readonly cache?: ResponseCache | undefined;
  /** The configured public Cache-Control (NEWSGRAPH_CACHE_CONTROL). */
  readonly publicCacheControl: string;
  readonly untilNextTransition: UntilNextTransition;
  readonly metrics?: LeanMetrics | undefined;
}

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof (value as Promise<unknown> | null)?.then === 'function';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The content types of a single JSON answer (GraphQL over HTTP's and plain JSON). */
const JSON_ANSWER = /^application\/(graphql-response\+)?json(;|$)/;

const PARAMS = new Set(['query', 'variables', 'operationName']);

/** The parameters of a GET's query string or a POST's JSON body, when plain enough to handle. */
function paramsOf(
  req: IncomingMessage,
  body: Buffer | undefined,
): { query: string; operationName: string | undefined; variables: unknown } | undefined {
  let raw: Record<string, unknown>;
  if (req.method === 'POST') {
    const type = req.headers['content-type'];
    if (body === undefined || type === undefined || !type.startsWith('application/json'))
      return undefined;
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (!isObject(parsed)) return undefined;
      raw = parsed;
    } catch {
      return undefined;
    }
  } else {
    const at = (req.url as string).indexOf('?');
    if (at < 0) return undefined;
    const search = new URLSearchParams((req.url as string).slice(at + 1));
    raw = {};
    for (const [name, value] of search) {
      if (name in raw) return undefined;
      raw[name] = value;
    }
    if (typeof raw.variables === 'string') {
      try {
        raw.variables = JSON.parse(raw.variables);
      } catch {
        return undefined;
      }
    }
  }
  for (const name in raw) if (!PARAMS.has(name)) return undefined;
  const { query, operationName, variables } = raw;
  if (typeof query !== 'string' || query === '' || query.length > MAX_LEAN_QUERY_LENGTH)
    return undefined;
  if (operationName !== undefined && typeof operationName !== 'string') return undefined;
  if (variables !== undefined && variables !== null && !isObject(variables)) return undefined;
  return { query, operationName, variables };
}

/**
 * Public cache misses executed in the node:http handler, without Yoga's per-request pipeline.
 *
 * The first request of each shape (method, path, shaping headers, query text, operation name)
 * goes through Yoga, which parses, validates (every hardening rule: depth, aliases, tokens,
 * directives, introspection, trusted documents) and executes it. When Yoga answers it 200
 * without errors, its validated document and response headers (CORS, content type, Vary,
 * instance) are kept as the shape's template. Once Yoga's JIT plugin has compiled the document
 * (jit.ts, on its second run, into `compiled`), later requests of the shape, whatever their
 * variables, are priced with Yoga's own cost check, run under Yoga's own deadline through that
 * same compiled query with the same context factory, and written with the
 * template's headers and the per-request ones (request id, Cache-Control, ETag, tags) decided
 * as Yoga's plugins decide them; the answer is stored into the response cache as Yoga stores it.
 *
 * Anything this does not answer exactly goes to Yoga unchanged: a preview request, another
 * parameter, If-None-Match, a cost refusal, variables that do not coerce, an answer with errors
 * (so masking stays Yoga's), a timeout, an answer already in the response cache. Resolvers only
 * read the request's snapshot, so running an operation again in Yoga is harmless.
 */
export class LeanMiss {
  readonly #options: LeanMissOptions;
  readonly #prepared = new LRUCache<string, Prepared>({ max: MAX_LEAN_OPERATIONS });
  /** graphql-jit's compiled queries, filled by Yoga's JIT plugin (jit.ts), run here as they are. */
  readonly compiled = new CompiledQueries();

  constructor(options: LeanMissOptions) {
    this.#options = options;
  }

  /** Operations prepared (tests). */
  get size(): number {
    return this.#prepared.size;
  }

  /** The request's shape and parameters, or undefined when it must go to Yoga. */
  requestOf(req: IncomingMessage, body: Buffer | undefined): LeanRequest | undefined {
    const { method, headers } = req;
    if ((method !== 'GET' && method !== 'POST') || req.url === undefined) return undefined;
    if (headers.authorization !== undefined || headers['if-none-match'] !== undefined)
      return undefined;
    const params = paramsOf(req, body);
    if (params === undefined) return undefined;
    const at = req.url.indexOf('?');
    let shape = `${method} ${at < 0 ? req.url : req.url.slice(0, at)}${shapingHeaders(headers)}`;
    shape += `\n\n${params.operationName === undefined ? '-' : `=${params.operationName}`}\n${params.query}`;
    return {
      shape,
      query: params.query,
      operationName: params.operationName,
      variables: (params.variables ?? undefined) as Record<string, unknown> | undefined,
    };
  }

  /** Whether `request` has a prepared operation (else Yoga answers, and prepares it). */
  knows(request: LeanRequest): boolean {
    return this.#prepared.has(request.shape);
  }

  /**
   * Answers the request and resolves true, or resolves false without writing anything, for Yoga
   * to answer.
   */
  async answer(
    res: ServerResponse,
    request: LeanRequest,
    requestId: string,
    started: number,
  ): Promise<boolean> {
    const prepared = this.#prepared.get(request.shape);
    // Yoga compiles a document on its second run: until then it answers.
    const compiled = this.compiled.get(request.query);
    if (prepared === undefined || compiled === undefined) return false;
    const options = this.#options;
    const { schema, document, operation } = prepared;
    const args: ExecutionArgs = {
      schema,
      document,
      operationName: request.operationName,
      variableValues: request.variables,
    };
    const pricing = options.priceOf(args);
    if (pricing.kind !== 'priced' || pricing.refusals.length > 0) return false;
    const coerced = getVariableValues(
      schema,
      operation.variableDefinitions ?? [],
      request.variables ?? {},
    );
    if (coerced.errors) return false;
    const cache = options.cache;
    const key = cache?.keyOf(request.query, request.operationName, coerced.coerced, null);
    if (key !== undefined && cache?.get(key, false) !== undefined) return false;

    const contextStarted = performance.now();
    const context = options.createContext();
    const executeStarted = performance.now();
    const deadline = options.startDeadline(context);
    let result: ExecutionResult;
    try {
      const running = compiled.query(undefined, context, coerced.coerced);
      result = (isPromise(running) ? await running : running) as ExecutionResult;
    } catch {
      deadline.finish();
      return false;
    }
    // Out of time: Yoga answers the timeout, as it would have.
    if (deadline.finish()) return false;
    const executed = performance.now();
    if (result.errors?.length) return false;
    const answer = { ...result, extensions: { ...result.extensions, cost: pricing.cost } };

    const headers: Record<string, string | number> = {};
    for (const [name, value] of prepared.headers) headers[name] = value;
    headers['x-request-id'] = requestId;
    headers['cache-control'] =
      prepared.cacheControl ??
      boundCacheControl(options.publicCacheControl, options.untilNextTransition());
    let bytes: Buffer;
    const kept =
      cache && key !== undefined
        ? cache.set(key, answer, context.tags, context.corpus, false)
        : undefined;
    if (kept !== undefined) {
      headers.etag = kept.etag;
      headers['last-modified'] = kept.lastModified;
      bytes = kept.bytes;
    } else {
      bytes = Buffer.from(JSON.stringify(answer));
    }
    const tagged =
      kept?.tagHeaders ??
      (taggable({ request: PUBLIC, tags: context.tags }, answer)
        ? tagHeaders(context.tags.tags)
        : undefined);
    if (tagged) {
      headers['surrogate-key'] = tagged[SURROGATE_KEY_HEADER] as string;
      headers['cache-tag'] = tagged[CACHE_TAG_HEADER] as string;
    }
    headers['content-length'] = bytes.length;
    res.writeHead(200, headers);
    res.end(bytes);
    prepared.metrics?.((performance.now() - started) / 1000, {
      context: (executeStarted - contextStarted) / 1000,
      execute: (executed - executeStarted) / 1000,
    });
    return true;
  }

  /** Called by the Yoga plugin below when Yoga answered a lean-shaped request 200 without errors. */
  prepare(
    shape: string,
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
    response: Headers,
    method: string,
  ): void {
    if (this.#prepared.has(shape)) return;
    const operation = getOperationAST(document, operationName);
    // graphql-jit coerces variables again: only a no-op when enums keep their names (jit.ts).
    if (operation?.operation !== 'query' || !keepsEnumNames(schema)) return;
    // Compiled queries are kept by query text alone, whatever the operation name: a document
    // holding several operations stays Yoga's (which interprets it, jit.ts).
    if (!singleOperation(document)) return;
    // Only a single JSON answer is written here, never a stream (SSE, multipart) Accept chose.
    const type = response.get('content-type') ?? '';
    if (!JSON_ANSWER.test(type)) return;
    const { headers, cacheControl } = replayedHeaders(response);
    this.#prepared.set(shape, {
      schema,
      document,
      operation,
      headers,
      cacheControl: method === 'GET' ? undefined : cacheControl,
      metrics: this.#options.metrics?.(operation.name?.value, method, 200),
    });
  }
}

/** A public request as `taggable` sees it: no Authorization. */
const PUBLIC = { headers: new Headers() };

/** What the listener passes to Yoga for a request the lean path may answer next time. */
export interface LeanServerContext {
  readonly leanShape?: string;
}

/**
 * Teaches the lean path (see LeanMiss) the shapes Yoga answered 200 without errors: their
 * validated document and response headers. Goes last, so the headers are final.
 */
export function useLeanMissPreparation(lean: LeanMiss): Plugin {
  const executed = new WeakMap<
    object,
    { schema: GraphQLSchema; document: DocumentNode; operationName: string | undefined }
  >();
  const clean = new WeakSet<object>();
  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (request === undefined) return;
      executed.set(request, {
        schema: args.schema,
        document: args.document,
        operationName: args.operationName ?? undefined,
      });
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) return;
          if (!(result as ExecutionResult).errors?.length) clean.add(request);
        },
      };
    },
    onResponse({ request, response, serverContext }) {
      const shape = (serverContext as LeanServerContext | undefined)?.leanShape;
      const seen = executed.get(request);
      if (shape === undefined || seen === undefined || response.status !== 200) return;
      if (!clean.has(request)) return;
      lean.prepare(
        shape,
        seen.schema,
        seen.document,
        seen.operationName,
        response.headers,
        request.method,
      );
    },
  };
}
