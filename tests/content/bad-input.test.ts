import { describe, expect, it } from 'vitest';
import { lineOf, outcomeOf, SAMPLE, SAMPLE_SECURED, withExtra, withLine } from './helpers.ts';

const file = 'bad.txt';
const rejectedWith = (text: string | Uint8Array) => {
  const outcome = outcomeOf(text, file);
  expect(outcome.article).toBeNull();
  return outcome.errors;
};

describe('front matter in a language other than YAML is refused at the opening fence', () => {
  it('refuses ---js without evaluating its code', () => {
    const payload = "---js\n({ title: (globalThis.__newsgraphJs = 'executed') })\n---\n";
    expect(rejectedWith(payload)).toEqual([
      {
        file,
        line: 1,
        column: 1,
        path: '',
        code: 'FORBIDDEN_ENGINE',
        message: 'front matter must be YAML; the "js" engine is not allowed',
      },
    ]);
    expect('__newsgraphJs' in globalThis).toBe(false);
  });

  it('refuses ---javascript without evaluating its code', () => {
    const payload = '---javascript\n({ title: (globalThis.__newsgraphJavascript = 1) })\n---\n';
    expect(rejectedWith(payload)).toEqual([
      {
        file,
        line: 1,
        column: 1,
        path: '',
        code: 'FORBIDDEN_ENGINE',
        message: 'front matter must be YAML; the "javascript" engine is not allowed',
      },
    ]);
    expect('__newsgraphJavascript' in globalThis).toBe(false);
  });

  it.each(['coffee', 'toml', 'json'])('refuses the %s engine', (engine) => {
    expect(rejectedWith(`---${engine}\ntitle = "x"\n---\n`)).toEqual([
      {
        file,
        line: 1,
        column: 1,
        path: '',
        code: 'FORBIDDEN_ENGINE',
        message: `front matter must be YAML; the "${engine}" engine is not allowed`,
      },
    ]);
  });

  it('accepts an explicit ---yaml fence', () => {
    expect(outcomeOf(SAMPLE.replace(/^---\n/, '---yaml\n')).article?.title).toBe(
      'Deep learning identifies molecular patterns of cancer',
    );
  });
});

describe('hostile YAML is refused with a clear error', () => {
  it('refuses anchors and aliases (billion laughs)', () => {
    const text = withExtra(
      'lol1: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'lol2: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'lol3: [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    );
    expect(rejectedWith(text)).toEqual([
      {
        file,
        line: lineOf('lol1:', text),
        column: 10,
        path: 'lol1',
        code: 'YAML_ALIAS',
        message: 'YAML anchors and aliases (& and *) are not allowed in seed files',
      },
    ]);
  });

  it('refuses values nested deeper than the limit', () => {
    const text = withExtra(`nested: ${'['.repeat(13)}1${']'.repeat(13)}`);
    expect(rejectedWith(text)).toEqual([
      {
        file,
        line: lineOf('nested:', text),
        column: 20,
        path: 'nested[0][0][0][0][0][0][0][0][0][0][0]',
        code: 'NESTING_TOO_DEEP',
        message: 'values are nested more than 12 levels deep',
      },
    ]);
  });

  it('refuses a 100,000-bracket bomb before the YAML parser sees it', () => {
    const text = withExtra(`nested: ${'['.repeat(100_000)}`);
    expect(rejectedWith(text)).toEqual([
      {
        file,
        line: lineOf('nested:', text),
        column: 8 + 65,
        path: '',
        code: 'NESTING_TOO_DEEP',
        message: 'values are nested more than 12 levels deep',
      },
    ]);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses a top-level %s key and leaves Object.prototype alone',
    (key) => {
      const text = withExtra(`${key}:`, '  polluted: true');
      expect(rejectedWith(text)).toEqual([
        {
          file,
          line: lineOf(`${key}:`, text),
          column: 1,
          path: key,
          code: 'FORBIDDEN_KEY',
          message: `the key "${key}" is not allowed`,
        },
      ]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('refuses a nested __proto__ key', () => {
    const text = SAMPLE.replace(
      '  domain: medicalxpress.com',
      '  domain: medicalxpress.com\n  __proto__: { polluted: true }',
    );
    expect(rejectedWith(text)).toEqual([
      {
        file,
        line: lineOf('  __proto__:', text),
        column: 3,
        path: 'provider.__proto__',
        code: 'FORBIDDEN_KEY',
        message: 'the key "__proto__" is not allowed',
      },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('files that are not seed files', () => {
  it('rejects non-UTF-8 bytes at the first bad byte', () => {
    const at = SAMPLE.indexOf('Deep learning');
    const bytes = Buffer.concat([
      Buffer.from(SAMPLE.slice(0, at)),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(SAMPLE.slice(at)),
    ]);
    expect(rejectedWith(bytes)).toEqual([
      {
        file,
        line: 3,
        column: 9,
        path: '',
        code: 'NOT_UTF8',
        message: `the file is not valid UTF-8 (byte ${at} is malformed); save it as UTF-8`,
      },
    ]);
  });

  it.each([
    ['an empty file', ''],
    ['a blank file', ' \n\n'],
  ])('rejects %s', (_name, text) => {
    expect(rejectedWith(text)).toEqual([
      { file, path: '', code: 'EMPTY_FILE', message: 'the file is empty' },
    ]);
  });

  it('rejects a file without front matter', () => {
    expect(rejectedWith('title: "no fences"\n')).toEqual([
      {
        file,
        line: 1,
        column: 1,
        path: '',
        code: 'NO_FRONT_MATTER',
        message: 'the file has no front matter: it must start with a line "---"',
      },
    ]);
  });

  it('rejects front matter that is never closed', () => {
    expect(rejectedWith('---\ntitle: "open"\n')).toEqual([
      {
        file,
        line: 1,
        column: 1,
        path: '',
        code: 'UNCLOSED_FRONT_MATTER',
        message: 'the front matter is not closed by a line "---"',
      },
    ]);
  });

  it.each([
    ['empty', '---\n---\n'],
    ['only a comment', '---\n# nothing yet\n---\n'],
  ])('rejects front matter that is %s', (_name, text) => {
    expect(rejectedWith(text)).toEqual([
      {
        file,
        line: 1,
        column: 1,
        path: '',
        code: 'NO_FRONT_MATTER',
        message: 'the front matter is empty',
      },
    ]);
  });

  it('rejects front matter that is a list instead of a mapping', () => {
    expect(rejectedWith('---\n- a\n- b\n---\n')).toEqual([
      {
        file,
        line: 2,
        column: 1,
        path: '',
        code: 'INVALID_FIELD',
        message: 'the front matter must be a mapping of keys to values',
      },
    ]);
  });

  it('reports a YAML syntax error where it is', () => {
    const text = withLine('title:', 'title: "Deep learning');
    expect(rejectedWith(text)).toEqual([
      {
        file,
        line: 3,
        column: 22,
        path: '',
        code: 'YAML_SYNTAX',
        message: 'YAML syntax error: Missing closing "quote',
      },
    ]);
  });

  it('rejects a key given twice, naming it', () => {
    const text = withExtra('title: "again"');
    expect(rejectedWith(text)).toEqual([
      {
        file,
        line: lineOf('title: "again"', text),
        column: 1,
        path: '',
        code: 'DUPLICATE_FIELD',
        message: 'the key "title" appears twice in the same mapping; keep one',
      },
    ]);
  });
});

describe('invalid fields are placed at their line and named by their path', () => {
  const invalid = (path: string, line: number, column: number, message: string) => ({
    file,
    line,
    column,
    path,
    code: 'INVALID_FIELD',
    message,
  });

  it('points a missing top-level field at the opening fence', () => {
    expect(rejectedWith(withLine('title:', ''))).toEqual([
      invalid('title', 1, 1, 'title is required'),
    ]);
  });

  it('points a missing nested field at the key of the mapping that lacks it', () => {
    expect(rejectedWith(withLine('  domain:', ''))).toEqual([
      invalid('provider.domain', lineOf('provider:'), 1, 'provider.domain is required'),
    ]);
  });

  it('points a missing field of a list item at that item', () => {
    expect(rejectedWith(withLine('    sourceUrl:', ''))).toEqual([
      invalid(
        'related[0].sourceUrl',
        lineOf('related:') + 1,
        5,
        'related[0].sourceUrl is required',
      ),
    ]);
  });

  it.each([
    ['quality: high', 'quality', 10, 'quality must be a whole number from 0 to 100'],
    ['quality: 5.5', 'quality', 10, 'quality must be a whole number from 0 to 100'],
    ['quality: -1', 'quality', 10, 'quality must be at least 0'],
    ['heat: 101', 'heat', 7, 'heat must be at most 100'],
    [
      'published: "maybe"',
      'published',
      12,
      'published must be true or false (yes/no and on/off work too); to unpublish write published: false',
    ],
    ['topics: AI', 'topics', 9, 'topics must be a list'],
    ['type: [article]', 'type', 7, 'type must be text'],
    [
      'sourceUrl: medicalxpress.com/news/x',
      'sourceUrl',
      12,
      'sourceUrl must be an absolute http(s) URL',
    ],
    ['ampUrl: ftp://medicalxpress.com/x', 'ampUrl', 9, 'ampUrl must be an absolute http(s) URL'],
    [
      'publishedDateTime: "yesterday"',
      'publishedDateTime',
      20,
      'publishedDateTime must be a real ISO 8601 date-time with a time zone, such as 2019-12-03T12:41:00Z',
    ],
    [
      'publishedDateTime: "2019-12-03T12:41:00"',
      'publishedDateTime',
      20,
      'publishedDateTime must be a real ISO 8601 date-time with a time zone, such as 2019-12-03T12:41:00Z',
    ],
  ])('rejects `%s`', (line, path, column, message) => {
    const key = `${line.split(':')[0]}:`;
    expect(rejectedWith(withLine(key, line))).toEqual([
      invalid(path, lineOf(key), column, message),
    ]);
  });

  it('reports every invalid field of one file', () => {
    const text = withLine('heat:', 'heat: 101', withLine('quality:', 'quality: high'));
    expect(rejectedWith(text).map((e) => e.path)).toEqual(['quality', 'heat']);
  });

  it.each([
    ['secured: "c2VjcmV0;c2hvcnQ="', 'secured must be <base64 ciphertext>;<base64 16-byte IV>'],
    ['secured: 12', 'secured must be text of the form <base64>;<base64>'],
  ])('rejects `%s` without echoing the value', (line, message) => {
    const errors = rejectedWith(withLine('secured:', line));
    expect(errors).toEqual([invalid('secured', lineOf('secured:'), 10, message)]);
    expect(JSON.stringify(errors)).not.toContain('c2VjcmV0');
  });

  it('never puts a valid secured value into the errors of a rejected file', () => {
    const outcome = outcomeOf(withLine('heat:', 'heat: 101', withLine('title:', '')));
    expect(outcome.errors).toHaveLength(2);
    expect(JSON.stringify(outcome)).not.toContain(SAMPLE_SECURED.slice(0, 24));
  });
});

describe('unknown keys', () => {
  it('keeps the article and its unknown key, with a warning', () => {
    const text = withExtra('wordCount: 900');
    const outcome = outcomeOf(text);
    expect(outcome.errors).toEqual([]);
    expect(outcome.article?.extra).toEqual({ wordCount: 900 });
    expect(outcome.warnings).toEqual([
      {
        file,
        line: lineOf('wordCount:', text),
        column: 1,
        path: 'wordCount',
        code: 'UNKNOWN_KEY',
        message: 'unknown key "wordCount" is kept but not served',
      },
    ]);
  });
});
