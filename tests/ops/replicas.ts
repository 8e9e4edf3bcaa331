import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fixtureSeeds, PREVIEW_TOKEN, writeSeedsFolder } from '../fixtures/graph-corpus.ts';
import { type ServeProcess, serve } from '../fixtures/serve-process.ts';
import { documentId } from './edge-client.ts';

/** Two `newsgraph serve` processes over one shared, watched seeds folder, as behind an edge. */
export interface Replicas {
  /** The shared seeds folder: tests edit it and both replicas follow. */
  readonly seeds: string;
  readonly processes: readonly [ServeProcess, ServeProcess];
  readonly origins: readonly [string, string];
  /** `host:port` of each, for an edge's upstream list. */
  readonly hosts: readonly [string, string];
  readonly scrapeUrls: readonly string[];
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  /** The only operations they accept (NEWSGRAPH_PERSISTED_OPERATIONS=only). */
  readonly documents: readonly string[];
  readonly maxAgeSeconds: number;
  /** Fixed ports, when the edge must know them before anything starts; else the OS picks. */
  readonly ports?: readonly [number, number];
  /** More settings for both (for example NEWSGRAPH_PURGE_URLS). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts `replica-a` and `replica-b` over the fixture corpus, each with its own metrics port. */
export async function startReplicas(options: ReplicaOptions): Promise<Replicas> {
  const seeds = await writeSeedsFolder(fixtureSeeds());
  const manifestDir = await writeSeedsFolder(new Map());
  const manifest = path.join(manifestDir, 'persisted-documents.json');
  const entries = options.documents.map((doc) => [documentId(doc).slice('sha256:'.length), doc]);
  await writeFile(manifest, JSON.stringify(Object.fromEntries(entries)));
  const processes = (['replica-a', 'replica-b'] as const).map((id, i) =>
    serve([], {
      PORT: String(options.ports?.[i] ?? 0),
      HOST: '127.0.0.1',
      NEWSGRAPH_SEEDS_DIR: seeds,
      NEWSGRAPH_WATCH: 'true',
      NEWSGRAPH_INSTANCE_ID: id,
      // As in the image: Prometheus scrapes a port of its own.
      NEWSGRAPH_METRICS_PORT: '0',
      NEWSGRAPH_PREVIEW_TOKEN: PREVIEW_TOKEN,
      NEWSGRAPH_CACHE_CONTROL: `public, max-age=${options.maxAgeSeconds}`,
      NEWSGRAPH_PERSISTED_OPERATIONS: 'only',
      NEWSGRAPH_PERSISTED_MANIFEST: manifest,
      NEWSGRAPH_LOG_LEVEL: 'warn',
      ...options.env,
    }),
  ) as [ServeProcess, ServeProcess];
  const urls = await Promise.all(processes.map((replica) => replica.listening()));
  const origins = urls.map((url) => new URL(url).origin) as [string, string];
  return {
    seeds,
    processes,
    origins,
    hosts: origins.map((origin) => new URL(origin).host) as [string, string],
    scrapeUrls: await Promise.all(processes.map((replica) => replica.metricsUrl())),
    async stop() {
      await Promise.all(processes.map((replica) => replica.stop()));
      await rm(seeds, { recursive: true, force: true });
      await rm(manifestDir, { recursive: true, force: true });
    },
  };
}
