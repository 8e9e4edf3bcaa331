import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PREVIEW_TOKEN } from '../fixtures/graph-corpus.ts';
import { serve } from '../fixtures/serve-process.ts';
import { check, SAMPLE, withLine } from './helpers.ts';
import { type HostileFolder, leakedFragments, writeHostileFolder } from './hostile-seeds.ts';

// The real CLI and server in child processes: slow on a busy two-core machine.
const CLI_TIMEOUT = 180_000;

let dir: string;
let folder: HostileFolder;

const ready = (async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'newsgraph-hostile-'));
  folder = await writeHostileFolder(dir);
})();

afterAll(async () => {
  await ready;
  await rm(dir, { recursive: true, force: true });
});

describe('the hostile corpus', () => {
  it(
    'check prints no fragment of any secured value, and one line per problem',
    async () => {
      await ready;
      const result = await check(dir);
      expect(result.code).toBe(1);
      expect(leakedFragments(result.stdout + result.stderr, folder.secrets)).toEqual([]);
      expect(result.stderr).toBe('');
      // No raw control characters: names cannot forge lines or move the cursor.
      expect(result.stdout).not.toMatch(/(?!\n)\p{Cc}|\u202e/u);
      const lines = result.stdout.trimEnd().split('\n');
      const summary = lines.at(-1) ?? '';
      expect(summary).toMatch(new RegExp(`^${folder.files} files: `));
      const [, errors, warnings] = /, (\d+) errors?, (\d+) warnings?$/.exec(summary) ?? [];
      expect(lines.length).toBe(Number(errors) + Number(warnings) + 1);
      expect(lines.filter((l) => l.startsWith(`${folder.files} files:`))).toHaveLength(1);
      expect(result.stdout).toContain('evil\\u{a}3 files: 3 accepted');
      expect(result.stdout).toContain('\\u{1b}[2K\\u{1b}[1Aansi.txt');
      // The file with ~20,000 unknown keys: 20 listed, the rest counted.
      const many = lines.filter((l) => l.startsWith('many-unknown-keys.txt'));
      expect(many).toHaveLength(21);
      expect(many.at(-1)).toMatch(/19981 more unknown keys from here on/);
    },
    CLI_TIMEOUT,
  );

  it(
    'check --json holds no fragment of any secured value and the real file names',
    async () => {
      await ready;
      const result = await check('--json', dir);
      expect(result.code).toBe(1);
      expect(leakedFragments(result.stdout + result.stderr, folder.secrets)).toEqual([]);
      const report = JSON.parse(result.stdout);
      expect(report.files).toBe(folder.files);
      const files = new Set(report.errors.map((e: { file: string }) => e.file));
      for (const name of folder.evilNames) expect(files).toContain(name);
      expect(files).toContain('fifo.txt');
      expect(files).toContain('loop.txt');
    },
    CLI_TIMEOUT,
  );

  it(
    'the server log at trace holds no fragment of any secured value, through reloads',
    async () => {
      await ready;
      const server = serve([], {
        PORT: '0',
        HOST: '127.0.0.1',
        NEWSGRAPH_SEEDS_DIR: dir,
        NEWSGRAPH_PREVIEW_TOKEN: PREVIEW_TOKEN,
        NEWSGRAPH_LOG_LEVEL: 'trace',
        NEWSGRAPH_WATCH: 'true',
      });
      try {
        const url = await server.listening();
        const origin = new URL(url).origin;
        // A watched rewrite and an admin rescan: the reload paths log what they reject too.
        await writeFile(
          path.join(dir, 'template-slip.txt'),
          withLine('secured:', `secured: {{ ${folder.secrets[1]} }}`, SAMPLE),
        );
        const reload = await fetch(`${origin}/admin/reload`, {
          method: 'POST',
          headers: { authorization: `Bearer ${PREVIEW_TOKEN}` },
        });
        expect(reload.status).toBe(200);
        const status = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${PREVIEW_TOKEN}` },
          body: JSON.stringify({ query: '{ contentStatus { errors { file path message } } }' }),
        });
        const body = await status.text();
        expect(leakedFragments(body, folder.secrets)).toEqual([]);
        expect(await server.stop()).toBe(0);
      } finally {
        await server.stop();
      }
      const logs = server.output();
      expect(logs).toContain('"level":20');
      expect(logs).not.toContain('watching the seeds folder failed');
      expect(logs).toContain('many-unknown-keys.txt');
      expect(leakedFragments(logs, folder.secrets)).toEqual([]);
      expect(logs).not.toContain('\u001b');
    },
    CLI_TIMEOUT,
  );
});
