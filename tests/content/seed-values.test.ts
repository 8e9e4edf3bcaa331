import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zonedDateTime } from '../../src/content/seed-schema.ts';
import { outcomeOf, withLine } from './helpers.ts';

const withPublished = (value: string) => withLine('published:', `published: ${value}`);
const withTime = (value: string) => withLine('publishedDateTime:', `publishedDateTime: ${value}`);

describe('published: the common YAML boolean spellings, or a loud error', () => {
  it.each([
    ['true', true],
    ['false', false],
    ['yes', true],
    ['no', false],
    ['on', true],
    ['off', false],
    ['y', true],
    ['n', false],
    ['No', false],
    ['OFF', false],
    ['Yes', true],
    ['N', false],
    ['"false"', false],
    ["'no'", false],
    ['"Off"', false],
    ['"true"', true],
  ])('published: %s means %s', (value, published) => {
    const outcome = outcomeOf(withPublished(value));
    expect(outcome.errors).toEqual([]);
    expect(outcome.article?.published).toBe(published);
  });

  it.each(['maybe', '0', '1', '"nope"', '[false]'])(
    'published: %s is rejected with an error that says how to unpublish',
    (value) => {
      const outcome = outcomeOf(withPublished(value));
      expect(outcome.article).toBeNull();
      expect(outcome.errors).toMatchObject([
        {
          path: 'published',
          code: 'INVALID_FIELD',
          message:
            'published must be true or false (yes/no and on/off work too); to unpublish write published: false',
        },
      ]);
    },
  );
});

describe('times: one rule, quoted or not', () => {
  it.each([
    ['2019-02-30T00:00:00Z', 'an impossible date'],
    ['2019-12-03T25:61:61Z', 'an impossible time'],
    ['2019-12-03T12:41:00', 'a time without a zone'],
    ['2019-12-03', 'a bare date'],
    ['2019-12-03 12:41:00Z', 'a space instead of T'],
    ['0099-01-01T00:00:00Z', 'a year before 1000'],
  ])('rejects %s (%s) both unquoted and quoted', (value) => {
    for (const spelling of [value, `"${value}"`]) {
      const outcome = outcomeOf(withTime(spelling));
      expect(outcome.article, spelling).toBeNull();
      expect(outcome.errors.map((e) => [e.path, e.code])).toEqual([
        ['publishedDateTime', 'INVALID_FIELD'],
      ]);
    }
  });

  it.each([
    ['2019-12-03T12:41:00Z', '2019-12-03T12:41:00.000Z'],
    ['2019-12-03T14:41:00+02:00', '2019-12-03T12:41:00.000Z'],
    ['2020-02-29T00:00:00.5Z', '2020-02-29T00:00:00.500Z'],
  ])('accepts %s both unquoted and quoted, as the same instant', (value, instant) => {
    for (const spelling of [value, `"${value}"`]) {
      const outcome = outcomeOf(withTime(spelling));
      expect(outcome.errors, spelling).toEqual([]);
      expect(outcome.article?.publishedDateTime.toISOString()).toBe(instant);
    }
  });

  it('gives the same verdict and instant for every time, quoted or not', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    const timeText = fc
      .tuple(
        fc.integer({ min: 0, max: 2100 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.constantFrom('Z', '+02:00', '-05:30', '', 'z', '+0200', '.123Z'),
      )
      .map(
        ([y, mo, d, h, mi, s, zone]) =>
          `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}${zone}`,
      );
    const verdict = (text: string) => {
      const outcome = outcomeOf(withTime(text));
      return outcome.article?.publishedDateTime.toISOString() ?? outcome.errors.map((e) => e.path);
    };
    fc.assert(
      fc.property(timeText, (value) => {
        expect(verdict(value)).toEqual(verdict(`"${value}"`));
        // And the one exported rule says the same as the whole pipeline.
        const direct = zonedDateTime('t').safeParse(value);
        expect(direct.success).toBe(typeof verdict(value) === 'string');
      }),
      { numRuns: 300 },
    );
  });
});
