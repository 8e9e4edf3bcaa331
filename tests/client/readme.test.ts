import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSeedFolder } from '../../src/seedgen/generate.ts';
import { serverConfigSchema } from '../../src/server/config.ts';
import { type RunningServer, startServer } from '../../src/server/http.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const PREVIEW = 'local-preview-token';
/** Pages other branches write; the README links them before they land. */
const PAGES_WRITTEN_ELSEWHERE = ['docs/editorial-time.md', 'docs/feeds.md'];
const COMMAND_TIMEOUT = 180_000;

/** The code blocks the README marks with `<!-- file: PATH -->`, by path. */
function markedFiles(markdown: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const match of markdown.matchAll(/<!-- file: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)) {
    files.set(match[1] as string, `${match[2]}\n`);
  }
  return files;
}

/** Every `--data-urlencode 'query=…'` of the recipes. */
function recipeQueries(markdown: string): string[] {
  return [...markdown.matchAll(/--data-urlencode 'query=([\s\S]*?)'/g)].map((m) => m[1] as string);
}

async function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    return await promisify(execFile)(command, args, { cwd, env: { ...process.env, ...env } });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${failed.stdout}\n${failed.stderr}`);
  }
}

describe('README.md', () => {
  it('fits on a few screens and links every docs page in one click', async () => {
    expect(README.split('\n').length).toBeLessThan(250);
    const linked = new Set([...README.matchAll(/\]\((docs\/[\w-]+\.md)[#)]/g)].map((m) => m[1]));
    const pages = (await readdir(path.join(ROOT, 'docs'))).map((name) => `docs/${name}`);
    for (const page of pages) {
      if (page !== 'docs/README.md') expect(linked, page).toContain(page);
    }
    for (const page of linked) {
      if (!PAGES_WRITTEN_ELSEWHERE.includes(page as string)) expect(pages).toContain(page);
    }
    const index = await readFile(path.join(ROOT, 'docs/README.md'), 'utf8');
    for (const page of linked) {
      if (page !== 'docs/README.md') expect(index).toContain(`](${path.basename(page as string)})`);
    }
  });

  it("shows the repository's own codegen.ts, whole", async () => {
    const codegen = await readFile(path.join(ROOT, 'codegen.ts'), 'utf8');
    expect(markedFiles(README).get('codegen.ts')).toBe(codegen);
  });
});

describe('the README against a live demo corpus', () => {
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'newsgraph-readme-'));
    const seeds = path.join(dir, 'seeds');
    await writeSeedFolder(seeds, { count: 400, seed: 2026 });
    for (const name of await readdir(path.join(ROOT, 'seeds'))) {
      await copyFile(path.join(ROOT, 'seeds', name), path.join(seeds, name));
    }
    const config = serverConfigSchema.parse({
      port: 0,
      host: '127.0.0.1',
      seedsDir: seeds,
      previewToken: PREVIEW,
      logLevel: 'silent',
      metrics: false,
    });
    server = await startServer({ config, logger: pino({ level: 'silent' }) });
  }, COMMAND_TIMEOUT);
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers every recipe query without an error', async () => {
    const queries = recipeQueries(README);
    expect(queries.length).toBeGreaterThanOrEqual(7);
    for (const query of queries) {
      const url = `${server.url}?${new URLSearchParams({ query })}`;
      const response = await fetch(url, { headers: { authorization: `Bearer ${PREVIEW}` } });
      const body = await response.json();
      expect(body.errors, query).toBeUndefined();
      for (const value of Object.values(body.data)) expect(value, query).not.toBeNull();
      if (query.includes('search(')) expect(body.data.search.totalCount).toBeGreaterThan(0);
      if (query.includes('category: "science"')) {
        expect(body.data.articles.totalCount).toBeGreaterThan(0);
      }
    }
  });

  it(
    'builds its client app outside the repository, type-checks it under NodeNext and runs it',
    async () => {
      const app = path.join(dir, 'app');
      await mkdir(app, { recursive: true });
      for (const [file, text] of markedFiles(README)) {
        await mkdir(path.dirname(path.join(app, file)), { recursive: true });
        await writeFile(path.join(app, file), text);
      }
      // What the README's install lines do, without the network: the packages are the repo's.
      await writeFile(path.join(app, 'package.json'), '{ "type": "module" }\n');
      await symlink(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
      await copyFile(path.join(ROOT, 'schema.graphql'), path.join(app, 'schema.graphql'));

      const bin = (name: string) => path.join(app, 'node_modules/.bin', name);
      await run(bin('graphql-codegen'), ['--config', 'codegen.ts', '--silent'], app);
      await run(bin('tsc'), ['-p', 'tsconfig.json'], app);
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'latest.ts'], app, {
        NEWSGRAPH_URL: server.url,
      });
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(5);
      for (const line of lines) expect(line).toMatch(/^\d{4}-\d{2}-\d{2} .+ - .+$/);
    },
    COMMAND_TIMEOUT,
  );
});
