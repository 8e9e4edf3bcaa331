import { rm } from 'node:fs/promises';
import { trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/server/config.ts';
import {
  DRAFT_KEYS,
  fixtureSeeds,
  PREVIEW_TOKEN,
  SECURED_CIPHERTEXT,
  writeSeedsFolder,
} from '../fixtures/graph-corpus.ts';
import { serve } from '../fixtures/serve-process.ts';
import { startOpsServer } from './helpers.ts';
import { startOtlpReceiver } from './otlp-receiver.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';
/** A child process that loads the OpenTelemetry SDK takes a while to start on a busy machine. */
const CLI_TEST_TIMEOUT_MS = 240_000;

const folders: string[] = [];

/** Starts a server with these settings and checks spans go to the API's no-op tracer. */
async function expectNoSdk(settings: Parameters<typeof startOpsServer>[0]) {
  const server = await startOpsServer(settings);
  try {
    const span = trace.getTracer('probe').startSpan('probe');
    expect(span.isRecording()).toBe(false);
    span.end();
  } finally {
    await server.close();
  }
}
afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('OpenTelemetry tracing', () => {
  it(
    'exports HTTP, GraphQL phase and corpus load spans to an OTLP/HTTP collector',
    async () => {
      const receiver = await startOtlpReceiver();
      const seeds = await writeSeedsFolder(fixtureSeeds());
      folders.push(seeds);
      const server = serve(['--port', '0', '--host', '127.0.0.1'], {
        NEWSGRAPH_SEEDS_DIR: seeds,
        NEWSGRAPH_PREVIEW_TOKEN: PREVIEW_TOKEN,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_SERVICE_NAME: 'newsgraph-under-test',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      });
      try {
        const url = await server.listening();
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${PREVIEW_TOKEN}`,
            'x-request-id': 'trace-me-1',
            traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`,
          },
          body: JSON.stringify({
            query: `query Drafts { article(key: "${DRAFT_KEYS[0]}") { title } }`,
          }),
        });
        expect(response.status).toBe(200);
        expect(JSON.stringify(await response.json())).toContain('Draft');
        expect((await fetch(new URL('/healthz', url))).status).toBe(200);
        expect(await server.stop()).toBe(0);
      } finally {
        await server.stop();
        await receiver.close();
      }

      const names = receiver.spans.map((span) => span.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'newsgraph.corpus.load',
          'POST /graphql',
          'graphql.operation Drafts',
          'graphql.parse',
          'graphql.validate',
          'graphql.execute',
        ]),
      );
      expect(names.some((name) => name.includes('/healthz'))).toBe(false);

      const http = receiver.spans.find((span) => span.name === 'POST /graphql');
      expect(http?.traceId).toBe(TRACE_ID);
      expect(http?.parentSpanId).toBe(PARENT_SPAN_ID);
      expect(http?.attributes['newsgraph.request_id']).toBe('trace-me-1');
      expect(http?.attributes['http.status_code']).toBe(200);
      expect(http?.resource['service.name']).toBe('newsgraph-under-test');
      const phases = receiver.spans.filter((span) => span.name.startsWith('graphql.'));
      expect(phases.every((span) => span.traceId === TRACE_ID)).toBe(true);

      const load = receiver.spans.find((span) => span.name === 'newsgraph.corpus.load');
      expect(load?.attributes['newsgraph.corpus.accepted']).toBe(26);

      const exported = receiver.bodies.join('\n');
      expect(exported).not.toContain(PREVIEW_TOKEN);
      expect(exported).not.toContain(SECURED_CIPHERTEXT);
      expect(exported).not.toContain(`Draft ${DRAFT_KEYS[0]}`);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it('starts no SDK when OTEL_SDK_DISABLED is true (any case), endpoint or not', async () => {
    // Read by the configuration like every other setting, not from process.env by the tracer.
    const resolved = resolveConfig([], {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1',
      OTEL_SDK_DISABLED: 'TRUE',
    });
    if (resolved.kind !== 'config') throw new Error('the configuration was refused');
    expect(resolved.config.otelSdkDisabled).toBe(true);
    await expectNoSdk({ otlpEndpoint: resolved.config.otlpEndpoint, otelSdkDisabled: 'TRUE' });
  });

  it('starts no SDK when no OTLP endpoint is configured', async () => {
    await expectNoSdk({});
  });
});
