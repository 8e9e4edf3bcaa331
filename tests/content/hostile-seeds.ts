import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateSeedFiles, seedBytes } from '../../src/seedgen/generate.ts';
import { SAMPLE, SAMPLE_SECURED, withExtra, withLine } from './helpers.ts';

/**
 * The suite's hostile seeds folder: every way found so far to slip a `secured` value, a control
 * sequence or a special file past the loader (issue 16's findings and the generator's broken
 * kinds), each file carrying its own random secured value. Whatever reads this folder (check,
 * check --json, the server log) must never print a fragment of any of them.
 */
export interface HostileFolder {
  /** Every secured value written into the folder. */
  readonly secrets: readonly string[];
  /** Names of the files with control characters in them. */
  readonly evilNames: readonly string[];
  /** How many entries the folder holds that check reads. */
  readonly files: number;
}

const freshSecret = () =>
  `${randomBytes(30).toString('base64')};${randomBytes(16).toString('base64')}`;

/** ~20,000 unknown keys under 256 KiB: one warning each used to take seconds (quadratic). */
export const manyUnknownKeys = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `k${String(i).padStart(5, '0')}: 1`);

type HostileText = (secret: string) => string | Buffer;

const HOSTILE: Record<string, HostileText> = {
  'template-slip.txt': (s) => withLine('secured:', `secured: {{ ${s} }}`),
  'value-as-key.txt': (s) => withExtra(`? ${s}`),
  'value-as-plain-key.txt': (s) => withExtra(`${s}: 1`),
  'value-as-nested-key.txt': (s) => withLine('secured:', `secured:\n  ${s}: 1`),
  'value-as-complex-key.txt': (s) => withExtra(`? [${s}]`, ': 1'),
  'value-as-duplicate-key.txt': (s) => withExtra(`${s}: 1`, `${s}: 2`),
  'secured-twice.txt': (s) => withExtra(`secured: "${s}"`),
  'alias.txt': (s) => withLine('secured:', `secured: *${s}`),
  'anchor.txt': (s) => withLine('secured:', `secured: &${s} x`),
  'tag.txt': (s) => withLine('secured:', `secured: !${s} x`),
  'wrong-type.txt': (s) => withLine('secured:', `secured: [${s}]`),
  'unclosed.txt': (s) => withLine('secured:', `secured: "${s}`),
  'bad-escape.txt': (s) => withLine('secured:', `secured: "${s}\\q"`),
  'block-scalar.txt': (s) => withLine('secured:', `secured: |\n  ${s}`),
  'short-iv.txt': (s) => withLine('secured:', `secured: "${s.split(';')[0]};c2hvcnQ="`),
  'directive.txt': (s) => withExtra(`%${s}`),
  'proto.txt': (s) => withExtra(`__proto__: ${s}`),
  'nbsp.txt': (s) => withLine('secured:', `secured: "${s}"\u00a0`),
  'published-maybe.txt': (s) => withLine('published:', 'published: maybe', secured(s)),
  'impossible-time.txt': (s) =>
    withLine('publishedDateTime:', 'publishedDateTime: 2019-02-30T00:00:00Z', secured(s)),
  'escape-key.txt': (s) => withExtra('"\u001b[2K\u001b[1Aevil": 1', `secured2: "${s}"`),
  'many-unknown-keys.txt': (s) => withExtra(...manyUnknownKeys(20_000), `secured3: "${s}"`),
  'not-utf8.txt': (s) =>
    Buffer.concat([
      Buffer.from(secured(s).slice(0, -5)),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\n---\n'),
    ]),
};

/** Names that try to forge lines or move the cursor in `check`'s output. */
const EVIL_NAMES = [
  'evil\n3 files: 3 accepted, 0 rejected, 0 errors, 0 warnings.txt',
  '\u001b[2K\u001b[1Aansi.txt',
  'bidi\u202etxt.md',
];

const secured = (secret: string) => withLine('secured:', `secured: "${secret}"`, SAMPLE);

export async function writeHostileFolder(dir: string): Promise<HostileFolder> {
  // The sample's own value stays in the files built on it: it must not show either.
  const secrets: string[] = [SAMPLE_SECURED];
  let n = 0;
  const write = async (name: string, text: string | Buffer) => {
    const body =
      typeof text === 'string'
        ? withLine(
            'sourceUrl:',
            `sourceUrl: https://medicalxpress.com/news/hostile-${n++}.html`,
            text,
          )
        : text;
    await writeFile(path.join(dir, name), body);
  };
  for (const [name, make] of Object.entries(HOSTILE)) {
    const secret = freshSecret();
    secrets.push(secret);
    await write(name, make(secret));
  }
  for (const name of EVIL_NAMES) {
    const secret = freshSecret();
    secrets.push(secret);
    await write(name, withLine('title:', 'title: [unclosed', secured(secret)));
  }
  // The generator's broken kinds, with their own secured values.
  let generated = 0;
  for (const seed of generateSeedFiles({ count: 40, seed: 16, brokenShare: 1 })) {
    const value = /^secured: "?([^"\n]+)"?$/m.exec(seed.text)?.[1];
    if (value) secrets.push(value);
    await writeFile(path.join(dir, `generated-${seed.name}`), seedBytes(seed));
    generated++;
  }
  execFileSync('mkfifo', [path.join(dir, 'fifo.txt')]);
  await symlink('loop.txt', path.join(dir, 'loop.txt'));
  return {
    secrets,
    evilNames: EVIL_NAMES,
    files: Object.keys(HOSTILE).length + EVIL_NAMES.length + generated + 2,
  };
}

/** Every 10-character piece of every secret that `text` contains (empty when none leaked). */
export function leakedFragments(text: string, secrets: readonly string[]): string[] {
  const leaks: string[] = [];
  for (const secret of secrets) {
    for (let i = 0; i + 10 <= secret.length; i++) {
      const piece = secret.slice(i, i + 10);
      if (text.includes(piece)) leaks.push(piece);
    }
  }
  return leaks;
}
