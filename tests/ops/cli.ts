import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Generous: on a loaded two-core machine a cold `tsx` start takes tens of seconds. */
const MAX_START_MS = 150_000;
/** The server's own grace period is 5 s; a loaded machine adds to it. */
const MAX_STOP_MS = 30_000;
const POLL_MS = 50;

export interface ServeProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the GraphQL URL once the server logs that it is listening. */
  listening(): Promise<string>;
  /** SIGTERM, then SIGKILL if it does not exit in time; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** `newsgraph serve` as users run it, as a child process with its own environment. */
export function serve(args: readonly string[], env: Record<string, string>): ServeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    output: () => output,
    async listening() {
      const deadline = Date.now() + MAX_START_MS;
      for (;;) {
        // The JSON log line, or the line for humans on stderr when the log level hides info.
        const match = /"url":"([^"]+)","msg":"newsgraph is listening"|GraphiQL at (\S+)/.exec(
          output,
        );
        const url = match?.[1] ?? match?.[2];
        if (url) return url;
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`newsgraph serve did not start:\n${output}`);
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), MAX_STOP_MS);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return exited;
    },
  };
}
