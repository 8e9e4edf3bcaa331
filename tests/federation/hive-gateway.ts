import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../fixtures/free-port.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI users run (`npx hive-gateway`), from the project's own node_modules. */
const HIVE_GATEWAY_BIN = join(ROOT, 'node_modules', '.bin', 'hive-gateway');
const GATEWAY_CONFIG = fileURLToPath(new URL('./gateway.config.ts', import.meta.url));
const MAX_START_MS = 90_000;
const MAX_PORT_ATTEMPTS = 3;
const MAX_STOP_MS = 5_000;
const POLL_MS = 100;
/** Kept from the gateway's output for the error message when it fails to start. */
const MAX_OUTPUT_CHARS = 8_000;

export interface RunningGateway {
  /** The gateway's GraphQL endpoint. */
  readonly url: string;
  stop(): Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), MAX_STOP_MS);
  await exited;
  clearTimeout(timer);
}

interface Attempt {
  readonly gateway?: RunningGateway;
  readonly failure?: string;
  readonly portTaken?: boolean;
}

async function launch(dir: string, supergraphPath: string): Promise<Attempt> {
  const port = await freePort();
  const child = spawn(
    HIVE_GATEWAY_BIN,
    [
      'supergraph',
      supergraphPath,
      '--config-path',
      GATEWAY_CONFIG,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--disable-websockets',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-MAX_OUTPUT_CHARS);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  // Should the test process end without calling stop(), the gateway must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    await stopChild(child);
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + MAX_START_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      return {
        failure: `exited with code ${child.exitCode}\n${output}`,
        portTaken: output.includes('EADDRINUSE'),
      };
    }
    const ready = await fetch(`${base}/readiness`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { gateway: { url: `${base}/graphql`, stop } };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  await stop();
  return { failure: `not ready after ${MAX_START_MS} ms\n${output}` };
}

/**
 * Starts Hive Gateway as users run it: `hive-gateway supergraph <file>` with the config file from
 * this folder, as a child process. Resolves once its readiness endpoint answers 200. The port is
 * picked free just before the start, so another process may take it first: then it tries again.
 */
export async function startHiveGateway(supergraphSdl: string): Promise<RunningGateway> {
  const dir = await mkdtemp(join(tmpdir(), 'newsgraph-gateway-'));
  const supergraphPath = join(dir, 'supergraph.graphql');
  await writeFile(supergraphPath, supergraphSdl);
  const removeDir = () => rm(dir, { recursive: true, force: true });
  let attempt: Attempt = {};
  for (let tries = 0; tries < MAX_PORT_ATTEMPTS; tries++) {
    attempt = await launch(dir, supergraphPath);
    const { gateway } = attempt;
    if (gateway) {
      return {
        url: gateway.url,
        stop: async () => {
          await gateway.stop();
          await removeDir();
        },
      };
    }
    if (!attempt.portTaken) break;
  }
  await removeDir();
  throw new Error(`Hive Gateway failed to start: ${attempt.failure}`);
}
