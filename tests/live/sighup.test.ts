import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeSeedsFolder } from '../fixtures/graph-corpus.ts';
import { articleSeed, fixtureSeeds, removeFolder, writeSeed } from './folder.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WAIT = { timeout: 20_000, interval: 50 };
/** Loading tsx and the whole server takes long on a busy machine. */
const START = { timeout: 90_000, interval: 100 };

describe('newsgraph serve and SIGHUP', () => {
  it('rescans the seeds folder on SIGHUP when not watching', async () => {
    const dir = await writeSeedsFolder(fixtureSeeds());
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NEWSGRAPH_SEEDS_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      const origin = await vi.waitFor(() => {
        const match = /"url":"(http:\/\/[^"/]+)\/graphql","msg":"newsgraph is listening"/.exec(
          output,
        );
        if (!match?.[1]) throw new Error(`not listening yet: ${output}`);
        return match[1];
      }, START);
      const articles = async () => (await (await fetch(`${origin}/readyz`)).json()).articles;
      const before = await articles();
      await writeSeed(dir, 'synced.txt', articleSeed('synced'));
      child.kill('SIGHUP');
      await vi.waitFor(async () => expect(await articles()).toBe(before + 1), WAIT);
      // Log lines are written in batches, at least every 100 ms.
      await vi.waitFor(() => expect(output).toContain('reloading the seeds folder'), WAIT);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await removeFolder(dir);
    }
  }, 180_000);
});
