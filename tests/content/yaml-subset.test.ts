import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter, splitFrontMatter } from '../../src/content/parse.ts';
import { parseYamlSubset } from '../../src/content/yaml-subset.ts';
import { generateSeedFiles } from '../../src/seedgen/generate.ts';
import { SAMPLE } from './helpers.ts';

/** What the full `yaml` parser makes of some front matter, or its error code. */
function full(matter: string): unknown {
  const parsed = parseFrontMatter(matter);
  return 'data' in parsed ? parsed.data : parsed.code;
}

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

  it('reads the real sample exactly as the full parser does', () => {
    const split = splitFrontMatter(SAMPLE);
    if ('code' in split) throw new Error(split.message);
    expect(parseYamlSubset(split.matter)).toEqual(full(split.matter));
  });

  it.each([
    [
      'plain and quoted strings',
      "a: plain text, with: colons:inside\nb: \"esc \\\" \\\\ \\u00e9 \\n\"\nc: 'it''s'",
    ],
    [
      'scalars of every core type',
      'a: 12\nb: -7\nc: 0\nd: true\ne: False\nf: null\ng: ~\nh:\ni: yes',
    ],
    ['timestamps', 'a: 2019-12-03T12:41:00Z\nb: 2019-02-30T00:00:00Z\nc: "2019-12-03T12:41:00Z"'],
    [
      'compact and indented lists',
      'a:\n- x\n- y\nb:\n  - k: 1\n    l: [ ]\n  -   k: 2\nc: []\nd: {}',
    ],
    ['comments and blank lines', '# top\na: 1\n\n  # indented comment\nb:\n  c: 2 # trailing'],
    ['numbers in other spellings', 'a: 007\nb: 0x1F\nc: 1.5\nd: .inf\ne: +3\nf: 1e3\ng: -0'],
    ['anchors, tags and block scalars', 'a: &x 1\nb: *x\nc: !!str 3\nd: |\n  text\ne: >\n  folded'],
    ['multi-line and unusual strings', 'a: "one\n  two"\nb: plain\n  continued\nc: "\\x41"\nd: ""'],
    ['keys YAML reads differently', 'null: 1\ntrue: 2\n"quoted": 3\n? complex\n: 4'],
    ['duplicate and dangerous keys', 'a: 1\na: 2\n__proto__: 3\nconstructor: 4'],
    ['tabs and carriage returns', 'a:\t1\r\nb: 2'],
    [
      'nesting',
      `a:${Array.from({ length: 14 }, (_, i) => `\n${'  '.repeat(i + 1)}b:`).join('')} 1`,
    ],
  ])('agrees with the full parser or steps aside on %s', (_name, body) => {
    const matter = `\n${body}`;
    for (const line of body.split('\n')) {
      const data = parseYamlSubset(`\n${line}`);
      if (data !== undefined) expect(data, line).toEqual(full(`\n${line}`));
    }
    const data = parseYamlSubset(matter);
    if (data !== undefined) expect(data).toEqual(full(matter));
  });
});
