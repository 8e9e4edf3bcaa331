import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter, splitFrontMatter } from '../../src/content/parse.ts';
import { parseYamlSubset } from '../../src/content/yaml-subset.ts';
import { generateSeedFiles } from '../../src/seedgen/generate.ts';
import { outcomeOf, SAMPLE, withLine } from './helpers.ts';

/** What the full `yaml` parser (with the seed refusals) makes of some front matter, or its error code. */
function full(matter: string): unknown {
  const parsed = parseFrontMatter(matter);
  return 'data' in parsed ? parsed.data : parsed.code;
}

/** The subset's answer is sound when it steps aside or equals the full parser's, value for value. */
function agrees(matter: string): boolean {
  const data = parseYamlSubset(matter);
  return data === undefined || isDeepStrictEqual(data, full(matter));
}

const matterOf = (text: string): string => {
  const split = splitFrontMatter(text);
  if ('code' in split) throw new Error(split.message);
  return split.matter;
};

const NBSP = '\u00a0';
const EM_SPACE = '\u2003';
const IDEOGRAPHIC_SPACE = '\u3000';
const BOM = '\ufeff';

describe('the fast YAML subset parser', () => {
  it('reads every generated seed exactly as the full parser does', () => {
    let fast = 0;
    const mismatches: string[] = [];
    for (const seed of generateSeedFiles({ count: 300, seed: 21, brokenShare: 0.1 })) {
      const split = splitFrontMatter(seed.text);
      if ('code' in split) continue;
      const data = parseYamlSubset(split.matter);
      if (data === undefined) {
        if (seed.broken === null)
          mismatches.push(`${seed.name}: valid seed left to the full parser`);
        continue;
      }
      fast++;
      if (!isDeepStrictEqual(data, full(split.matter))) mismatches.push(seed.name);
    }
    expect(mismatches).toEqual([]);
    expect(fast).toBeGreaterThan(265);
  }, 120_000);

  it('reads the real sample on the fast path, exactly as the full parser does', () => {
    const matter = matterOf(SAMPLE);
    expect(parseYamlSubset(matter)).toBeDefined();
    expect(parseYamlSubset(matter)).toEqual(full(matter));
  });

  it.each([
    [
      'plain and quoted strings',
      'fast',
      "a: plain text, with colons:inside\nb: \"esc \\\" \\\\ \\u00e9 \\n\"\nc: 'it''s'",
    ],
    [
      'a plain string with a colon and a space',
      'full',
      "a: plain text, with: colons:inside\nb: \"esc \\\" \\\\ \\u00e9 \\n\"\nc: 'it''s'",
    ],
    [
      'scalars of the core types it knows',
      'fast',
      'a: 12\nb: -7\nc: 0\nd: true\ne: False\nf: null\nh:',
    ],
    ['a tilde null and a YAML 1.1 boolean word', 'full', 'g: ~\ni: yes'],
    [
      'timestamps',
      'fast',
      'a: 2019-12-03T12:41:00Z\nb: 2019-02-30T00:00:00Z\nc: "2019-12-03T12:41:00Z"',
    ],
    [
      'compact and indented lists',
      'full',
      'a:\n- x\n- y\nb:\n  - k: 1\n    l: [ ]\n  -   k: 2\nc: []\nd: {}',
    ],
    [
      'compact and indented lists without flow spaces',
      'fast',
      'a:\n- x\n- y\nb:\n  - k: 1\n    l: []\n  -   k: 2\nc: []\nd: {}',
    ],
    [
      'comments and blank lines',
      'full',
      '# top\na: 1\n\n  # indented comment\nb:\n  c: 2 # trailing',
    ],
    ['comments on their own lines', 'fast', '# top\na: 1\n\n  # indented comment\nb:\n  c: 2'],
    [
      'numbers in other spellings',
      'full',
      'a: 007\nb: 0x1F\nc: 1.5\nd: .inf\ne: +3\nf: 1e3\ng: -0',
    ],
    [
      'anchors, tags and block scalars',
      'full',
      'a: &x 1\nb: *x\nc: !!str 3\nd: |\n  text\ne: >\n  folded',
    ],
    [
      'multi-line and unusual strings',
      'full',
      'a: "one\n  two"\nb: plain\n  continued\nc: "\\x41"\nd: ""',
    ],
    ['keys YAML reads differently', 'full', 'null: 1\ntrue: 2\n"quoted": 3\n? complex\n: 4'],
    ['duplicate and dangerous keys', 'full', 'a: 1\na: 2\n__proto__: 3\nconstructor: 4'],
    ['tabs and carriage returns', 'full', 'a:\t1\r\nb: 2'],
    [
      'nesting',
      'full',
      `a:${Array.from({ length: 14 }, (_, i) => `\n${'  '.repeat(i + 1)}b:`).join('')} 1`,
    ],
  ])('on %s takes the %s path and agrees with the full parser', (_name, path, body) => {
    const matter = `\n${body}`;
    for (const line of body.split('\n')) expect(agrees(`\n${line}`), line).toBe(true);
    const data = parseYamlSubset(matter);
    expect(data === undefined ? 'full' : 'fast').toBe(path);
    if (data !== undefined) expect(data).toEqual(full(matter));
  });
});

describe('Unicode whitespace means what yaml says it means (regressions)', () => {
  // Each of these parsed differently on the two paths: JavaScript's trim() treats them as
  // whitespace, YAML does not. The subset now steps aside on them.
  it.each([
    ['a number followed by NBSP', `quality: 59${NBSP}`],
    ['plain text followed by NBSP', `title: foo${NBSP}`],
    ['a quoted string followed by NBSP', `title: "foo"${NBSP}`],
    ['an NBSP-indented key', `provider:\n${NBSP}${NBSP}name: x`],
    ['an EM SPACE-indented key', `provider:\n${EM_SPACE}${EM_SPACE}name: x`],
    ['a BOM-indented key', `provider:\n${BOM}name: x`],
    ['plain text followed by EM SPACE', `title: foo${EM_SPACE}`],
    ['plain text followed by a BOM', `title: foo${BOM}`],
    ['a line of only IDEOGRAPHIC SPACE', `title: foo\n${IDEOGRAPHIC_SPACE}\nheat: 1`],
    ['a vertical tab', 'title: foo\u000b'],
    ['a form feed', 'title: foo\u000c'],
    ['a LINE SEPARATOR', 'title: foo\u2028bar'],
  ])('%s', (_name, body) => {
    const matter = `\n${body}`;
    expect(parseYamlSubset(matter)).toBeUndefined();
    expect(agrees(matter)).toBe(true);
  });

  it('a file means the same whichever parser reads it', () => {
    // `quality: 59<NBSP>` is the text "59 " to yaml, so the file is rejected, and an unrelated
    // edit that sends the file to the full parser cannot flip that.
    const nbsp = withLine('quality:', `quality: 59${NBSP}`);
    const viaFull = `${nbsp.replace(/\n---\s*$/, '\n')}anchored: &a 1\n---\n`;
    expect(outcomeOf(nbsp).errors.map((e) => e.path)).toEqual(['quality']);
    expect(outcomeOf(viaFull).errors.map((e) => e.code)).toEqual(['YAML_ALIAS']);
    const indented = withLine('  name: Medical Xpress', `${NBSP} name: Medical Xpress`);
    expect(outcomeOf(indented).article).toBeNull();
  });
});

/** Lines from real seeds: every shape the generator writes, plus the real sample. */
const SEED_TEXTS = [SAMPLE, ...[...generateSeedFiles({ count: 40, seed: 5 })].map((s) => s.text)];
const SEED_LINES = SEED_TEXTS.flatMap((text) => matterOf(text).split('\n')).filter(
  (line) => line.trim() !== '',
);

/** Characters where the two parsers could part ways. */
const TRICKY_CHARS = [
  ' ',
  '  ',
  '\t',
  '\r',
  '\v',
  '\f',
  NBSP,
  EM_SPACE,
  IDEOGRAPHIC_SPACE,
  BOM,
  '\u2028',
  '\u2029',
  '\u0085',
  '\u200b',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\ud83d\ude00',
  '\ud800',
  'é',
  '#',
  ' #',
  ':',
  ': ',
  '-',
  '- ',
  '?',
  ',',
  '[',
  ']',
  '{',
  '}',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '\\',
  '%',
  '@',
  '`',
  '~',
  '0',
  '1',
  '.',
  '+',
  'e',
];

const ODD_SCALARS = [
  '',
  '~',
  'null',
  'Null',
  'NULL',
  'nULL',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  '0',
  '-0',
  '+1',
  '007',
  '08',
  '0x1F',
  '0o17',
  '1e3',
  '1.5',
  '.5',
  '.inf',
  '-.Inf',
  '.nan',
  '1_000',
  '123456789012345',
  '1234567890123456',
  '9007199254740993',
  '2019-12-03T12:41:00Z',
  '2019-02-30T00:00:00Z',
  '2019-12-03T12:41:00',
  '2019-12-03',
  '0099-01-01T00:00:00Z',
  '2019-12-03t12:41:00z',
  '2019-12-03 12:41:00Z',
  '"quoted"',
  "'single'",
  "'it''s'",
  '"a\\"b"',
  '"\\u00e9\\n\\t"',
  '"\\x41"',
  '"\\U0001F600"',
  '"\\/"',
  '""',
  "''",
  '"unterminated',
  "'unterminated",
  '[]',
  '[ ]',
  '{}',
  '[a, b]',
  '{a: 1}',
  '&anchor x',
  '*alias',
  '!!str 3',
  '!tag x',
  '|',
  '>-',
  'a: b',
  'a:b',
  'a #b',
  'a# b',
  'a:',
  '- x',
  '-x',
  '? x',
  '@x',
  '`x`',
  '%x',
  'text with spaces',
  'https://example.com/a?b=c#d',
  'Café crème',
  '日本語',
];

const ODD_KEYS = [
  'title',
  'published',
  'quality',
  'provider',
  'a',
  'A_b-c',
  'null',
  'true',
  'False',
  '__proto__',
  'constructor',
  '"quoted"',
  "'single'",
  '1',
  'a b',
  'a.b',
  '-a',
  'é',
  '? x',
];

type Mutation = (lines: string[]) => string[];

const at = (lines: string[], index: number) => index % Math.max(1, lines.length);
/** `lines.with` that also works on an empty window. */
const put = (lines: string[], index: number, text: string) =>
  lines.length === 0 ? [text] : lines.with(index, text);

/** One edit to a list of lines: the kinds of slip an editor (or an attacker) makes. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...TRICKY_CHARS)).map(
    ([line, column, char]): Mutation =>
      (lines) => {
        const i = at(lines, line);
        const text = lines[i] ?? '';
        const c = column % (text.length + 1);
        return put(lines, i, text.slice(0, c) + char + text.slice(c));
      },
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...ODD_SCALARS)).map(
    ([line, value]): Mutation =>
      (lines) => {
        const i = at(lines, line);
        const text = lines[i] ?? '';
        const colon = text.indexOf(': ');
        const head = text.trimEnd().endsWith(':') ? text.trimEnd() : text.slice(0, colon + 1);
        return put(
          lines,
          i,
          colon < 0 && !text.endsWith(':') ? `${text}${value}` : `${head} ${value}`,
        );
      },
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...ODD_KEYS)).map(
    ([line, key]): Mutation =>
      (lines) => {
        const i = at(lines, line);
        const text = lines[i] ?? '';
        return put(lines, i, text.replace(/^(\s*(?:- )?)[^:\s]+:/, `$1${key}:`));
      },
  ),
  fc.tuple(fc.nat(), fc.integer({ min: -3, max: 3 })).map(
    ([line, shift]): Mutation =>
      (lines) => {
        const i = at(lines, line);
        const text = lines[i] ?? '';
        return put(lines, i, shift > 0 ? ' '.repeat(shift) + text : text.slice(-shift));
      },
  ),
  fc.tuple(fc.nat(), fc.constantFrom('# note', ' # note', '#', '')).map(
    ([line, comment]): Mutation =>
      (lines) =>
        lines.toSpliced(at(lines, line), 0, comment),
  ),
  fc.nat().map(
    (line): Mutation =>
      (lines) => {
        const i = at(lines, line);
        return lines.toSpliced(i, 0, lines[i] ?? '');
      },
  ),
  fc.nat().map(
    (line): Mutation =>
      (lines) =>
        lines.toSpliced(at(lines, line), 1),
  ),
  fc.nat().map(
    (line): Mutation =>
      (lines) => {
        // Quote or unquote a value.
        const i = at(lines, line);
        const text = lines[i] ?? '';
        const match = /^(\s*(?:- )?[^:]+: )(.*)$/.exec(text);
        if (!match) return lines;
        const [, head, value = ''] = match;
        const unquoted = /^"(.*)"$/.exec(value)?.[1];
        return put(lines, i, `${head}${unquoted ?? JSON.stringify(value)}`);
      },
  ),
);

/** A window of real seed lines (top-level start), mutated a few times. */
const mutatedSeed = fc
  .tuple(
    fc.constantFrom(...SEED_TEXTS),
    fc.nat(),
    fc.integer({ min: 1, max: 30 }),
    fc.array(mutation, { minLength: 1, maxLength: 4 }),
  )
  .map(([text, start, length, mutations]) => {
    const lines = matterOf(text).split('\n');
    const tops = lines.flatMap((line, i) => (/^[A-Za-z]/.test(line) ? [i] : []));
    const from = tops[start % tops.length] ?? 0;
    let window = lines.slice(from, from + length);
    for (const mutate of mutations) window = mutate(window);
    return `\n${window.join('\n')}`;
  });

/** Small documents built from scratch: odd keys, odd scalars, nesting, lists, indentation. */
const { document: builtDocument } = fc.letrec<{ document: string; block: string[] }>((tie) => ({
  block: fc
    .array(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc
            .tuple(fc.constantFrom(...ODD_KEYS), fc.constantFrom(...ODD_SCALARS))
            .map(([k, v]) => [`${k}: ${v}`]),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.constantFrom(...ODD_KEYS),
              fc.constantFrom('  ', ' ', '   ', ''),
              tie('block') as fc.Arbitrary<string[]>,
            )
            .map(([k, indent, inner]) => [`${k}:`, ...inner.map((l) => indent + l)]),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.constantFrom(...ODD_KEYS),
              fc.array(fc.constantFrom(...ODD_SCALARS), { maxLength: 3 }),
              fc.constantFrom('', '  '),
            )
            .map(([k, items, indent]) => [`${k}:`, ...items.map((v) => `${indent}- ${v}`)]),
        },
        { weight: 1, arbitrary: fc.constantFrom(...SEED_LINES).map((l) => [l]) },
      ),
      { minLength: 1, maxLength: 6 },
    )
    .map((chunks) => chunks.flat()),
  document: (tie('block') as fc.Arbitrary<string[]>).map((lines) => `\n${lines.join('\n')}`),
}));

describe('differential: the subset steps aside or says exactly what yaml says', () => {
  it('holds for 8,000 mutated real seeds and 4,000 built documents', () => {
    let fast = 0;
    const count = (matter: string) => {
      if (parseYamlSubset(matter) !== undefined) fast++;
      return agrees(matter);
    };
    fc.assert(fc.property(mutatedSeed, count), { numRuns: 8_000 });
    fc.assert(fc.property(builtDocument as fc.Arbitrary<string>, count), { numRuns: 4_000 });
    // The property says nothing if everything steps aside: a good share must take the fast path.
    expect(fast).toBeGreaterThan(2_000);
  }, 120_000);
});
