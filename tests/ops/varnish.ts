import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../fixtures/free-port.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const VARNISH_VCL = path.join(ROOT, 'deploy/varnish/newsgraph.vcl');
const VARNISHD_CANDIDATES = ['/usr/sbin/varnishd', '/usr/bin/varnishd', '/usr/local/sbin/varnishd'];
/** varnishd compiles the VCL with the C compiler before it listens: slow on a loaded machine. */
const MAX_START_MS = 60_000;
const MAX_STOP_MS = 15_000;
const POLL_MS = 50;

/** Debian's varnishd; the tests need the real thing (`npm test` installs it when missing). */
export function varnishdBinary(): string {
  const found = VARNISHD_CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) throw new Error('varnish is not installed: run .ci/run, or apt-get install varnish');
  return found;
}

/** Replaces `from` exactly once, so a drifting deploy file breaks the test instead of passing it. */
function swapOnce(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`expected "${from}" once in the VCL, found ${count}`);
  return text.replace(from, to);
}

/** deploy/varnish/newsgraph.vcl with compose's replica names swapped for loopback addresses. */
export async function localisedVcl(upstreams: readonly [string, string]): Promise<string> {
  let vcl = await readFile(VARNISH_VCL, 'utf8');
  upstreams.forEach((upstream, i) => {
    const { hostname, port } = new URL(`http://${upstream}`);
    const name = `newsgraph-${i + 1}`;
    vcl = swapOnce(
      vcl,
      `.host = "${name}";\n    .port = "4000";`,
      `.host = "${hostname}";\n    .port = "${port}";`,
    );
    // The purge ACL: the replicas run on loopback here, which "localhost" already covers.
    vcl = swapOnce(vcl, `    "${name}";\n`, `    "${hostname}";\n`);
  });
  return vcl;
}

export interface RunningVarnish {
  readonly origin: string;
  /** The working directory (-n): varnishncsa and varnishlog read the shared log there. */
  readonly dir: string;
  /** varnishncsa's lines so far in this format (-F), read from the shared log. */
  ncsa(format: string): Promise<string>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * varnishd in the foreground on a free loopback port in front of the two upstreams, with a
 * working directory of its own. No jail (-j none): it runs as whoever runs the tests, root in CI
 * or a normal user, with nothing to set up for a `varnish` user.
 */
export async function startVarnish(
  upstreams: readonly [string, string],
  port?: number,
): Promise<RunningVarnish> {
  const binary = varnishdBinary();
  const dir = await mkdtemp(path.join(tmpdir(), 'newsgraph-varnish-'));
  const vclFile = path.join(dir, 'newsgraph.vcl');
  await writeFile(vclFile, await localisedVcl(upstreams));
  const listen = port ?? (await freePort());
  const workdir = path.join(dir, 'work');
  const child: ChildProcess = spawn(
    binary,
    [
      '-F',
      '-j',
      'none',
      '-n',
      workdir,
      '-a',
      `127.0.0.1:${listen}`,
      '-T',
      'none',
      '-f',
      vclFile,
      '-s',
      'malloc,32m',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const origin = `http://127.0.0.1:${listen}`;
  const deadline = Date.now() + MAX_START_MS;
  for (;;) {
    const up = await fetch(`${origin}/healthz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`varnishd did not start: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const run = promisify(execFile);
  return {
    origin,
    dir: workdir,
    output: () => output,
    async ncsa(format) {
      const ncsa = path.join(path.dirname(binary).replace(/sbin$/, 'bin'), 'varnishncsa');
      const { stdout } = await run(ncsa, ['-n', workdir, '-d', '-F', format]);
      return stdout;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), MAX_STOP_MS);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
