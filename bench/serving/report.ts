import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { RunRecord, ScenarioRecord } from './results.ts';
import { SCENARIOS } from './scenarios.ts';
import { BENCHMARKS_PAGE } from './settings.ts';
import { TargetName } from './targets.ts';

const SERVING_HEADING = '## Serving';
const TARGET_LABELS: Record<TargetName, string> = {
  [TargetName.Newsgraph]: 'newsgraph',
  [TargetName.NewsgraphCached]: 'newsgraph + response cache',
  [TargetName.MercuriusPlain]: 'Mercurius + JIT, plain resolvers',
  [TargetName.YogaJit]: 'bare Yoga + JIT',
  [TargetName.MercuriusJit]: 'Mercurius + JIT, Pothos schema',
  [TargetName.Raw]: 'raw node:http',
};
const TARGETS = Object.values(TargetName);

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
const showRatio = (r: number | undefined) => (r === undefined ? '' : `${r.toFixed(2)}x`);

function rate(run: RunRecord, corpus: number, scenario: string, target: TargetName) {
  return find(run, corpus, scenario, target)?.measurement.requestsPerSecond;
}

function find(run: RunRecord, corpus: number, scenario: string, target: TargetName) {
  return run.scenarios.find(
    (s) => s.corpus === corpus && s.scenario === scenario && s.target === target,
  );
}

function cell(record: ScenarioRecord | undefined): string {
  if (!record) return '';
  const m = record.measurement;
  const failed = m.errors > 0 ? ` ⚠ ${m.errors} errors` : '';
  const cpu = m.serverCpuUsPerRequest === null ? '' : `, ${int(m.serverCpuUsPerRequest)} µs`;
  return `${int(m.requestsPerSecond)} (${m.latencyP50Ms} / ${m.latencyP99Ms}${cpu})${failed}`;
}

export interface Goal {
  readonly name: string;
  /** Requests/s of ours over theirs (throughput goals only). */
  readonly ratio: number | undefined;
  /**
   * Server CPU per request: theirs over ours for throughput goals (the same comparison, less
   * sensitive to other load), ours over theirs for cost goals.
   */
  readonly cpuRatio: number | undefined;
  readonly target: number;
  /** 'throughput': ratio >= target; 'cost': cpuRatio <= target. */
  readonly kind: 'throughput' | 'cost';
}

function cpu(run: RunRecord, corpus: number, scenario: string, target: TargetName) {
  return find(run, corpus, scenario, target)?.measurement.serverCpuUsPerRequest ?? undefined;
}

export const met = (g: Goal): boolean | undefined => {
  const value = g.kind === 'throughput' ? g.ratio : g.cpuRatio;
  if (value === undefined) return undefined;
  return g.kind === 'throughput' ? value >= g.target : value <= g.target;
};

/** The issue's goals, as ratios within this run on the smaller corpus. */
export function goals(run: RunRecord): Goal[] {
  const corpus = Math.min(...run.corpora.map((c) => c.articles));
  const throughput = (
    name: string,
    scenario: string,
    a: TargetName,
    b: TargetName,
    target: number,
  ) => ({
    name,
    ratio: ratio(rate(run, corpus, scenario, a), rate(run, corpus, scenario, b)),
    cpuRatio: ratio(cpu(run, corpus, scenario, b), cpu(run, corpus, scenario, a)),
    target,
    kind: 'throughput' as const,
  });
  const { Newsgraph, NewsgraphCached, MercuriusPlain, Raw, YogaJit } = TargetName;
  const costs = Object.values(SCENARIOS)
    .filter((s) => cpu(run, corpus, s.name, Newsgraph) && cpu(run, corpus, s.name, YogaJit))
    .map((s) => ({
      name: `${s.name}: newsgraph CPU per request ÷ bare Yoga + JIT`,
      ratio: undefined,
      cpuRatio: ratio(cpu(run, corpus, s.name, Newsgraph), cpu(run, corpus, s.name, YogaJit)),
      target: 1.25,
      kind: 'cost' as const,
    }));
  return [
    throughput('tiny from the response cache ÷ raw node:http', 'tiny', NewsgraphCached, Raw, 0.85),
    throughput('feed from the response cache ÷ raw node:http', 'feed', NewsgraphCached, Raw, 0.85),
    throughput(
      'feed, uncached ÷ Mercurius + JIT, plain resolvers',
      'feed',
      Newsgraph,
      MercuriusPlain,
      0.5,
    ),
    throughput(
      'tiny, uncached ÷ Mercurius + JIT, plain resolvers',
      'tiny',
      Newsgraph,
      MercuriusPlain,
      0.4,
    ),
    throughput(
      'lookup, distinct keys ÷ Mercurius + JIT, plain resolvers',
      'lookup',
      Newsgraph,
      MercuriusPlain,
      0.4,
    ),
    ...costs,
  ];
}

function scenarioTable(run: RunRecord, corpus: number): string[] {
  const present = TARGETS.filter((t) =>
    run.scenarios.some((s) => s.corpus === corpus && s.target === t),
  );
  const header = [
    'scenario',
    ...present.map((t) => TARGET_LABELS[t]),
    'newsgraph ÷ Mercurius plain',
    'cached ÷ raw',
  ];
  const rows = Object.values(SCENARIOS)
    .filter((s) => run.scenarios.some((r) => r.corpus === corpus && r.scenario === s.name))
    .map((s) => [
      `${s.name}: ${s.description}`,
      ...present.map((t) => cell(find(run, corpus, s.name, t))),
      showRatio(
        ratio(
          rate(run, corpus, s.name, TargetName.Newsgraph),
          rate(run, corpus, s.name, TargetName.MercuriusPlain),
        ),
      ),
      showRatio(
        ratio(
          rate(run, corpus, s.name, TargetName.NewsgraphCached),
          rate(run, corpus, s.name, TargetName.Raw),
        ),
      ),
    ]);
  return markdownTable(header, rows);
}

/** Server CPU per request of every target, and newsgraph's over bare Yoga's (the plugins' price). */
function cpuTable(run: RunRecord, corpus: number): string[] {
  const present = TARGETS.filter((t) =>
    run.scenarios.some((s) => s.corpus === corpus && s.target === t),
  );
  const header = [
    'scenario',
    ...present.map((t) => `${TARGET_LABELS[t]} (µs)`),
    'newsgraph ÷ bare Yoga',
  ];
  const rows = Object.values(SCENARIOS)
    .filter((s) => run.scenarios.some((r) => r.corpus === corpus && r.scenario === s.name))
    .map((s) => [
      s.name,
      ...present.map((t) => {
        const value = cpu(run, corpus, s.name, t);
        return value === undefined ? '' : int(value);
      }),
      showRatio(
        ratio(
          cpu(run, corpus, s.name, TargetName.Newsgraph),
          cpu(run, corpus, s.name, TargetName.YogaJit),
        ),
      ),
    ]);
  return markdownTable(header, rows);
}

function serverTable(run: RunRecord, corpus: number): string[] {
  const header = ['server', 'ready (ms)', 'corpus load (ms)', 'RSS ready (MiB)', 'peak RSS (MiB)'];
  const rows = run.servers
    .filter((s) => s.corpus === corpus)
    .map((s) => [
      TARGET_LABELS[s.target],
      int(s.readyMs),
      s.loadMs === null ? '' : int(s.loadMs),
      s.memoryReady ? int(s.memoryReady.rssMiB) : '',
      s.memoryAfterLoadTest ? int(s.memoryAfterLoadTest.peakRssMiB) : '',
    ]);
  return markdownTable(header, rows);
}

function markdownTable(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

export function servingSection(run: RunRecord): string {
  const m = run.machine;
  const s = run.settings;
  const lines = [
    SERVING_HEADING,
    '',
    `<!-- Generated by \`npm run bench\` (bench/serving/main.ts); do not edit by hand. -->`,
    '',
    `Run on ${run.date.slice(0, 16).replace('T', ' ')} UTC: ${m.cpu}, ${m.cores} cores, ` +
      `${m.memoryGiB} GiB, Node ${m.node}, ${m.os}; ${run.totalSeconds.toFixed(0)} s in all; ` +
      `1-minute load average ${run.loadAverage.start.toFixed(1)} at the start, ` +
      `${run.loadAverage.end.toFixed(1)} at the end (above ${m.cores}, other work shared the CPUs).`,
    `autocannon, ${s.connections} connections, ${s.durationSeconds} s per scenario after a ` +
      `${s.warmupSeconds} s warm-up, load generator on the same machine. Every server runs ` +
      'at once (idle unless measured) and each scenario is measured on every target back to ' +
      'back, so a change in the machine load hits all targets alike. Cells: requests/s ' +
      '(p50 / p99 latency in ms, server CPU time per request from /proc). Absolute figures ' +
      'drift between runs and with other work on the machine; compare the ratios, which come ' +
      'from one run. "Met" is judged on requests/s; the CPU ratio says the same thing with ' +
      'less noise when other processes compete for the cores.',
    '',
    '- **newsgraph**: the real server (`src/cli/main.ts serve`) with its response cache off ' +
      '(hardening, masking, metrics and request ids on, as by default).',
    '- **newsgraph + response cache**: the same server as configured by default.',
    '- **Mercurius + JIT, plain resolvers**: fastify + Mercurius (`jit: 1`) over an SDL schema ' +
      'with hand-written synchronous resolvers over the same records (no Pothos, no DataLoader): ' +
      'what a Node developer would pick instead (bench/serving/peers/mercurius-plain-server.ts).',
    '- **bare Yoga + JIT**: the same Pothos schema and context in graphql-yoga with ' +
      '@envelop/graphql-jit and no other plugin: the gap to newsgraph is the price of ' +
      'hardening and observability.',
    '- **Mercurius + JIT, Pothos schema**: fastify + Mercurius over the same Pothos schema ' +
      'object and context factory.',
    '- **raw node:http**: writes the bytes newsgraph answered for the same query, nothing else: ' +
      "the body and the headers of newsgraph's cache hit (ETag, Surrogate-Key, request id and " +
      'the rest, captured once and written as they are).',
    '',
    '### Goals',
    '',
    'Throughput goals are judged on requests/s (ours ÷ theirs, at least the target); cost goals on ' +
      'server CPU per request (ours ÷ theirs, at most the target).',
    '',
    ...markdownTable(
      ['goal', 'ratio (requests/s)', 'ratio (server CPU per request)', 'target', 'met'],
      goals(run).map((g) => [
        g.name,
        showRatio(g.ratio),
        showRatio(g.cpuRatio),
        `${g.kind === 'throughput' ? '>=' : '<='} ${g.target.toFixed(2)}x`,
        met(g) === undefined ? '?' : met(g) ? 'yes' : 'no',
      ]),
    ),
  ];
  for (const corpus of run.corpora) {
    lines.push(
      '',
      `### ${int(corpus.articles)} articles`,
      '',
      ...scenarioTable(run, corpus.articles),
      '',
      'Server CPU time per request (user + system of the server process over the measured ' +
        'run, divided by the requests answered):',
      '',
      ...cpuTable(run, corpus.articles),
      ...(run.scenarios.some(
        (r) => r.corpus === corpus.articles && r.target !== TargetName.Newsgraph,
      )
        ? []
        : [
            '',
            'newsgraph alone, on the scenarios whose work grows with the corpus: the peer, the ' +
              'response cache and the raw baseline are compared on the smaller corpus, since ' +
              'each extra process would load these seeds again.',
          ]),
      '',
      `Response sizes (bytes): ${Object.entries(corpus.responseBytes)
        .map(([name, bytes]) => `${name} ${int(bytes)}`)
        .join(', ')}.`,
      '',
      'Ready: until the server answers a GraphQL query; for newsgraph, until it answers a ' +
        'search with facets and stories, so its search index, facet table and story groups ' +
        '(built in slices after the corpus is served) are not built during a measurement.',
      '',
      ...serverTable(run, corpus.articles),
    );
  }
  if (run.notes.length > 0) lines.push('', ...run.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

/** Replaces the Serving section of the benchmarks page, leaving every other section alone. */
export function writeServingSection(run: RunRecord, page = BENCHMARKS_PAGE): void {
  const section = servingSection(run);
  const current = existsSync(page) ? readFileSync(page, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(`\n${SERVING_HEADING}\n`);
  if (start === -1) {
    writeFileSync(page, `${current.trimEnd()}\n\n${section}`);
    return;
  }
  const next = current.indexOf('\n## ', start + 1);
  const after = next === -1 ? '' : `\n${current.slice(next + 1)}`;
  writeFileSync(page, `${current.slice(0, start + 1)}${section}${after}`);
}

export function consoleTable(run: RunRecord): string {
  const lines: string[] = [];
  for (const corpus of run.corpora) {
    lines.push(`\n${int(corpus.articles)} articles`);
    for (const scenario of Object.values(SCENARIOS)) {
      for (const target of TARGETS) {
        const record = find(run, corpus.articles, scenario.name, target);
        if (record)
          lines.push(`  ${scenario.name.padEnd(11)} ${target.padEnd(17)} ${cell(record)}`);
      }
    }
  }
  lines.push('');
  for (const g of goals(run)) {
    lines.push(
      `  goal: ${g.name}: ${showRatio(g.ratio)}, by CPU ${showRatio(g.cpuRatio)} ` +
        `(target ${g.kind === 'throughput' ? '>=' : '<='} ${g.target.toFixed(2)}x)`,
    );
  }
  return lines.join('\n');
}
