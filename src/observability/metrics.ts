import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ContentStore } from '../corpus/store.ts';
import { type ContentStatus, contentStatus } from '../live/status.ts';
import { syndicationCacheOutcome, syndicationRouteOf } from '../syndication/routes.ts';
import {
  boundedOperationMetrics,
  operationNameLabel,
  replayedAnswerMetrics,
} from './operation-metrics.ts';

/** What the live-reload layer knows beyond the snapshot; absent when nothing reloads. */
export type ReloadStatusSource = () => Pick<ContentStatus, 'lastReload' | 'lastFailure'>;

export interface MetricsOptions {
  readonly store: ContentStore;
  /** Where Prometheus scrapes; `false` registers the metrics without serving them. */
  readonly path: string | false;
  readonly instanceId: string;
  /** Distinct operation names with series of their own; later ones share one overflow series. */
  readonly maxOperationNames: number;
  /** Names that always keep their own series (a trusted-documents manifest's). */
  readonly reservedOperationNames?: ReadonlySet<string>;
  readonly version?: string;
  readonly reloadStatus?: ReloadStatusSource;
}

export interface Metrics {
  /** Own registry, not prom-client's global one: several servers can live in one process. */
  readonly registry: Registry;
  /** Yoga plugins: GraphQL/HTTP histograms and counters, the scrape endpoint, feed timings. */
  readonly plugins: readonly Plugin[];
  /** Records a response-cache answer written before Yoga as Yoga would have. */
  readonly replayed: ReturnType<typeof replayedAnswerMetrics>;
}

const noReloads: ReloadStatusSource = () => ({ lastReload: null, lastFailure: null });

/**
 * Corpus gauges read the current snapshot when Prometheus scrapes, so they always agree with
 * what a request started at that moment would see.
 */
function registerCorpusGauges(
  registry: Registry,
  store: ContentStore,
  reloadStatus: ReloadStatusSource,
) {
  const status = () => contentStatus(store.current, { ...reloadStatus(), watching: false });
  const gauge = (
    name: string,
    help: string,
    collect: (this: Gauge<string>) => void,
    labelNames: string[] = [],
  ) => new Gauge({ name, help, labelNames, registers: [registry], collect });

  gauge(
    'newsgraph_corpus_articles',
    'Accepted articles in the current snapshot, by status (published, draft, scheduled or expired).',
    function () {
      const current = status();
      this.set({ status: 'published' }, current.published);
      this.set({ status: 'draft' }, current.drafts);
      this.set({ status: 'scheduled' }, current.scheduled);
      this.set({ status: 'expired' }, current.expired);
    },
    ['status'],
  );
  gauge(
    'newsgraph_corpus_providers',
    'Providers in the current snapshot, by view (public, or preview with drafts).',
    function () {
      const corpus = store.current;
      this.set({ view: 'public' }, corpus.public.providers.size);
      this.set({ view: 'preview' }, corpus.preview.providers.size);
    },
    ['view'],
  );
  gauge(
    'newsgraph_corpus_topics',
    'Topics in the current snapshot, by view (public, or preview with drafts).',
    function () {
      const corpus = store.current;
      this.set({ view: 'public' }, corpus.public.topics.size);
      this.set({ view: 'preview' }, corpus.preview.topics.size);
    },
    ['view'],
  );
  gauge('newsgraph_corpus_files', 'Seed files read for the current snapshot.', function () {
    this.set(store.current.files);
  });
  gauge(
    'newsgraph_corpus_rejected_files',
    'Seed files with errors, by whether an earlier good version is still served.',
    function () {
      const current = status();
      this.set({ serving: 'nothing' }, current.rejectedFiles);
      this.set({ serving: 'last_good' }, current.staleFiles);
    },
    ['serving'],
  );
  gauge(
    'newsgraph_corpus_warnings',
    'Warnings (such as unknown keys) in the snapshot.',
    function () {
      this.set(store.current.warnings.length);
    },
  );
  gauge('newsgraph_corpus_version', 'Version of the current snapshot (1 at start).', function () {
    this.set(store.current.version);
  });
  gauge(
    'newsgraph_corpus_loaded_timestamp_seconds',
    'Unix time the current snapshot was built.',
    function () {
      this.set(store.current.loadedAt.getTime() / 1000);
    },
  );
  gauge(
    'newsgraph_corpus_age_seconds',
    'Seconds since the current snapshot was built.',
    function () {
      this.set((Date.now() - store.current.loadedAt.getTime()) / 1000);
    },
  );
  // Without a reloader there is no reload to report: absent beats a misleading 0.
  if (reloadStatus === noReloads) return;
  gauge(
    'newsgraph_corpus_last_reload_duration_seconds',
    'How long the last (re)load of the seeds folder took.',
    function () {
      const last = reloadStatus().lastReload;
      if (last) this.set(last.durationMs / 1000);
    },
  );
  gauge(
    'newsgraph_corpus_reload_failing',
    '1 while the last reload attempt failed (the previous snapshot is still served).',
    function () {
      this.set(reloadStatus().lastFailure ? 1 : 0);
    },
  );
}

/**
 * Feeds, sitemaps and the index are not GraphQL operations, so Yoga's HTTP histogram skips them:
 * this one times them, labelled by route (day sitemaps share one template), status and whether
 * the rendered cache answered.
 */
function useSyndicationMetrics(registry: Registry): Plugin {
  const histogram = new Histogram({
    name: 'newsgraph_syndication_request_duration_seconds',
    help: 'Time to answer a feed, sitemap or index request, by route, status and cache outcome.',
    labelNames: ['route', 'method', 'statusCode', 'cache'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const started = new WeakMap<Request, { at: number; route: string }>();
  return {
    onRequest({ request, url }) {
      const route = syndicationRouteOf(url.pathname);
      if (route !== undefined) started.set(request, { at: performance.now(), route });
    },
    onResponse({ request, response }) {
      const start = started.get(request);
      if (start === undefined) return;
      histogram.observe(
        {
          route: start.route,
          method: request.method,
          statusCode: response.status,
          cache: syndicationCacheOutcome(request),
        },
        (performance.now() - start.at) / 1000,
      );
    },
  };
}

export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'newsgraph_info',
    help: 'Always 1; labels name the instance and the version.',
    labelNames: ['instance_id', 'version'],
    registers: [registry],
  }).set({ instance_id: options.instanceId, version: options.version ?? 'unknown' }, 1);
  registerCorpusGauges(registry, options.store, options.reloadStatus ?? noReloads);

  const name = operationNameLabel(options.maxOperationNames, options.reservedOperationNames);
  const plugin = usePrometheus({
    registry,
    endpoint: options.path,
    metrics: {
      ...boundedOperationMetrics(
        registry,
        options.maxOperationNames,
        options.reservedOperationNames,
        name,
      ),
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_subscribe: false,
      // Walks every document on every request (~14% of a tiny query's CPU in a profile) and the
      // schema has no deprecated fields yet: turn it on with the first deprecation.
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
    },
  });
  return {
    registry,
    plugins: [plugin, useSyndicationMetrics(registry)],
    replayed: replayedAnswerMetrics(registry, name),
  };
}
