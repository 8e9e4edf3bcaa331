import { describe, expect, it } from 'vitest';
import { formatContentError } from '../../src/content/errors.ts';
import { parseFrontMatter, splitFrontMatter } from '../../src/content/parse.ts';
import { MAX_SEED_BYTES } from '../../src/content/read.ts';
import { MAX_KEY_WARNINGS } from '../../src/content/validate.ts';
import { lineOf, outcomeOf, SAMPLE, SAMPLE_SECURED, withExtra, withLine } from './helpers.ts';
import { manyUnknownKeys } from './hostile-seeds.ts';

const SECRET = 'c2VjcmV0LXZhbHVlLW5ldmVyLXNob3du;AAECAwQFBgcICQoLDA0ODw==';
const withSecret = (line: string, text = SAMPLE) => withLine('secured:', line, text);
/** Everything a user or a log could see of an outcome. */
const shown = (text: string) => {
  const outcome = outcomeOf(text);
  return {
    outcome,
    text: [...outcome.errors, ...outcome.warnings].map(formatContentError).join('\n'),
  };
};

describe('unknown keys', () => {
  it('lists the first keys of a file with ~26,000 of them and counts the rest, in one pass', () => {
    const keys = manyUnknownKeys(25_900);
    const text = withExtra(...keys);
    expect(text.length).toBeLessThanOrEqual(MAX_SEED_BYTES);
    const outcome = outcomeOf(text);
    expect(outcome.errors).toEqual([]);
    expect(outcome.article).not.toBeNull();
    expect(outcome.warnings).toHaveLength(MAX_KEY_WARNINGS + 1);
    expect(outcome.warnings[0]).toMatchObject({
      path: 'k00000',
      line: lineOf('k00000:', text),
      column: 1,
      message: 'unknown key "k00000" is kept but not served',
    });
    expect(outcome.warnings.at(-1)).toMatchObject({
      path: '',
      code: 'UNKNOWN_KEY',
      line: lineOf(`k000${MAX_KEY_WARNINGS}:`, text),
      message: `${25_900 - MAX_KEY_WARNINGS} more unknown keys from here on (only the first ${MAX_KEY_WARNINGS} are listed)`,
    });
  });

  it('places each unknown key where the full parser does, without running it', () => {
    const text = withExtra('author: x', '# a comment', 'notes:', '  - a', 'zz_top: 1');
    const matter = splitFrontMatter(text);
    if ('code' in matter) throw new Error(matter.message);
    const full = parseFrontMatter(matter.matter);
    if (!('locate' in full)) throw new Error(full.message);
    const placed = outcomeOf(text).warnings.map((w) => [w.path, w.line, w.column]);
    expect(placed).toEqual(
      ['author', 'notes', 'zz_top'].map((key) => {
        const at = full.locate([key], 'key');
        return [key, at?.line, at?.column];
      }),
    );
  });

  it('describes a key that is not a plain name instead of quoting it', () => {
    const { outcome, text } = shown(withExtra(`? ${SECRET}`));
    expect(outcome.warnings).toMatchObject([
      {
        path: '',
        code: 'UNKNOWN_KEY',
        line: lineOf('? ', withExtra(`? ${SECRET}`)),
        message: `an unknown key of ${SECRET.length} characters (not a plain name) is kept but not served`,
      },
    ]);
    expect(text).not.toContain(SECRET.slice(0, 10));
  });

  it('escapes control characters in anything printed', () => {
    const { text } = shown(withExtra('"\u001b[2Kevil\nline": 1', 'dup: 1', 'dup: 2'));
    expect(text).not.toMatch(/(?!\n)\p{Cc}/u);
    const line = formatContentError({
      file: 'a\n3 files: 3 accepted\u001b[1A.txt',
      path: '',
      code: 'NOT_A_FILE',
      message: 'not a regular file',
    });
    expect(line).toBe(
      'a\\u{a}3 files: 3 accepted\\u{1b}[1A.txt  -  not a regular file [NOT_A_FILE]',
    );
  });
});

describe('secured never reaches a diagnostic', () => {
  it.each([
    [
      'a template slip: secured: {{ value }}',
      withSecret(`secured: {{ ${SECRET} }}`),
      'INVALID_KEY',
    ],
    ['the value as a nested key', withSecret(`secured:\n  ${SECRET}: 1`), 'INVALID_FIELD'],
    ['the value as a complex key', withExtra(`? [${SECRET}]`, ': 1'), 'INVALID_KEY'],
    ['the value as a duplicated key', withExtra(`${SECRET}: 1`, `${SECRET}: 2`), 'DUPLICATE_FIELD'],
    ['the value as an alias', withSecret(`secured: *${SECRET}`), 'YAML_ALIAS'],
    ['the value as a tag', withSecret(`secured: !${SECRET} x`), 'YAML_SYNTAX'],
    ['the value as an anchor', withSecret(`secured: &${SECRET} x`), 'YAML_ALIAS'],
    ['an unclosed quote', withSecret(`secured: "${SECRET}`), 'YAML_SYNTAX'],
    ['a bad escape', withSecret(`secured: "${SECRET}\\q"`), 'YAML_SYNTAX'],
    ['a block scalar', withSecret(`secured: |\n  ${SECRET}`), 'INVALID_FIELD'],
    ['a directive', withExtra(`%${SECRET}`), 'YAML_SYNTAX'],
    ['a list', withSecret(`secured: [${SECRET}]`), 'INVALID_FIELD'],
  ])('%s', async (_name, text, code) => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const { outcome, text: printed } = shown(text);
      expect(outcome.article).toBeNull();
      expect(outcome.errors.map((e) => e.code)).toContain(code);
      for (const piece of [SECRET.slice(0, 10), SECRET.slice(20, 30), SECRET.slice(-12)]) {
        expect(printed).not.toContain(piece);
      }
      expect(printed).not.toContain(SAMPLE_SECURED.slice(0, 10));
      // Process warnings are emitted on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });
});
