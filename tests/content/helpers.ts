import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { processSeedBytes, type SeedFileOutcome } from '../../src/content/seed-file.ts';

export const SAMPLE_FILE = '000_d8f64479a819c861.txt';
export const SAMPLE_PATH = path.resolve(import.meta.dirname, '../../seeds', SAMPLE_FILE);
export const SAMPLE = readFileSync(SAMPLE_PATH, 'utf8');
export const SAMPLE_SECURED = /^secured: "(.*)"$/m.exec(SAMPLE)?.[1] ?? '';

/** The sample with one line replaced: `withLine('quality:', 'quality: 101')`. */
export function withLine(prefix: string, replacement: string, text = SAMPLE): string {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.startsWith(prefix));
  if (index < 0) throw new Error(`no line starts with ${prefix}`);
  if (replacement === '') lines.splice(index, 1);
  else lines[index] = replacement;
  return lines.join('\n');
}

/** The sample with extra lines just before the closing fence. */
export const withExtra = (...lines: string[]): string =>
  SAMPLE.replace(/\n---\s*$/, `\n${lines.join('\n')}\n---\n`);

/** 1-based line of the first line starting with `prefix` in `text`. */
export function lineOf(prefix: string, text = SAMPLE): number {
  const index = text.split('\n').findIndex((line) => line.startsWith(prefix));
  if (index < 0) throw new Error(`no line starts with ${prefix}`);
  return index + 1;
}

export const outcomeOf = (text: string | Uint8Array, file = 'bad.txt'): SeedFileOutcome =>
  processSeedBytes(file, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);

export async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'newsgraph-content-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** `newsgraph check ...args` as a user runs it: exit code, stdout and stderr. */
export async function check(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      TSX,
      ['src/cli/main.ts', 'check', ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
