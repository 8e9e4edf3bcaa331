import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCorpus } from './corpora.ts';
import { type CpuProfile, formatSummary, summarise } from './cpuprofile.ts';
import { measure } from './load-test.ts';
import { discoverFacts, verify } from './probe.ts';
import { freePort, type ServerSpec, startServer } from './processes.ts';
import { SCENARIOS, type ScenarioName } from './scenarios.ts';
import { BENCH_DIR } from './settings.ts';
import { mercuriusJit, mercuriusPlain, newsgraph, TargetName, yogaJit } from './targets.ts';

/**
 * `npm run bench:profile -- [--scenario feed] [--target newsgraph] [--articles 1000]`: runs one
 * scenario against one server started with `node --cpu-prof`, stops it with SIGINT so V8 writes
 * the profile, and prints the top self time by package and by function. Open the .cpuprofile
 * in Chrome DevTools (Performance tab) or VS Code for the call tree.
 */
const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'feed' },
    target: { type: 'string', default: TargetName.Newsgraph },
    articles: { type: 'string', default: '1000' },
  },
});
const scenarioName = values.scenario as ScenarioName;
const scenario = SCENARIOS[scenarioName];
if (!scenario) throw new Error(`unknown scenario ${values.scenario}`);

const corpus = await ensureCorpus(Number(values.articles));
const dir = resolve(BENCH_DIR, 'profiles', `${values.target}-${scenarioName}-${Date.now()}`);
mkdirSync(dir, { recursive: true });

const port = await freePort();
const targets: Record<string, () => ServerSpec> = {
  [TargetName.Newsgraph]: () => newsgraph(corpus.dir, port, false),
  [TargetName.NewsgraphCached]: () => newsgraph(corpus.dir, port, true),
  [TargetName.MercuriusJit]: () => mercuriusJit(corpus.dir, port),
  [TargetName.MercuriusPlain]: () => mercuriusPlain(corpus.dir, port),
  [TargetName.YogaJit]: () => yogaJit(corpus.dir, port),
};
const makeSpec = targets[values.target];
if (!makeSpec)
  throw new Error(`unknown target ${values.target}: ${Object.keys(targets).join(', ')}`);
const spec = makeSpec();

const server = await startServer({
  ...spec,
  args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...spec.args],
});
let loadStarted = 0;
try {
  const facts = await discoverFacts(server.origin);
  await verify(server.origin, scenario, facts);
  loadStarted = performance.now();
  const result = await measure(
    server.origin,
    scenario.requests(facts),
    () => null,
    scenario.rotate,
  );
  console.log(
    `${spec.name} ${scenarioName}: ${result.requestsPerSecond.toFixed(0)} req/s, ` +
      `p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms`,
  );
} finally {
  await server.stop();
}
const windowMs = performance.now() - loadStarted;

const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile in ${dir}: the server did not exit cleanly on SIGINT`);
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
const summary = summarise(profile, windowMs);
writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(formatSummary(summary));
console.log(`profile: ${join(dir, file)}`);
