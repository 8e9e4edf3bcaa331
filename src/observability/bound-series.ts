import type { Counter, Histogram, LabelValues } from 'prom-client';

/**
 * One labelled series of a prom-client metric, bound once so that recording into it costs a few
 * additions. prom-client's own `labels(...).observe()` copies, validates and hashes the labels
 * on every call (7 such calls were 13% of the CPU of a response-cache hit); here the series'
 * record in the metric is found once (after one ordinary observation, which also creates it)
 * and updated in place while it is still the metric's record. Anything unexpected (a reset of
 * the registry, exemplars, a prom-client whose records look different) falls back to the
 * ordinary call, so the exposition is always exactly what prom-client would produce.
 */

interface HistogramRecord {
  readonly labels: LabelValues<string>;
  readonly bucketValues: Record<string, number>;
  sum: number;
  count: number;
}

interface CounterRecord {
  readonly labels: LabelValues<string>;
  value: number;
}

/** The parts of prom-client 15's metrics read here: see the fallback above. */
interface Internals<R> {
  readonly hashMap?: Record<string, R>;
  readonly enableExemplars?: boolean;
  readonly upperBounds?: readonly number[];
}

const sameLabels = (a: LabelValues<string>, b: LabelValues<string>): boolean => {
  const names = Object.keys(b);
  if (Object.keys(a).length !== names.length) return false;
  return names.every((name) => String(a[name]) === String(b[name]));
};

/** The key and record under which `metric` keeps the series of `labels`, if it has one. */
function findRecord<R extends { labels: LabelValues<string> }>(
  metric: Internals<R>,
  labels: LabelValues<string>,
): { hash: string; record: R } | undefined {
  if (metric.enableExemplars || metric.hashMap === undefined) return undefined;
  for (const [hash, record] of Object.entries(metric.hashMap)) {
    if (record !== null && typeof record === 'object' && sameLabels(record.labels, labels))
      return { hash, record };
  }
  return undefined;
}

/** Observes `value` into the series of `labels` of `histogram`, as `histogram.observe` does. */
export function boundHistogram(
  histogram: Histogram<string>,
  labels: LabelValues<string>,
): (value: number) => void {
  const child = histogram.labels(labels);
  const internals = histogram as unknown as Internals<HistogramRecord>;
  const bounds = internals.upperBounds;
  // Bucket records are keyed by the bound as a string: convert once, not per observation.
  const keys = bounds?.map(String);
  let found: { hash: string; record: HistogramRecord } | undefined;
  return (value) => {
    const record = found?.record;
    if (
      record !== undefined &&
      bounds !== undefined &&
      Number.isFinite(value) &&
      internals.hashMap?.[(found as { hash: string }).hash] === record
    ) {
      // As prom-client's findBound: the first bound at least `value`; above all, count and sum.
      for (let i = 0; i < bounds.length; i++) {
        if (value <= (bounds[i] as number)) {
          const counts = record.bucketValues;
          const key = (keys as string[])[i] as string;
          if (counts[key] !== undefined) counts[key] += 1;
          break;
        }
      }
      record.sum += value;
      record.count += 1;
      return;
    }
    child.observe(value);
    found = findRecord(internals, labels);
    if (found && typeof found.record.count !== 'number') found = undefined;
  };
}

/** Adds one to the series of `labels` of `counter`, as `counter.inc(labels)` does. */
export function boundCounter(counter: Counter<string>, labels: LabelValues<string>): () => void {
  const child = counter.labels(labels);
  const internals = counter as unknown as Internals<CounterRecord>;
  let found: { hash: string; record: CounterRecord } | undefined;
  return () => {
    const record = found?.record;
    if (record !== undefined && internals.hashMap?.[(found as { hash: string }).hash] === record) {
      record.value += 1;
      return;
    }
    child.inc();
    found = findRecord(internals, labels);
    if (found && typeof found.record.value !== 'number') found = undefined;
  };
}
