import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_SOURCES,
  SERVE_USAGE,
  serverConfigSchema,
  settingDefault,
} from '../../src/server/config.ts';
import { CONFIGURATION_PAGE, renderConfigurationPage } from '../../src/server/config-docs.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function sourceFiles(dir: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('docs/configuration.md', () => {
  it('documents every setting the server reads, once', () => {
    const keys = Object.keys(serverConfigSchema.shape).sort();
    const documented = CONFIG_SOURCES.map((source) => source.key).sort();
    expect(documented).toEqual(keys);
    const envs = CONFIG_SOURCES.map((source) => source.env);
    expect(new Set(envs).size).toBe(envs.length);
    for (const source of CONFIG_SOURCES) {
      expect(source.help.length, source.env).toBeGreaterThan(10);
      expect(settingDefault(source), source.env).not.toBe('');
    }
    // The two settings the old README table forgot.
    expect(envs).toEqual(expect.arrayContaining(['NEWSGRAPH_JIT', 'NEWSGRAPH_RESPONSE_CACHE']));
  });

  it('lists every NEWSGRAPH_* variable the source code mentions', async () => {
    const mentioned = new Set<string>();
    for (const file of await sourceFiles(path.join(ROOT, 'src'))) {
      for (const match of (await readFile(file, 'utf8')).matchAll(/NEWSGRAPH_[A-Z0-9_]+/g)) {
        mentioned.add(match[0]);
      }
    }
    const documented = new Set(CONFIG_SOURCES.map((source) => source.env));
    expect([...mentioned].filter((env) => !documented.has(env))).toEqual([]);
  });

  it('is what `npm run docs:config` writes today (run it after changing a setting)', async () => {
    const committed = await readFile(path.join(ROOT, CONFIGURATION_PAGE), 'utf8');
    expect(committed).toBe(renderConfigurationPage());
  });

  it('says what `serve --help` says: the same variables and defaults', () => {
    for (const source of CONFIG_SOURCES) {
      expect(SERVE_USAGE).toContain(source.env);
      expect(SERVE_USAGE).toContain(`${source.help} (default: ${settingDefault(source)})`);
    }
  });
});
