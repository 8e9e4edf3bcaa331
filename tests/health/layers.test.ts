import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cruise, type IForbiddenRuleType } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const configUrl = pathToFileURL(path.join(ROOT, '.dependency-cruiser.mjs')).href;
const config: { default: { forbidden: IForbiddenRuleType[] }; LAYERS: string[][] } = await import(
  configUrl
);

const folders: string[] = [];
afterAll(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))));

/** The rules `npm run check:layers` applies, over a throwaway src/ tree: file → its imports. */
async function violationsIn(files: Record<string, string[]>): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'newsgraph-layers-'));
  folders.push(dir);
  for (const [file, imports] of Object.entries(files)) {
    const at = path.join(dir, file);
    await mkdir(path.dirname(at), { recursive: true });
    const lines = imports.map(
      (target, i) =>
        `import { x as x${i} } from '${path.posix.relative(path.posix.dirname(file), target)}';`,
    );
    await writeFile(at, `${lines.join('\n')}\nexport const x = 1;\n`);
  }
  const { output } = await cruise(['src'], {
    baseDir: dir,
    validate: true,
    ruleSet: { forbidden: config.default.forbidden },
    tsPreCompilationDeps: true,
  });
  if (typeof output === 'string') throw new Error('expected a cruise result');
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('layer rule (npm run check:layers)', () => {
  it('places every folder of src/ in exactly one layer', async () => {
    const entries = await readdir(path.join(ROOT, 'src'), { withFileTypes: true });
    const placed = config.LAYERS.flat();
    expect(new Set(placed).size).toBe(placed.length);
    expect(
      entries
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(),
    ).toEqual([...placed].sort());
  });

  it('fails on each back edge the code once had, and on a new folder with no layer', async () => {
    const violations = await violationsIn({
      'src/corpus/view.ts': ['src/discovery/trending.ts'],
      'src/discovery/trending.ts': [],
      'src/live/server-content.ts': ['src/server/corpus-loader.ts'],
      'src/server/corpus-loader.ts': [],
      'src/observability/tracing.ts': ['src/server/logger.ts'],
      'src/server/logger.ts': [],
      'src/discovery/search.ts': ['src/live/feed.ts'],
      'src/live/feed.ts': [],
      'src/misc/helper.ts': ['src/corpus/query.ts'],
      'src/corpus/query.ts': [],
    });
    expect(violations).toEqual([
      'every-folder-has-a-layer: src/misc/helper.ts → src/corpus/query.ts',
      'layer-corpus: src/corpus/view.ts → src/discovery/trending.ts',
      'layer-discovery: src/discovery/search.ts → src/live/feed.ts',
      'layer-live: src/live/server-content.ts → src/server/corpus-loader.ts',
      'layer-observability: src/observability/tracing.ts → src/server/logger.ts',
    ]);
  });

  it('lets a higher layer import any lower one', async () => {
    const violations = await violationsIn({
      'src/cli/serve.ts': ['src/server/http.ts', 'src/content/load.ts'],
      'src/server/http.ts': ['src/observability/logger.ts', 'src/live/feed.ts'],
      'src/observability/logger.ts': ['src/config/switch.ts'],
      'src/live/feed.ts': ['src/corpus/store.ts'],
      'src/corpus/store.ts': ['src/content/load.ts'],
      'src/content/load.ts': [],
      'src/config/switch.ts': [],
    });
    expect(violations).toEqual([]);
  });
});

describe('environment', () => {
  it('is read only by the command-line entry points, which hand it to the configuration', async () => {
    const readers: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const at = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(at);
        else if (/process\.env\b/.test(await readFile(at, 'utf8')))
          readers.push(path.relative(ROOT, at));
      }
    };
    await walk(path.join(ROOT, 'src'));
    expect(readers.filter((file) => !file.startsWith('src/cli/'))).toEqual([]);
  });
});
