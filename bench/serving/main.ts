import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { ensureCorpus } from './corpora.ts';
import { measure, warmUp } from './load-test.ts';
import { type Answer, discoverFacts, verify } from './probe.ts';
import {
  freePort,
  type Memory,
  type RunningServer,
  type ServerSpec,
  startServer,
} from './processes.ts';
import { consoleTable, writeServingSection } from './report.ts';
import {
  type CorpusRecord,
  describeMachine,
  type RunRecord,
  type ScenarioRecord,
  type ServerRecord,
} from './results.ts';
import { type CorpusFacts, SCENARIOS, type Scenario, type ScenarioName } from './scenarios.ts';
import {
  BENCH_DIR,
  CONNECTIONS,
  DURATION_SECONDS,
  RESULTS_DIR,
  SETTLE_SECONDS,
  WALK_PAGE_SIZE,
  WALK_PAGES,
  WARMUP_SECONDS,
} from './settings.ts';
import {
  mercuriusJit,
  mercuriusPlain,
  newsgraph,
  type RawResponse,
  raw,
  TargetName,
  yogaJit,
} from './targets.ts';

/**
 * `npm run bench`: the serving benchmark. For each generated corpus it starts every server (each
 * in its own process), checks every scenario answers as expected (and every peer with the same
 * data), then measures scenario by scenario with the targets back to back, and writes
 * bench/results/<date>.json, latest.json and the Serving section of BENCHMARKS.md.
 */

interface Plan {
  readonly articles: number;
  readonly scenarios: readonly ScenarioName[];
  /** GraphQL peers measured on the same scenarios (feeds are newsgraph's only). */
  readonly peers: readonly PeerName[];
  /** Scenarios also measured with the response cache on (the default configuration). */
  readonly cached: readonly ScenarioName[];
  /** Scenarios also served by the raw baseline from captured bytes. */
  readonly raw: readonly ScenarioName[];
}

type PeerName =
  | typeof TargetName.MercuriusPlain
  | typeof TargetName.YogaJit
  | typeof TargetName.MercuriusJit;
const PEERS: Record<
  PeerName,
  { label: string; spec: (seedsDir: string, port: number) => ServerSpec }
> = {
  [TargetName.MercuriusPlain]: { label: 'Mercurius + JIT, plain resolvers', spec: mercuriusPlain },
  [TargetName.YogaJit]: { label: 'bare Yoga + JIT', spec: yogaJit },
  [TargetName.MercuriusJit]: {
    label: 'Mercurius + JIT over the Pothos schema',
    spec: mercuriusJit,
  },
};

const ALL = Object.keys(SCENARIOS) as ScenarioName[];
const PLANS: readonly Plan[] = [
  {
    articles: 1_000,
    scenarios: ALL,
    peers: [TargetName.MercuriusPlain, TargetName.YogaJit, TargetName.MercuriusJit],
    cached: ['tiny', 'article', 'feed', 'rss', 'rss-graphql'],
    raw: ['tiny', 'feed'],
  },
  // The big corpus is about how newsgraph scales, so it runs newsgraph alone on the scenarios
  // whose work depends on the corpus: loading 100,000 seeds takes minutes, and a second
  // process would double that. Cached and raw answers do not depend on the corpus size.
  {
    articles: 100_000,
    scenarios: ['article', 'lookup', 'feed', 'topic', 'provider', 'walk'],
    peers: [],
    cached: [],
    raw: [],
  },
];

const started = performance.now();
const log = (message: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

const run: RunRecord = {
  date: new Date().toISOString(),
  machine: describeMachine(),
  settings: {
    connections: CONNECTIONS,
    durationSeconds: DURATION_SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    walkPages: WALK_PAGES,
    walkPageSize: WALK_PAGE_SIZE,
  },
  corpora: [],
  servers: [],
  scenarios: [],
  totalSeconds: 0,
  loadAverage: { start: loadavg()[0] ?? 0, end: 0 },
  notes: [],
};

/**
 * Options for experiments (the committed table comes from a plain run): corpus sizes as
 * arguments, `--scenarios tiny,feed`, `--targets newsgraph,mercurius-jit`, and `--dry` to print
 * without writing results or BENCHMARKS.md.
 */
const cli = parseArgs({
  allowPositionals: true,
  options: {
    scenarios: { type: 'string' },
    targets: { type: 'string' },
    dry: { type: 'boolean', default: false },
  },
});
const sizes = cli.positionals.map(Number).filter(Boolean);
const onlyScenarios = cli.values.scenarios?.split(',');
const onlyTargets = cli.values.targets?.split(',');
const wantScenario = (name: ScenarioName) => !onlyScenarios || onlyScenarios.includes(name);
const wantTarget = (name: TargetName) => !onlyTargets || onlyTargets.includes(name);
const measureNewsgraph = wantTarget(TargetName.Newsgraph);

for (const plan of PLANS) {
  if (sizes.length > 0 && !sizes.includes(plan.articles)) continue;
  try {
    await benchCorpus({
      articles: plan.articles,
      scenarios: plan.scenarios.filter(wantScenario),
      peers: plan.peers.filter(wantTarget),
      cached: wantTarget(TargetName.NewsgraphCached) ? plan.cached.filter(wantScenario) : [],
      raw: wantTarget(TargetName.Raw) ? plan.raw.filter(wantScenario) : [],
    });
  } catch (error) {
    // One corpus failing (a server that would not start in time) still leaves the others' results.
    const message = `${plan.articles} articles: not measured: ${(error as Error).message.split('\n')[0]}`;
    run.notes.push(message);
    log(`ERROR ${message}`);
    process.exitCode = 1;
  }
}
run.totalSeconds = (performance.now() - started) / 1000;
run.loadAverage.end = loadavg()[0] ?? 0;

console.log(consoleTable(run));
if (!cli.values.dry) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = `${JSON.stringify(run, null, 2)}\n`;
  writeFileSync(join(RESULTS_DIR, `${run.date.slice(0, 19).replaceAll(':', '-')}.json`), json);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), json);
  writeServingSection(run);
  log(`results in ${RESULTS_DIR}/latest.json, table in BENCHMARKS.md`);
}

/** A started server and the scenarios it is measured on. */
interface Contender {
  readonly target: TargetName;
  readonly server: RunningServer;
  readonly scenarios: readonly Scenario[];
}

/**
 * Starts every server of the plan (each checked against newsgraph's answers), lets each settle,
 * then measures scenario by scenario, every target back to back: on a shared machine the load
 * drifts over minutes, and measuring one target after another would compare different loads.
 * Servers that are not being measured sit idle; CPU is read per process.
 */
async function benchCorpus(plan: Plan): Promise<void> {
  log(`corpus of ${plan.articles} articles`);
  const corpus = await ensureCorpus(plan.articles);
  log(corpus.generatedMs === null ? `reused ${corpus.dir}` : `generated ${corpus.dir}`);
  const record: CorpusRecord = {
    articles: plan.articles,
    hash: corpus.hash,
    generatedMs: corpus.generatedMs,
    responseBytes: {},
  };
  run.corpora.push(record);

  const started: { server: RunningServer; memoryReady: Memory | null }[] = [];
  const start = async (spec: ServerSpec) => {
    log(`starting ${spec.name}`);
    const server = await startServer(spec);
    started.push({ server, memoryReady: server.memory() });
    log(`${spec.name} ready in ${server.readyMs.toFixed(0)} ms (pid ${server.pid})`);
    return server;
  };
  const contenders: Contender[] = [];
  try {
    const main = await start(newsgraph(corpus.dir, await freePort(), false));
    const facts = await discoverFacts(main.origin);
    const reference = new Map<string, Answer[]>();
    for (const name of plan.scenarios) {
      const answers = await verify(main.origin, SCENARIOS[name], facts);
      reference.set(name, answers);
      record.responseBytes[name] = answers[0]?.bytes.length ?? 0;
    }
    if (measureNewsgraph) {
      const scenarios = plan.scenarios.map((name) => SCENARIOS[name]);
      contenders.push({ target: TargetName.Newsgraph, server: main, scenarios });
    }

    for (const peer of plan.peers) {
      const { label, spec } = PEERS[peer];
      const server = await start(spec(corpus.dir, await freePort()));
      const graphql = plan.scenarios.filter((name) => !SCENARIOS[name].newsgraphOnly);
      for (const name of graphql) {
        const answers = await verify(server.origin, SCENARIOS[name], facts);
        compare(plan, name, label, reference.get(name) ?? [], answers, false);
      }
      contenders.push({ target: peer, server, scenarios: graphql.map((n) => SCENARIOS[n]) });
    }

    // The headers of each scenario's cache hit: the raw baseline writes them too.
    const hits = new Map<ScenarioName, Answer>();
    if (plan.cached.length > 0) {
      const server = await start(newsgraph(corpus.dir, await freePort(), true));
      for (const name of plan.cached) {
        // Twice: the first answer fills the cache, the second comes from it.
        await verify(server.origin, SCENARIOS[name], facts);
        const answers = await verify(server.origin, SCENARIOS[name], facts);
        compare(plan, name, 'the response cache', reference.get(name) ?? [], answers, true);
        if (answers[0]) hits.set(name, answers[0]);
      }
      const scenarios = plan.cached.map((name) => SCENARIOS[name]);
      contenders.push({ target: TargetName.NewsgraphCached, server, scenarios });
    }

    if (plan.raw.length > 0) {
      const dir = resolve(BENCH_DIR, 'raw');
      mkdirSync(dir, { recursive: true });
      const table: Record<string, RawResponse> = {};
      for (const name of plan.raw) {
        const path = SCENARIOS[name].rawPath;
        const bytes = reference.get(name)?.[0]?.bytes;
        if (!path || !bytes) throw new Error(`no captured bytes for the raw ${name} scenario`);
        const body = join(dir, `${plan.articles}-${name}.json`);
        writeFileSync(body, bytes);
        // The same bytes as a hit: its headers too when the response cache was measured (ETag,
        // tags, request id and the rest), else only the content type and length.
        const headers = hits.get(name)?.headers ?? [['content-type', 'application/json']];
        table[path] = { body, headers: headers.filter(([header]) => header !== 'content-length') };
      }
      const tableFile = join(dir, `${plan.articles}-responses.json`);
      writeFileSync(tableFile, JSON.stringify(table));
      const server = await start(raw(tableFile, await freePort()));
      const scenarios = plan.raw.map((name) => rawScenario(SCENARIOS[name]));
      for (const scenario of scenarios) {
        const answers = await verify(server.origin, scenario, facts);
        compare(plan, scenario.name, 'raw', reference.get(scenario.name) ?? [], answers, true);
      }
      contenders.push({ target: TargetName.Raw, server, scenarios });
    }

    for (const { server, scenarios } of contenders) {
      const first = scenarios[0];
      if (first) {
        await warmUp(server.origin, first.requests(facts), SETTLE_SECONDS, first.rotate);
      }
    }
    for (const name of plan.scenarios) {
      for (const { target, server, scenarios } of contenders) {
        const scenario = scenarios.find((s) => s.name === name);
        if (scenario) await measureOne(plan, server, target, scenario, facts);
      }
    }
  } finally {
    for (const { server, memoryReady } of started) {
      const report = server.reports.find((r) => r.bench === 'ready');
      run.servers.push({
        corpus: plan.articles,
        target: server.name as TargetName,
        readyMs: server.readyMs,
        loadMs: typeof report?.loadMs === 'number' ? report.loadMs : null,
        memoryReady,
        memoryAfterLoadTest: server.memory(),
      } satisfies ServerRecord);
      await server.stop();
    }
  }
}

/** The raw baseline answers a scenario on its own path with the bytes newsgraph gave. */
function rawScenario(scenario: Scenario): Scenario {
  return {
    ...scenario,
    requests: (facts) =>
      scenario.requests(facts).map((r) => ({ ...r, path: scenario.rawPath ?? '/' })),
  };
}

async function measureOne(
  plan: Plan,
  server: RunningServer,
  target: TargetName,
  scenario: Scenario,
  facts: CorpusFacts,
): Promise<void> {
  const measurement = await measure(
    server.origin,
    scenario.requests(facts),
    server.cpuMs,
    scenario.rotate,
  );
  const record: ScenarioRecord = {
    corpus: plan.articles,
    scenario: scenario.name,
    target,
    measurement,
  };
  run.scenarios.push(record);
  const unexpected = scenario.expect === 'data' ? measurement.non2xx : 0;
  log(
    `${target} ${scenario.name}: ${measurement.requestsPerSecond.toFixed(0)} req/s, ` +
      `p50 ${measurement.latencyP50Ms} ms, p99 ${measurement.latencyP99Ms} ms, ` +
      `${measurement.serverCpuUsPerRequest?.toFixed(0) ?? '?'} µs CPU/request` +
      (measurement.errors + unexpected > 0
        ? ` (${measurement.errors} errors, ${unexpected} non-2xx)`
        : ''),
  );
}

/** Same data from every server, or a note saying where it differs; bytes where they must match. */
function compare(
  plan: Plan,
  scenario: string,
  who: string,
  expected: readonly Answer[],
  actual: readonly Answer[],
  sameBytes: boolean,
): void {
  const same = expected.every((answer, i) => {
    const other = actual[i];
    if (!other) return false;
    if (sameBytes) return answer.bytes.equals(other.bytes);
    // `data` only: newsgraph adds extensions (the operation's cost) that the peer does not.
    return (
      answer.json?.errors !== undefined || isDeepStrictEqual(answer.json?.data, other.json?.data)
    );
  });
  if (!same) {
    const note = `${plan.articles} articles, ${scenario}: ${who} answered differently from newsgraph`;
    run.notes.push(note);
    log(`WARNING ${note}`);
  }
}
