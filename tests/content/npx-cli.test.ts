import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeSeedFolder } from '../../src/seedgen/generate.ts';
import { withTempDir } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI_TIMEOUT = 120_000;

/** Exactly what a reader of the README types in a clone after `npm ci`. */
async function run(command: string, args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npx newsgraph (bin/newsgraph.js)', () => {
  it(
    'prints its usage on stdout with --help',
    async () => {
      const result = await run('npx', ['--no-install', 'newsgraph', '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: newsgraph <command>');
      expect(result.stdout).toContain('serve');
    },
    CLI_TIMEOUT,
  );

  it(
    'prints nothing but the JSON report for `check DIR --json`, ready for a pipe',
    async () => {
      await withTempDir(async (dir) => {
        await writeSeedFolder(dir, { count: 5, seed: 3 });
        for (const [command, args] of [
          ['npx', ['--no-install', 'newsgraph', 'check', dir, '--json']],
          ['npm', ['run', '-s', 'check', '--', dir, '--json']],
        ] as const) {
          const result = await run(command, [...args]);
          expect(result.code).toBe(0);
          const report = JSON.parse(result.stdout);
          expect(report.files).toBe(5);
        }
      });
    },
    CLI_TIMEOUT,
  );
});
