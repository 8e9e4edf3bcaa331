import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureSeeds, SECURED_CIPHERTEXT, writeSeedsFolder } from '../fixtures/graph-corpus.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

// A cold start transpiles the server with tsx: slow on a busy machine, so allow for it.
const START_TIMEOUT_MS = 120_000;
const children = new Set<ChildProcess>();

// A failed assertion must not leave a server running behind the test run.
afterEach(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  children.clear();
});

function serve(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  const [code] = await once(child, 'exit');
  return code as number | null;
}

async function listeningUrl(output: () => string, child: ChildProcess): Promise<string> {
  for (;;) {
    const match = /"url":"([^"]+)","msg":"newsgraph is listening"/.exec(output());
    if (match?.[1]) return match[1];
    if (child.exitCode !== null) throw new Error(`server exited: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('newsgraph serve', { timeout: START_TIMEOUT_MS }, () => {
  it('serves a seeds folder from the environment and stops cleanly on SIGTERM', async () => {
    const dir = await writeSeedsFolder(fixtureSeeds());
    const { child, output } = serve([], { PORT: '0', HOST: '127.0.0.1', NEWSGRAPH_SEEDS_DIR: dir });
    const url = await listeningUrl(output, child);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ articles { totalCount } }' }),
    });
    expect((await response.json()).data).toEqual({ articles: { totalCount: 24 } });
    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
    expect(output()).toContain('"msg":"stopped"');
    await rm(dir, { recursive: true });
  });

  it('logs rejected files by place, and in strict mode refuses to start', async () => {
    const dir = await writeSeedsFolder(fixtureSeeds());
    await writeFile(
      path.join(dir, 'broken.txt'),
      `---\ntitle: [unclosed\nsecured: "${SECURED_CIPHERTEXT};AAECAwQFBgcICQoLDA0ODw=="\n---\n`,
    );
    const { child, output } = serve(['--strict', '--port', '0', '--host', '127.0.0.1'], {
      NEWSGRAPH_SEEDS_DIR: dir,
    });
    expect(await exitCode(child)).toBe(1);
    expect(output()).toContain('"file":"broken.txt"');
    expect(output()).toContain('Strict mode');
    expect(output()).not.toContain(SECURED_CIPHERTEXT);
    await rm(dir, { recursive: true });
  });

  it('prints help, and refuses a bad setting with exit code 2', async () => {
    const help = serve(['--help'], {});
    const bad = serve([], { PORT: 'not-a-port' });
    expect(await exitCode(help.child)).toBe(0);
    expect(help.output()).toContain('NEWSGRAPH_PREVIEW_TOKEN');
    expect(await exitCode(bad.child)).toBe(2);
    expect(bad.output()).toContain('PORT');
  });
});
