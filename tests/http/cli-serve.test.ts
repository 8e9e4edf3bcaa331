import { rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixtureSeeds, SECURED_CIPHERTEXT, writeSeedsFolder } from '../fixtures/graph-corpus.ts';
import { type ServeProcess, serve as spawnServe } from '../fixtures/serve-process.ts';

// A cold start transpiles the server with tsx: slow on a busy machine, so allow for it.
const START_TIMEOUT_MS = 120_000;
const running = new Set<ServeProcess>();

// A failed assertion must not leave a server running behind the test run.
afterEach(() => {
  for (const { child } of running) if (child.exitCode === null) child.kill('SIGKILL');
  running.clear();
});

function serve(args: string[], env: Record<string, string>): ServeProcess {
  const server = spawnServe(args, env);
  running.add(server);
  return server;
}

describe('newsgraph serve', { timeout: START_TIMEOUT_MS }, () => {
  it('serves a seeds folder from the environment and stops cleanly on SIGTERM', async () => {
    const dir = await writeSeedsFolder(fixtureSeeds());
    const server = serve([], { PORT: '0', HOST: '127.0.0.1', NEWSGRAPH_SEEDS_DIR: dir });
    const url = await server.listening();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ articles { totalCount } }' }),
    });
    expect((await response.json()).data).toEqual({ articles: { totalCount: 24 } });
    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    await rm(dir, { recursive: true });
  });

  it('writes every access log line while serving (buffered, whole lines), and the rest on exit', async () => {
    const dir = await writeSeedsFolder(fixtureSeeds());
    const server = serve([], {
      PORT: '0',
      HOST: '127.0.0.1',
      NEWSGRAPH_SEEDS_DIR: dir,
      NEWSGRAPH_LOG_LEVEL: 'info',
    });
    const url = await server.listening();
    const ask = (id: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        body: JSON.stringify({ query: '{ articles(first: 1) { totalCount } }' }),
      }).then((r) => r.text());
    const logged = () =>
      server
        .output()
        .split('\n')
        .filter((line) => line.includes('"msg":"request"'))
        .map((line) => JSON.parse(line) as { reqId: string; status: number; path: string });
    // More than one buffer's worth, then one line alone: both show up without an exit.
    for (let i = 0; i < 40; i += 1) await ask(`burst-${i}`);
    await ask('alone');
    await vi.waitFor(() => expect(logged().map((l) => l.reqId)).toContain('alone'), {
      timeout: 30_000,
    });
    expect(logged().filter((l) => l.reqId.startsWith('burst-'))).toHaveLength(40);
    expect(logged()[0]).toMatchObject({ status: 200, path: '/graphql' });
    await ask('last');
    expect(await server.stop()).toBe(0);
    expect(logged().map((l) => l.reqId)).toContain('last');
    expect(server.output()).toContain('"msg":"stopped"');
    await rm(dir, { recursive: true });
  });

  it('logs rejected files by place, and in strict mode refuses to start', async () => {
    const dir = await writeSeedsFolder(fixtureSeeds());
    await writeFile(
      path.join(dir, 'broken.txt'),
      `---\ntitle: [unclosed\nsecured: "${SECURED_CIPHERTEXT};AAECAwQFBgcICQoLDA0ODw=="\n---\n`,
    );
    const { exited, output } = serve(['--strict', '--port', '0', '--host', '127.0.0.1'], {
      NEWSGRAPH_SEEDS_DIR: dir,
    });
    expect(await exited).toBe(1);
    expect(output()).toContain('"file":"broken.txt"');
    expect(output()).toContain('Strict mode');
    expect(output()).not.toContain(SECURED_CIPHERTEXT);
    await rm(dir, { recursive: true });
  });

  it('exits 1 when its port or its metrics port is taken, even while watching the seeds', async () => {
    const dir = await writeSeedsFolder(fixtureSeeds());
    const occupant = createServer();
    await new Promise<void>((resolve) => occupant.listen(0, '127.0.0.1', resolve));
    const taken = String((occupant.address() as { port: number }).port);
    try {
      const env = { HOST: '127.0.0.1', NEWSGRAPH_SEEDS_DIR: dir, NEWSGRAPH_WATCH: 'true' };
      const graphql = serve([], { ...env, PORT: taken });
      const metrics = serve([], { ...env, PORT: '0', NEWSGRAPH_METRICS_PORT: taken });
      // One line for a human that names the setting to change; no JSON log, no stack trace.
      expect(await graphql.exited).toBe(1);
      expect(graphql.output()).toContain(
        `newsgraph serve: port ${taken} on 127.0.0.1 is already in use (another newsgraph?); choose another with --port or PORT`,
      );
      expect(await metrics.exited).toBe(1);
      expect(metrics.output()).toContain(
        `newsgraph serve: the metrics port ${taken} is already in use; choose another with NEWSGRAPH_METRICS_PORT.`,
      );
      for (const { output } of [graphql, metrics]) {
        expect(output()).not.toMatch(/\bat .+\.ts:\d+|"stack"|could not start/);
      }
    } finally {
      occupant.close();
      await rm(dir, { recursive: true });
    }
  });

  // Both run at once, so either may exit first: each exit is caught from the moment it spawns.
  it('prints help, and refuses a bad setting with exit code 2', async () => {
    const help = serve(['--help'], {});
    const bad = serve([], { PORT: 'not-a-port' });
    expect(await help.exited).toBe(0);
    expect(help.output()).toContain('NEWSGRAPH_PREVIEW_TOKEN');
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('PORT');
  });
});
