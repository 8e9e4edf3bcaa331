import { isGraphqlReady, isNewsgraphWarm, send } from './probe.ts';
import type { ServerSpec } from './processes.ts';

/** The servers a run compares. Each runs alone in its own process while it is measured. */
export const TargetName = {
  Newsgraph: 'newsgraph',
  NewsgraphCached: 'newsgraph-cached',
  MercuriusJit: 'mercurius-jit',
  MercuriusPlain: 'mercurius-plain',
  YogaJit: 'yoga-jit',
  Raw: 'raw',
} as const;
export type TargetName = (typeof TargetName)[keyof typeof TargetName];

const TSX = ['--import', 'tsx'];

/**
 * The real server, started like `npm start` (src/cli/main.ts serve) but without the tsx CLI's
 * wrapper process, so the pid measured is the server's own.
 */
export function newsgraph(seedsDir: string, port: number, responseCache: boolean): ServerSpec {
  return {
    name: responseCache ? TargetName.NewsgraphCached : TargetName.Newsgraph,
    // BENCH_NEWSGRAPH_ENTRY measures an experimental entry point against the same peers.
    args: [...TSX, process.env.BENCH_NEWSGRAPH_ENTRY ?? 'src/cli/main.ts', 'serve'],
    env: {
      NEWSGRAPH_SEEDS_DIR: seedsDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      NEWSGRAPH_RESPONSE_CACHE: responseCache ? 'true' : 'false',
      // Feeds name their own URL: one public URL for every server keeps their bytes comparable.
      NEWSGRAPH_PUBLIC_URL: 'http://newsgraph.bench',
      // Per-request access logs at info level would measure the log pipe, not the service.
      NEWSGRAPH_LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    port,
    isReady: isNewsgraphWarm,
  };
}

/** Mercurius + JIT over newsgraph's own Pothos schema: how much of the cost is the schema's. */
export function mercuriusJit(seedsDir: string, port: number): ServerSpec {
  return {
    name: TargetName.MercuriusJit,
    args: [...TSX, 'bench/serving/peers/mercurius-server.ts'],
    env: { BENCH_SEEDS_DIR: seedsDir, BENCH_PORT: String(port), NODE_ENV: 'production' },
    port,
    isReady: isGraphqlReady,
  };
}

/** The peer to beat: Mercurius + JIT over an SDL schema with plain synchronous resolvers. */
export function mercuriusPlain(seedsDir: string, port: number): ServerSpec {
  return {
    name: TargetName.MercuriusPlain,
    args: [...TSX, 'bench/serving/peers/mercurius-plain-server.ts'],
    env: { BENCH_SEEDS_DIR: seedsDir, BENCH_PORT: String(port), NODE_ENV: 'production' },
    port,
    isReady: isGraphqlReady,
  };
}

/** newsgraph's schema in Yoga + JIT without any of newsgraph's plugins. */
export function yogaJit(seedsDir: string, port: number): ServerSpec {
  return {
    name: TargetName.YogaJit,
    args: [...TSX, 'bench/serving/peers/yoga-server.ts'],
    env: { BENCH_SEEDS_DIR: seedsDir, BENCH_PORT: String(port), NODE_ENV: 'production' },
    port,
    isReady: isGraphqlReady,
  };
}

/** What the raw baseline writes on one path: the body in a file, and the headers before it. */
export interface RawResponse {
  readonly body: string;
  readonly headers: readonly (readonly [string, string])[];
}

/** `responsesFile`: JSON `{ "/path": RawResponse }`. */
export function raw(responsesFile: string, port: number): ServerSpec {
  return {
    name: TargetName.Raw,
    args: [...TSX, 'bench/serving/peers/raw-server.ts'],
    env: { BENCH_RAW_RESPONSES: responsesFile, BENCH_PORT: String(port) },
    port,
    isReady: async (origin) => (await send(origin, { path: '/tiny', body: '' })).status === 200,
  };
}
