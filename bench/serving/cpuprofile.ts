/** Self time per function and per package from a V8 `.cpuprofile` (what DevTools shows). */

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
}

export interface CpuProfile {
  readonly endTime: number;
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Total without idle time: what the shares are of. */
  readonly busyMs: number;
  readonly functions: SelfTime[];
  readonly packages: SelfTime[];
}

const IDLE = '(idle)';

/** `graphql-yoga`, `@whatwg-node/server`, `newsgraph` (our src/), `node` (its internals), … */
export function packageOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : 'node (native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  if (url.startsWith('node:')) return 'node';
  if (url.includes('/src/')) return 'newsgraph';
  if (url.includes('/bench/')) return 'bench';
  return url;
}

function describe(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const short = frame.url
    .replace(/^.*\/node_modules\//, '')
    .replace(/^file:\/\/.*?\/(src|bench)\//, '$1/');
  return `${name} ${short}:${frame.lineNumber + 1}`;
}

function ranked(totals: Map<string, number>, busyMs: number, limit: number): SelfTime[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, ms]) => ({ name, ms, share: busyMs > 0 ? ms / busyMs : 0 }));
}

/** `lastMs`: only the samples of the profile's last milliseconds (the load, not the start-up). */
export function summarise(profile: CpuProfile, lastMs = Infinity, limit = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  // Sample times run backwards from the end, so the window needs no absolute clock.
  let sinceEndMs = 0;
  for (let i = profile.samples.length - 1; i >= 0; i--) {
    const node = byId.get(profile.samples[i] as number);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    sinceEndMs += ms;
    if (sinceEndMs > lastMs) break;
    if (!node) continue;
    totalMs += ms;
    if (node.callFrame.functionName === IDLE) {
      idleMs += ms;
      continue;
    }
    const fn = describe(node.callFrame);
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    const pkg = packageOf(node.callFrame);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  const busyMs = totalMs - idleMs;
  return {
    totalMs,
    busyMs,
    functions: ranked(functions, busyMs, limit),
    packages: ranked(packages, busyMs, limit),
  };
}

export function formatSummary(summary: ProfileSummary): string {
  const line = (t: SelfTime) =>
    `  ${(t.share * 100).toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(6)} ms  ${t.name}`;
  return [
    `busy ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms sampled`,
    'self time by package:',
    ...summary.packages.map(line),
    'self time by function:',
    ...summary.functions.map(line),
  ].join('\n');
}
