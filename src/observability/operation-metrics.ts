import {
  createCounter,
  createHistogram,
  type usePrometheus,
} from '@graphql-yoga/plugin-prometheus';
import type { Counter, Histogram, Registry } from 'prom-client';
import { boundCounter, boundHistogram } from './bound-series.ts';

/** Not a GraphQL name, so no real operation can share its series. */
const OVERFLOW_OPERATION_NAME = '(other)';
/** Longer names share the overflow series too: each series keeps its own copy of the name. */
const MAX_OPERATION_NAME_LENGTH = 128;

type MetricsConfig = Parameters<typeof usePrometheus>[0]['metrics'];

interface OperationParams {
  readonly operationName?: string;
  readonly operationType?: string;
  readonly errorPhase?: string;
}

interface HttpLabelContext {
  readonly request: Request;
  readonly response: Response;
}

/**
 * Operation names are chosen by clients, and every new name is a new series in each histogram:
 * 2,000 made-up names took 79 series to 86,097 and 144 MB of heap. As OpenTelemetry's
 * cardinality limit does, the first `limit` distinct names keep series of their own and later
 * ones (and any name too long for a label) share OVERFLOW_OPERATION_NAME. prom-client has no
 * such limit, hence this small counter. `reserved` names (a trusted-documents manifest's, a set
 * the operator controls) always keep their own series and do not count against the limit.
 */
export function operationNameLabel(
  limit: number,
  reserved: ReadonlySet<string> = new Set(),
): (name: string | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    const value = name || 'Anonymous';
    if (seen.has(value) || reserved.has(value)) return value;
    if (seen.size >= limit || value.length > MAX_OPERATION_NAME_LENGTH) {
      return OVERFLOW_OPERATION_NAME;
    }
    seen.add(value);
    return value;
  };
}

/**
 * The plugin's operation metrics, under their usual names, help texts and phases, labelled only
 * with bounded values: the operation name through `operationNameLabel`, never the URL (query
 * text) or an error's response path (client-chosen aliases).
 */
export function boundedOperationMetrics(
  registry: Registry,
  maxOperationNames: number,
  reservedOperationNames?: ReadonlySet<string>,
  name = operationNameLabel(maxOperationNames, reservedOperationNames),
): MetricsConfig {
  const labels = (params: OperationParams) => ({
    operationName: name(params.operationName),
    operationType: params.operationType ?? 'unknown',
  });
  const operationHistogram = (metric: string, help: string, phases: [string, ...string[]]) =>
    createHistogram({
      registry,
      histogram: { name: metric, help, labelNames: ['operationType', 'operationName'] as const },
      fillLabelsFn: labels,
      phases,
    });

  return {
    graphql_envelop_phase_parse: operationHistogram(
      'graphql_envelop_phase_parse',
      'Time spent on running GraphQL "parse" function',
      ['parse'],
    ),
    graphql_envelop_phase_validate: operationHistogram(
      'graphql_envelop_phase_validate',
      'Time spent on running GraphQL "validate" function',
      ['validate'],
    ),
    graphql_envelop_phase_context: operationHistogram(
      'graphql_envelop_phase_context',
      'Time spent on building the GraphQL context',
      ['context'],
    ),
    graphql_envelop_phase_execute: operationHistogram(
      'graphql_envelop_phase_execute',
      'Time spent on running the GraphQL "execute" function',
      ['execute'],
    ),
    graphql_envelop_request_duration: operationHistogram(
      'graphql_envelop_request_duration',
      'Time spent on running the GraphQL operation from parse to execute',
      ['execute', 'subscribe'],
    ),
    graphql_envelop_request: createCounter({
      registry,
      counter: {
        name: 'graphql_envelop_request',
        help: 'Counts the amount of GraphQL requests executed through Envelop',
        labelNames: ['operationType', 'operationName'] as const,
      },
      fillLabelsFn: labels,
      phases: ['execute', 'subscribe'],
    }),
    graphql_envelop_error_result: createCounter({
      registry,
      counter: {
        name: 'graphql_envelop_error_result',
        help: 'Counts the amount of errors reported from all phases',
        labelNames: ['operationType', 'operationName', 'phase'] as const,
      },
      fillLabelsFn: (params: OperationParams) => ({
        ...labels(params),
        phase: params.errorPhase ?? 'unknown',
      }),
      phases: ['parse', 'validate', 'context', 'execute', 'subscribe'],
    }),
    graphql_yoga_http_duration: createHistogram({
      registry,
      histogram: {
        name: 'graphql_yoga_http_duration',
        help: 'Time spent on HTTP connection',
        labelNames: ['operationName', 'operationType', 'method', 'statusCode'] as const,
      },
      fillLabelsFn: (params: OperationParams, { request, response }: HttpLabelContext) => ({
        ...labels(params),
        method: request.method,
        statusCode: response.status,
      }),
      phases: ['request'],
    }),
  } as MetricsConfig;
}

/** The phase histograms a Yoga answer from the response cache observes, besides HTTP. */
const REPLAYED_PHASES = [
  'graphql_envelop_phase_parse',
  'graphql_envelop_phase_validate',
  'graphql_envelop_phase_context',
  'graphql_envelop_phase_execute',
  'graphql_envelop_request_duration',
] as const;

/** What an answer executed before Yoga spent (parsing and validation were done before, once). */
export interface PhaseSeconds {
  readonly context: number;
  readonly execute: number;
}

function phaseSeconds(metric: (typeof REPLAYED_PHASES)[number], took: PhaseSeconds | undefined) {
  if (took === undefined) return 0;
  if (metric === 'graphql_envelop_phase_context') return took.context;
  if (metric === 'graphql_envelop_phase_execute') return took.execute;
  if (metric === 'graphql_envelop_request_duration') return took.context + took.execute;
  return 0;
}

/**
 * Records one answer of a series: its time in seconds, and for an answer executed before Yoga
 * (src/server/perf/lean-miss.ts) its context and execute times (a replayed one took none).
 */
export type ReplayedSeries = (seconds: number, took?: PhaseSeconds) => void;

/**
 * Records an answer replayed before Yoga (src/server/perf/fast-path.ts) in the series a Yoga
 * answer from the response cache records: one request, each phase (it took no time: nothing
 * was parsed, validated or executed), and the HTTP duration with method and status. Returns the
 * recorder of one operation, method and status, which the caller keeps (per request shape): its
 * series are bound once (src/observability/bound-series.ts), so a replayed answer costs a few
 * additions instead of seven label lookups.
 */
export function replayedAnswerMetrics(
  registry: Registry,
  name: (operationName: string | undefined) => string,
) {
  return (operationName: string | undefined, method: string, status: number): ReplayedSeries => {
    const labels = { operationName: name(operationName), operationType: 'query' };
    const phases = REPLAYED_PHASES.flatMap((metric) => {
      const histogram = registry.getSingleMetric(metric) as Histogram | undefined;
      return histogram ? [{ metric, observe: boundHistogram(histogram, labels) }] : [];
    });
    const counter = registry.getSingleMetric('graphql_envelop_request') as Counter | undefined;
    const requests = counter && boundCounter(counter, labels);
    const httpHistogram = registry.getSingleMetric('graphql_yoga_http_duration') as
      | Histogram
      | undefined;
    const http =
      httpHistogram && boundHistogram(httpHistogram, { ...labels, method, statusCode: status });
    return (seconds, took) => {
      for (const { metric, observe } of phases) observe(phaseSeconds(metric, took));
      requests?.();
      http?.(seconds);
    };
  };
}
