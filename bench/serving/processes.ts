import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_STARTUP_MS } from './settings.ts';

const STOP_GRACE_MS = 10_000;
const POLL_INTERVAL_MS = 50;
/** Lines of a child's output kept for the error message when it fails to start. */
const MAX_OUTPUT_LINES = 40;

export interface Memory {
  /** Resident set size now, in MiB. */
  readonly rssMiB: number;
  /** Peak resident set size so far, in MiB. */
  readonly peakRssMiB: number;
}

export interface RunningServer {
  readonly name: string;
  readonly pid: number;
  readonly origin: string;
  /** From spawn to the first successful answer: process start, corpus load, first query. */
  readonly readyMs: number;
  /** JSON lines the child printed on stdout (the peers report their in-process load time). */
  readonly reports: readonly Record<string, unknown>[];
  memory(): Memory | null;
  /** CPU time (user + system) the process has used so far, in ms; null where unknown. */
  cpuMs(): number | null;
  /** SIGINT, then SIGKILL after `graceMs` (default STOP_GRACE_MS) if it has not exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServerSpec {
  readonly name: string;
  /** Node arguments: flags and the script with its own arguments. */
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  readonly port: number;
  /** Answers true once the server is ready to be measured. */
  readonly isReady: (origin: string) => Promise<boolean>;
  /** Overrides MAX_STARTUP_MS (a million-article folder takes longer). */
  readonly maxStartupMs?: number;
}

/** Children not yet stopped, so an interrupted bench can end them on its way out. */
const running = new Set<ChildProcess>();

/**
 * Kills every server child still running, synchronously: for `process.on('exit')` and signal
 * handlers, where a bench that stops early must not leave a server holding its port and CPU.
 */
export function killServersNow(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** A port the OS says is free right now; a child binds it a moment later. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port from the OS');
  return address.port;
}

export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const started = performance.now();
  const child = spawn(process.execPath, spec.args, {
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const output: string[] = [];
  const reports: Record<string, unknown>[] = [];
  const keep = (line: string) => {
    output.push(line);
    if (output.length > MAX_OUTPUT_LINES) output.shift();
    if (line.startsWith('{"bench"')) reports.push(JSON.parse(line) as Record<string, unknown>);
  };
  lines(child.stdout, keep);
  lines(child.stderr, keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  void exited.then(() => running.delete(child));
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });

  const origin = `http://127.0.0.1:${spec.port}`;
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(`${spec.name} exited (${exitCode}) before ready:\n${output.join('\n')}`);
    }
    const maxStartupMs = spec.maxStartupMs ?? MAX_STARTUP_MS;
    if (performance.now() - started > maxStartupMs) {
      child.kill('SIGKILL');
      throw new Error(`${spec.name} not ready after ${maxStartupMs} ms:\n${output.join('\n')}`);
    }
    if (await spec.isReady(origin).catch(() => false)) break;
    await sleep(POLL_INTERVAL_MS);
  }
  const readyMs = performance.now() - started;
  const pid = child.pid ?? -1;
  return {
    name: spec.name,
    pid,
    origin,
    readyMs,
    reports,
    memory: () => readMemory(pid),
    cpuMs: () => readCpuMs(pid),
    stop: (graceMs = STOP_GRACE_MS) => stopChild(child, exited, graceMs),
  };
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<unknown>,
  graceMs: number,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function lines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) onLine(part);
  });
}

/**
 * The process and its descendants: a large seeds folder makes `newsgraph serve` run itself again
 * in a child with a larger heap limit (src/cli/heap.ts), which then does all the work.
 */
function processTree(pid: number): number[] {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${tree[i]}/task`)) {
        const children = readFileSync(`/proc/${tree[i]}/task/${task}/children`, 'utf8').trim();
        if (children) tree.push(...children.split(' ').map(Number));
      }
    } catch {
      // Gone meanwhile, or no /proc: counted as far as it could be read.
    }
  }
  return tree;
}

/** Linux only (/proc); elsewhere memory is reported as unknown. Summed over the process tree. */
function readMemory(pid: number): Memory | null {
  let read = false;
  let rssMiB = 0;
  let peakRssMiB = 0;
  for (const member of processTree(pid)) {
    try {
      const status = readFileSync(`/proc/${member}/status`, 'utf8');
      const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]);
      rssMiB += kib('VmRSS') / 1024;
      peakRssMiB += kib('VmHWM') / 1024;
      read = true;
    } catch {
      // Gone meanwhile.
    }
  }
  return read ? { rssMiB, peakRssMiB } : null;
}

/** Linux clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every common kernel). */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of the process tree (see processTree), in ms. */
function readCpuMs(pid: number): number | null {
  let ms: number | null = null;
  for (const member of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${member}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      ms = (ms ?? 0) + (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
    } catch {
      // Gone meanwhile.
    }
  }
  return ms;
}
