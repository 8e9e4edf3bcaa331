import { describe, expect, it } from 'vitest';
import { generateSeedFiles, writeSeedFolder } from '../../src/seedgen/generate.ts';
import { check, withTempDir } from './helpers.ts';

// Each test starts the real CLI (tsx and a fresh Node): slow on a busy machine, hence the timeouts.
const CLI_TIMEOUT = 120_000;

describe('newsgraph check', () => {
  it(
    'passes the real seeds folder with exit code 0',
    async () => {
      const result = await check();
      expect(result).toEqual({
        code: 0,
        stdout: '1 file: 1 accepted, 0 rejected, 0 errors, 0 warnings\n',
        stderr: '',
      });
    },
    CLI_TIMEOUT,
  );

  it(
    'lists every bad file of a mixed folder with its place and exits 1',
    async () => {
      await withTempDir(async (dir) => {
        const options = { count: 300, seed: 11, brokenShare: 0.1 };
        await writeSeedFolder(dir, options);
        const generated = [...generateSeedFiles(options)];
        const bad = generated.filter((g) => g.broken !== null);

        const result = await check(dir);
        expect(result.code).toBe(1);
        const lines = result.stdout.trimEnd().split('\n');
        const errorLines = lines.filter((l) => !l.endsWith('(warning)')).slice(0, -1);
        expect(errorLines.map((l) => l.split(/[:\s]/)[0])).toEqual(bad.map((g) => g.name));
        const missing = bad.find((g) => g.broken === 'missing-field');
        expect(errorLines).toContain(
          `${missing?.name}:1:1  title  title is required [INVALID_FIELD]`,
        );
        const good = generated.length - bad.length;
        const warnings = generated.filter((g) => g.unknownKey).length;
        expect(lines.at(-1)).toBe(
          `300 files: ${good} accepted, ${bad.length} rejected, ${bad.length} errors, ${warnings} warning${warnings === 1 ? '' : 's'}`,
        );
      });
    },
    CLI_TIMEOUT,
  );

  it(
    'prints one JSON document with --json',
    async () => {
      await withTempDir(async (dir) => {
        await writeSeedFolder(dir, { count: 40, seed: 2, brokenShare: 0.2 });
        const result = await check('--json', dir);
        const report = JSON.parse(result.stdout);
        expect(result.code).toBe(1);
        expect(report).toMatchObject({ folder: dir, files: 40 });
        expect(report.accepted + report.rejected).toBe(40);
        expect(report.errors[0]).toEqual({
          file: expect.any(String),
          line: expect.any(Number),
          column: expect.any(Number),
          path: expect.any(String),
          code: expect.any(String),
          message: expect.any(String),
        });
      });
    },
    CLI_TIMEOUT,
  );

  it(
    'exits 2 for a folder that does not exist',
    async () => {
      const result = await check('/nonexistent/seeds');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('/nonexistent/seeds is not a folder');
    },
    CLI_TIMEOUT,
  );
});
