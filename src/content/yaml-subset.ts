/**
 * A parser for the small YAML subset seed files are written in: block mappings and sequences,
 * one-line plain, single- and double-quoted scalars, `[]`/`{}`, integers, booleans, null and
 * UTC timestamps (kept as text, as `yaml`'s core schema keeps them). Hand-written because it is
 * the load's hot path: the `yaml` library spends ~600 µs on a 2.5 KB seed and js-yaml ~60 µs,
 * more than the whole per-file budget of the 20,000 files/s goal. It never guesses: on anything
 * outside the subset (anchors, tags, block scalars, multi-line or escaped-unusually strings,
 * numbers in other spellings, duplicate or dangerous keys, deep nesting, any whitespace but space
 * and newline) it returns undefined and `yaml` parses the file, so a seed means the same on both
 * paths (tests/content/yaml-subset.test.ts proves it with a differential property test).
 */

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)/;
const SIMPLE_INT = /^(?:0|-?[1-9][0-9]{0,14})$/;
const UTC_TIMESTAMP = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z$/;
/** Characters that give a plain scalar another meaning at its start (or make it a number). */
const SPECIAL_START = /^[-?:,[\]{}#&*!|>'"%@`<=~+.0-9]/;
/** Dangerous keys (the full parser rejects them) and keys YAML reads as something else. */
const UNUSUAL_KEYS = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'Null',
  'NULL',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
]);
/** Deeper than this, the full parser (and its nesting limit) takes over. */
const MAX_DEPTH = 8;

interface Line {
  indent: number;
  content: string;
}

/** Thrown to leave the subset; caught once at the top. */
const OUTSIDE = Symbol('outside the subset');

/**
 * Whitespace `trim()` removes but YAML does not treat as such (tab, CR, \v, \f, NBSP, U+2000 to
 * U+200A, U+2028, U+3000, BOM ...): any of it and the subset steps aside, so it never trims
 * or indents by a character `yaml` reads as text or refuses.
 */
const NOT_YAML_SPACE = /[^\S \n]/;

export function parseYamlSubset(source: string): Record<string, unknown> | undefined {
  if (NOT_YAML_SPACE.test(source)) return undefined;
  const lines: Line[] = [];
  for (const raw of source.split('\n')) {
    const content = raw.trim();
    if (content === '' || content.startsWith('#')) continue;
    lines.push({ indent: raw.length - raw.trimStart().length, content: content });
  }
  if (lines.length === 0 || lines[0]?.indent !== 0) return undefined;
  try {
    const cursor = { at: 0 };
    const value = parseMap(lines, cursor, 0, 0);
    return cursor.at === lines.length ? value : undefined;
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
}

function parseMap(lines: Line[], cursor: { at: number }, indent: number, depth: number) {
  if (depth > MAX_DEPTH) throw OUTSIDE;
  const map: Record<string, unknown> = {};
  while (cursor.at < lines.length) {
    const line = lines[cursor.at] as Line;
    if (line.indent < indent) break;
    if (line.indent > indent) throw OUTSIDE;
    const match = KEY.exec(line.content);
    if (!match) throw OUTSIDE;
    const key = match[1] as string;
    if (UNUSUAL_KEYS.has(key) || Object.hasOwn(map, key)) throw OUTSIDE;
    const rest = line.content.slice(match[0].length);
    cursor.at++;
    if (rest !== '') {
      map[key] = scalar(rest);
      continue;
    }
    const next = lines[cursor.at];
    if (next && next.indent > indent) {
      map[key] = next.content.startsWith('-')
        ? parseSeq(lines, cursor, next.indent, depth + 1)
        : parseMap(lines, cursor, next.indent, depth + 1);
    } else if (next && next.indent === indent && next.content.startsWith('- ')) {
      map[key] = parseSeq(lines, cursor, indent, depth + 1);
    } else {
      map[key] = null;
    }
  }
  return map;
}

function parseSeq(lines: Line[], cursor: { at: number }, indent: number, depth: number) {
  if (depth > MAX_DEPTH) throw OUTSIDE;
  const seq: unknown[] = [];
  while (cursor.at < lines.length) {
    const line = lines[cursor.at] as Line;
    if (line.indent < indent || (line.indent === indent && !line.content.startsWith('-'))) break;
    if (line.indent > indent || !line.content.startsWith('- ')) throw OUTSIDE;
    const rest = line.content.slice(2).trimStart();
    if (KEY.test(rest)) {
      // `- key: value` opens a mapping whose keys line up with `key`.
      const itemIndent = indent + (line.content.length - rest.length);
      lines[cursor.at] = { indent: itemIndent, content: rest };
      seq.push(parseMap(lines, cursor, itemIndent, depth + 1));
    } else {
      seq.push(scalar(rest));
      cursor.at++;
    }
  }
  return seq;
}

function scalar(text: string): unknown {
  const first = text.charCodeAt(0);
  if (first === 0x22) return doubleQuoted(text);
  if (first === 0x27) return singleQuoted(text);
  if (text === '[]') return [];
  if (text === '{}') return {};
  if (SIMPLE_INT.test(text)) return Number(text);
  // The core schema has no timestamp type: a time is a string (validated later, as quoted ones).
  if (UTC_TIMESTAMP.test(text)) return text;
  if (
    SPECIAL_START.test(text) ||
    text.includes(': ') ||
    text.includes(' #') ||
    text.endsWith(':')
  ) {
    throw OUTSIDE;
  }
  switch (text) {
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  return text;
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '0': '\0',
};

function doubleQuoted(text: string): string {
  let out = '';
  let from = 1;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      if (i !== text.length - 1) throw OUTSIDE;
      return out + text.slice(from, i);
    }
    if (c !== 0x5c) continue;
    out += text.slice(from, i);
    const escaped = text[i + 1] ?? '';
    if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (Object.hasOwn(ESCAPES, escaped)) {
      out += ESCAPES[escaped];
      i += 1;
    } else {
      throw OUTSIDE;
    }
    from = i + 1;
  }
  throw OUTSIDE;
}

function singleQuoted(text: string): string {
  if (text.length < 2 || !text.endsWith("'")) throw OUTSIDE;
  const inner = text.slice(1, -1);
  if (inner.replaceAll("''", '').includes("'")) throw OUTSIDE;
  return inner.replaceAll("''", "'");
}
