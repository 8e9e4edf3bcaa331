import fc from 'fast-check';
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { boundCounter, boundHistogram } from '../../src/observability/bound-series.ts';

const LABELS = [
  { operationName: 'Feed', statusCode: 200 },
  { operationName: 'Feed', statusCode: 304 },
  { operationName: 'Tiny', statusCode: 200 },
] as const;

function metrics() {
  const registry = new Registry();
  const histogram = new Histogram({
    name: 'answer_seconds',
    help: 'h',
    labelNames: ['operationName', 'statusCode'],
    buckets: [0.001, 0.01, 0.1, 1],
    registers: [registry],
  });
  const counter = new Counter({
    name: 'answers',
    help: 'c',
    labelNames: ['operationName', 'statusCode'],
    registers: [registry],
  });
  return { registry, histogram, counter };
}

interface Observation {
  readonly kind: 'bound' | 'plain';
  readonly series: number;
  readonly value: number;
}
type Step = Observation | { readonly kind: 'reset' | 'rebind' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constantFrom('bound' as const, 'plain' as const),
      series: fc.integer({ min: 0, max: LABELS.length - 1 }),
      value: fc.oneof(
        fc.constant(0),
        fc.constantFrom(0.001, 0.01, 0.1, 1, 5),
        fc.double({ min: 0, max: 10, noNaN: true }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ kind: 'reset' as const }, { kind: 'rebind' as const }),
  },
);

describe('bound metric series', () => {
  it('expose exactly what prom-client’s own observe and inc expose, resets and all', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
        const expected = metrics();
        const actual = metrics();
        const bind = () =>
          LABELS.map((labels) => ({
            observe: boundHistogram(actual.histogram, labels),
            inc: boundCounter(actual.counter, labels),
          }));
        let bound = bind();
        for (const s of steps) {
          if (s.kind === 'reset') {
            expected.registry.resetMetrics();
            actual.registry.resetMetrics();
            continue;
          }
          if (s.kind === 'rebind') {
            bound = bind();
            continue;
          }
          const o = s as Observation;
          const labels = LABELS[o.series] as (typeof LABELS)[number];
          expected.histogram.observe(labels, o.value);
          expected.counter.inc(labels);
          if (o.kind === 'plain') {
            // Yoga's own answers record into the same series with prom-client's calls.
            actual.histogram.observe(labels, o.value);
            actual.counter.inc(labels);
          } else {
            bound[o.series]?.observe(o.value);
            bound[o.series]?.inc();
          }
        }
        expect(await actual.registry.metrics()).toBe(await expected.registry.metrics());
      }),
      { numRuns: 300 },
    );
  });
});
