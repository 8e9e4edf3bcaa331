import autocannon from 'autocannon';
import { CONNECTIONS, DURATION_SECONDS, WARMUP_SECONDS } from './settings.ts';

export interface LoadRequest {
  readonly path: string;
  /** GraphQL POSTs by default; feeds and other documents are GETs without a body. */
  readonly method?: 'GET' | 'POST';
  readonly body: string;
  readonly headers?: Record<string, string>;
  /**
   * A fresh body for every request sent (distinct variables, so no cache can answer); `body`
   * is then only the first one.
   */
  readonly vary?: () => string;
}

export interface Measurement {
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyMaxMs: number;
  /** Mean response bytes per request (headers included). */
  readonly bytesPerResponse: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly statusCodes: Record<string, number>;
  /**
   * Server CPU time per request in µs (user + system, from /proc): the cost of an answer, much
   * steadier than requests/s when other work shares the machine. Null where unknown.
   */
  readonly serverCpuUsPerRequest: number | null;
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** Load that is not measured: lets a freshly started server settle before its first scenario. */
export async function warmUp(
  origin: string,
  requests: readonly LoadRequest[],
  seconds: number,
  rotate = false,
) {
  await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: seconds,
    requests: autocannonRequests(requests, rotate),
  });
}

function toAutocannon(r: LoadRequest): autocannon.Request {
  if (r.method === 'GET') return { method: 'GET', path: r.path, headers: { ...r.headers } };
  const request: autocannon.Request = {
    method: 'POST',
    path: r.path,
    body: r.body,
    headers: { ...JSON_HEADERS, ...r.headers },
  };
  const { vary } = r;
  if (vary) request.setupRequest = (built) => ({ ...built, body: vary() });
  return request;
}

/**
 * In order on every connection; or, with `rotate`, one request that takes the next of the pool
 * each time it is sent, from a counter all connections share.
 */
function autocannonRequests(
  requests: readonly LoadRequest[],
  rotate: boolean,
): autocannon.Request[] {
  const pool = requests.map(toAutocannon);
  if (!rotate) return pool;
  let next = 0;
  return [
    {
      ...pool[0],
      setupRequest: (request) => ({ ...request, ...pool[next++ % pool.length] }),
    },
  ];
}

/**
 * Drives one scenario with autocannon: a warm-up (JIT compilers, caches, connection setup), then
 * the measured run. A list of requests is sent in order on every connection, then repeated.
 */
export async function measure(
  origin: string,
  requests: readonly LoadRequest[],
  cpuMs: () => number | null = () => null,
  rotate = false,
) {
  const options: autocannon.Options = {
    url: origin,
    connections: CONNECTIONS,
    requests: autocannonRequests(requests, rotate),
  };
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  const cpuBefore = cpuMs();
  const result = await autocannon({ ...options, duration: DURATION_SECONDS });
  return summarise(result, cpuBefore, cpuMs());
}

export interface RunningLoad {
  /** Ends the load and measures everything since it started. */
  stop(): Promise<Measurement>;
}

/** Longest a load started with `startLoad` may run before autocannon ends it by itself. */
const OPEN_ENDED_SECONDS = 3_600;

/**
 * Load that runs until stopped, without warm-up: for measuring while something else happens
 * (files landing), where the end is not known in advance.
 */
export function startLoad(
  origin: string,
  requests: readonly LoadRequest[],
  options: { connections: number; cpuMs?: () => number | null },
): RunningLoad {
  const cpuMs = options.cpuMs ?? (() => null);
  const cpuBefore = cpuMs();
  const instance = autocannon({
    url: origin,
    connections: options.connections,
    duration: OPEN_ENDED_SECONDS,
    // A slow answer is a figure to report, not a failure: only a stuck one should give up.
    timeout: 60,
    requests: requests.map(toAutocannon),
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  return {
    async stop() {
      instance.stop();
      return summarise(await instance, cpuBefore, cpuMs());
    },
  };
}

function summarise(
  result: autocannon.Result,
  cpuBefore: number | null,
  cpuAfter: number | null,
): Measurement {
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = Number(count ?? 0);
  }
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    bytesPerResponse: result.requests.total ? result.throughput.total / result.requests.total : 0,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
    serverCpuUsPerRequest:
      cpuBefore === null || cpuAfter === null || result.requests.total === 0
        ? null
        : ((cpuAfter - cpuBefore) * 1000) / result.requests.total,
  };
}
