import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ARTICLES } from '../../src/cli/demo.ts';
import { type ServeProcess, serveWith } from '../fixtures/serve-process.ts';

const START_TIMEOUT_MS = 200_000;
const POLL_MS = 100;
const MAX_RELOAD_WAIT_MS = 30_000;

let demo: ServeProcess | undefined;
let dir: string | undefined;
afterAll(async () => {
  await demo?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function query(url: string, text: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: text }),
  });
  return (await response.json()).data;
}

describe('npm run demo', { timeout: START_TIMEOUT_MS }, () => {
  it('serves a few hundred readable articles and follows edits to them live', async () => {
    dir = path.join(await mkdtemp(path.join(tmpdir(), 'newsgraph-demo-')), 'seeds');
    demo = serveWith('demo', ['--out', dir, '--port', '0', '--host', '127.0.0.1'], {});
    const url = await demo.listening();
    expect((await readdir(dir)).length).toBeGreaterThan(DEMO_ARTICLES);

    const feed = await query(
      url,
      '{ articles(first: 20) { totalCount edges { node { title excerpt topics { name } } } } }',
    );
    expect(feed.articles.totalCount).toBeGreaterThan(DEMO_ARTICLES * 0.9);
    for (const { node } of feed.articles.edges) {
      // Headlines read like news: a capital first, real words, no run of repeated filler.
      expect(node.title).toMatch(/^[A-Z0-9][\w’'%$€£.,-]*( [\w’'%$€£.,-]+){4,}$/);
      if (node.excerpt !== null) expect(node.excerpt).toMatch(/\. .+ \.\.\.$/);
    }
    // A typo-tolerant search finds the generated news (the README's recipe).
    const search = await query(url, '{ search(query: "vacine") { totalCount } }');
    expect(search.search.totalCount).toBeGreaterThan(0);

    // Live reload: a new file in the folder is served without a restart.
    const [first] = (await readdir(dir)).sort();
    const text = await readFile(path.join(dir, first as string), 'utf8');
    const copy = text
      .replace(/^title: .*$/m, 'title: "Demo edit shows up without a restart"')
      .replace(/^sourceUrl: (.*)$/m, 'sourceUrl: $1?edited')
      .replace(/^published: false$/m, 'published: true');
    await writeFile(path.join(dir, 'zz_demo_edit.txt'), copy);
    const deadline = Date.now() + MAX_RELOAD_WAIT_MS;
    let found = null;
    while (!found && Date.now() < deadline) {
      const data = await query(url, '{ article(key: "zz_demo_edit") { title } }');
      found = data.article;
      if (!found) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    expect(found).toEqual({ title: 'Demo edit shows up without a restart' });
  });
});
