import { copyFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { writeSeedFolder } from '../seedgen/generate.ts';
import { DEFAULT_SEEDS_DIR } from '../server/config.ts';
import { runServe } from './serve.ts';

/** Enough to page, search, facet and see stories; small enough to generate in a blink. */
export const DEMO_ARTICLES = 400;
/** Git-ignored, so edits made while trying live reload never end up in a commit. */
export const DEMO_DIR = '.demo/seeds';

const USAGE = `Usage: newsgraph demo [--out DIR] [serve options]

Writes ${DEMO_ARTICLES} generated articles (readable, made-up news, 5% drafts) and the sample
articles of seeds/ to ${DEMO_DIR}
once, then serves them with live reload: edit or add a file there and the next query sees it.
Delete the folder to start over. --out DIR uses another folder; any "newsgraph serve" option
works here too (--port, ...).`;

async function isEmpty(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch {
    return true;
  }
}

/** `newsgraph demo` (`npm run demo`): a realistic corpus served in watch mode. */
export async function runDemo(args: string[]): Promise<number | undefined> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const out = args.indexOf('--out');
  const dir = out >= 0 ? args[out + 1] : DEMO_DIR;
  if (!dir) {
    console.error('newsgraph demo: --out needs a folder');
    return 2;
  }
  const serveArgs = out >= 0 ? args.filter((_, i) => i !== out && i !== out + 1) : args;
  if (await isEmpty(dir)) {
    const written = await writeSeedFolder(dir, { count: DEMO_ARTICLES, seed: 2026 });
    // The real sample articles join them, so the README's recipes work on the demo too.
    for (const name of await readdir(DEFAULT_SEEDS_DIR).catch(() => [])) {
      await copyFile(path.join(DEFAULT_SEEDS_DIR, name), path.join(dir, name));
    }
    console.error(
      `newsgraph demo: wrote ${written.files} articles (${written.drafts} drafts) to ${path.resolve(dir)}`,
    );
  } else {
    console.error(`newsgraph demo: serving the articles already in ${path.resolve(dir)}`);
  }
  return runServe(['--watch', '--seeds', dir, ...serveArgs]);
}
