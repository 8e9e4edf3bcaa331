import matter from 'gray-matter';
import {
  type Document,
  type DocumentOptions,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Pair,
  type ParseOptions,
  parseDocument,
  type Scalar,
  type SchemaOptions,
  visit,
  type YAMLMap,
} from 'yaml';
import { type ContentError, ContentErrorCode, describeKey, formatFieldPath } from './errors.ts';
import { parseYamlSubset } from './yaml-subset.ts';

export const MAX_NESTING_DEPTH = 12;

/**
 * How `yaml` reads front matter, here and in the fast path's differential test. The core schema
 * without the timestamp tag keeps times as written (quoted or not, one rule checks them); no
 * uniqueKeys (its check is quadratic: ours is not); `logLevel: 'error'` so the library never
 * prints a process warning, which could quote a value: its warnings become content errors.
 */
export const YAML_OPTIONS = {
  prettyErrors: true,
  schema: 'core',
  uniqueKeys: false,
  logLevel: 'error',
} as const satisfies ParseOptions & DocumentOptions & SchemaOptions;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const OPENING_FENCE = /^---(?:yaml|yml)?[ \t]*\r?\n/;

export interface ParsedSeed {
  readonly data: Record<string, unknown>;
  /**
   * 1-based line and column of the value at a field path (of its key with `'key'`); for a
   * missing field, the closest place that exists.
   */
  readonly locate: (
    path: readonly PropertyKey[],
    target?: 'value' | 'key',
  ) => { line: number; column: number } | undefined;
}

type Problem = Omit<ContentError, 'file'>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes strictly: a file with non-UTF-8 bytes is rejected at the first bad byte. */
export function decodeUtf8(bytes: Uint8Array): string | Problem {
  try {
    return utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8Offset(bytes);
    const before = bytes.subarray(0, at);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < before.length; i++) {
      if (before[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    return {
      code: ContentErrorCode.NotUtf8,
      line,
      column: at - lineStart + 1,
      path: '',
      message: `the file is not valid UTF-8 (byte ${at} is malformed); save it as UTF-8`,
    };
  }
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  // Binary search over prefixes: a prefix that decodes cleanly ends before the bad byte.
  let good = 0;
  let bad = bytes.length;
  const partial = new TextDecoder('utf-8', { fatal: true });
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    try {
      partial.decode(bytes.subarray(0, mid), { stream: true });
      partial.decode();
      good = mid;
    } catch {
      bad = mid;
    }
  }
  return good;
}

/** Above this flow-bracket depth the text is refused before `yaml` sees it (it can run out of memory). */
const MAX_BRACKET_DEPTH = 64;
const CLOSING_FENCE = '\n---';

const at = (line: number, column: number) => ({ line, column });

/**
 * Front matter to a plain object, YAML only. The opening fence refuses every other language
 * (`---js` would evaluate code), gray-matter finds the closing fence; the YAML itself is parsed by
 * `yaml` (safe, positions kept) with aliases, deep nesting and prototype keys refused.
 */
export function parseSeed(text: string): ParsedSeed | Problem {
  const split = splitFrontMatter(text);
  if ('code' in split) return split;
  const data = parseYamlSubset(split.matter);
  if (!data) return parseFrontMatter(split.matter);
  let full: ParsedSeed | Problem | undefined;
  let keyLines: Map<string, number> | undefined;
  return {
    data,
    // Places are only needed for errors and warnings: the full parse runs then, and only then,
    // except for a top-level key (an unknown key's warning), found in one scan of the text.
    locate: (fieldPath, target) => {
      if (fieldPath.length === 1 && target === 'key') {
        keyLines ??= topLevelKeyLines(split.matter);
        const line = keyLines.get(String(fieldPath[0]));
        if (line !== undefined) return at(line, 1);
      }
      full ??= parseFrontMatter(split.matter);
      return 'locate' in full ? full.locate(fieldPath, target) : undefined;
    },
  };
}

/**
 * Lines of the top-level keys of front matter the subset accepted: there, every line that starts
 * with a key at column 1 is a top-level key (no multi-line values, no duplicates), so one scan
 * gives what the full parser would, without its cost on a file of thousands of keys.
 */
function topLevelKeyLines(matterText: string): Map<string, number> {
  const lines = new Map<string, number>();
  const rows = matterText.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const key = TOP_LEVEL_KEY.exec(rows[i] as string)?.[1];
    if (key !== undefined && !lines.has(key)) lines.set(key, i + 1);
  }
  return lines;
}
const TOP_LEVEL_KEY = /^([A-Za-z_][A-Za-z0-9_-]*):/;

/**
 * The raw front matter of a seed: the text between the fences, starting with the end of the
 * opening fence line, so that line N of it is line N of the file.
 */
export function splitFrontMatter(text: string): { matter: string } | Problem {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (source.trim() === '') {
    return { code: ContentErrorCode.EmptyFile, path: '', message: 'the file is empty' };
  }
  const fence = OPENING_FENCE.exec(source);
  if (!fence) {
    const language = /^---[ \t]*([A-Za-z]+)/.exec(source)?.[1];
    return {
      code: language ? ContentErrorCode.ForbiddenEngine : ContentErrorCode.NoFrontMatter,
      ...at(1, 1),
      path: '',
      message: language
        ? `front matter must be YAML; the "${language}" engine is not allowed`
        : 'the file has no front matter: it must start with a line "---"',
    };
  }
  if (source.indexOf(CLOSING_FENCE, fence[0].length - 1) === -1) {
    return {
      code: ContentErrorCode.UnclosedFrontMatter,
      ...at(1, 1),
      path: '',
      message: 'the front matter is not closed by a line "---"',
    };
  }

  // gray-matter only finds where the front matter ends. The opening fence above admits YAML
  // alone (`---`, `---yaml`, `---yml`) and refuses any other language, `---js` included, before
  // gray-matter runs: none of its engines (its JavaScript one evaluates code) is ever reached,
  // and its YAML engine is replaced by one that just keeps the raw text for our own parsers.
  let matterText: string | undefined;
  try {
    // Passing options also keeps gray-matter from caching every input forever.
    const file = matter(source, {
      language: 'yaml',
      engines: {
        yaml: (raw: string) => {
          matterText = raw;
          return {};
        },
      },
    });
    // gray-matter skips the engine when the block is blank or only comments.
    matterText ??= (file as { matter?: string }).matter;
  } catch {
    return {
      code: ContentErrorCode.YamlSyntax,
      ...at(1, 1),
      path: '',
      message: 'the front matter could not be split from the file',
    };
  }
  if (matterText === undefined) {
    return {
      code: ContentErrorCode.NoFrontMatter,
      ...at(1, 1),
      path: '',
      message: 'the file has no front matter: it must start with a line "---"',
    };
  }
  return { matter: matterText };
}

/** Where flow brackets first nest deeper than MAX_BRACKET_DEPTH, if they do. */
function bracketBomb(matterText: string): { line: number; column: number } | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < matterText.length; i++) {
    const c = matterText.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_BRACKET_DEPTH) return at(line, i - lineStart + 1);
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return undefined;
}

/** Parses raw front matter (see splitFrontMatter) with `yaml`, keeping every position. */
export function parseFrontMatter(matterText: string): ParsedSeed | Problem {
  const bomb = bracketBomb(matterText);
  if (bomb) {
    return {
      code: ContentErrorCode.NestingTooDeep,
      ...bomb,
      path: '',
      message: `values are nested more than ${MAX_NESTING_DEPTH} levels deep`,
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(matterText, { ...YAML_OPTIONS, lineCounter });
  const toFilePosition = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return at(line, col);
  };

  // Warnings too: an unresolved tag or an unknown directive changes what a value means.
  const [firstError] = [...doc.errors, ...doc.warnings];
  if (firstError) {
    const place = firstError.linePos?.[0];
    return {
      code: ContentErrorCode.YamlSyntax,
      ...(place ? at(place.line, place.col) : at(1, 1)),
      path: '',
      message: `YAML syntax error: ${yamlMessage(firstError.code, firstError.message)}`,
    };
  }

  let structural: Problem | undefined;
  visit(doc, (key, node, path) => {
    const here = isNode(node) && node.range ? toFilePosition(node.range[0]) : at(1, 1);
    if (isAlias(node) || (isNode(node) && node.anchor)) {
      structural = {
        code: ContentErrorCode.YamlAlias,
        ...here,
        path: fieldPathOf(path, key),
        message: 'YAML anchors and aliases (& and *) are not allowed in seed files',
      };
      return visit.BREAK;
    }
    if (isPair(node) && node.key !== null && !isScalar(node.key)) {
      // `yaml` would turn it into a string key and warn with its text, which may be a value.
      const keyAt = isNode(node.key) && node.key.range ? toFilePosition(node.key.range[0]) : here;
      structural = {
        code: ContentErrorCode.InvalidKey,
        ...keyAt,
        path: fieldPathOf(path, key),
        message: 'a key must be plain text, not a list or a mapping (is a value in {{ }}?)',
      };
      return visit.BREAK;
    }
    if (isMap(node)) {
      const duplicate = firstDuplicateKey(node);
      if (duplicate) {
        structural = {
          code: ContentErrorCode.DuplicateField,
          ...(duplicate.range ? toFilePosition(duplicate.range[0]) : here),
          path: '',
          message: `${describeKey(String(duplicate.value))} appears twice in the same mapping; keep one`,
        };
        return visit.BREAK;
      }
    }
    if (isPair(node) && isScalar(node.key) && FORBIDDEN_KEYS.has(String(node.key.value))) {
      const keyAt = node.key.range ? toFilePosition(node.key.range[0]) : here;
      structural = {
        code: ContentErrorCode.ForbiddenKey,
        ...keyAt,
        path: fieldPathOf([...path, node], 'key'),
        message: `the key "${String(node.key.value)}" is not allowed`,
      };
      return visit.BREAK;
    }
    if ((isMap(node) || isSeq(node)) && collectionDepth(path) >= MAX_NESTING_DEPTH) {
      structural = {
        code: ContentErrorCode.NestingTooDeep,
        ...here,
        path: fieldPathOf(path, key),
        message: `values are nested more than ${MAX_NESTING_DEPTH} levels deep`,
      };
      return visit.BREAK;
    }
    return undefined;
  });
  if (structural) return structural;

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch {
    return {
      code: ContentErrorCode.YamlSyntax,
      ...at(1, 1),
      path: '',
      message: 'YAML syntax error: the front matter could not be read as data',
    };
  }
  if (data === null || data === undefined) {
    return {
      code: ContentErrorCode.NoFrontMatter,
      ...at(1, 1),
      path: '',
      message: 'the front matter is empty',
    };
  }
  if (typeof data !== 'object' || Array.isArray(data) || data instanceof Date) {
    const contentsAt = doc.contents?.range ? toFilePosition(doc.contents.range[0]) : at(2, 1);
    return {
      code: ContentErrorCode.InvalidField,
      ...contentsAt,
      path: '',
      message: 'the front matter must be a mapping of keys to values',
    };
  }

  return {
    data: data as Record<string, unknown>,
    locate: (fieldPath, target) => locateIn(doc, fieldPath, toFilePosition, target),
  };
}

/**
 * yaml's messages can quote the source (a tag, an alias, a directive, a plain scalar), which may
 * be a `secured` value: each code gets our own sentence, and only the content-free "Missing ..."
 * messages are passed through.
 */
const YAML_ERROR_MESSAGES: Record<string, string> = {
  BAD_ALIAS: 'an alias (*) that refers to nothing',
  BAD_DIRECTIVE: 'a % directive seed files do not use',
  BAD_DQ_ESCAPE: 'an invalid escape sequence in a double-quoted string',
  BAD_INDENT: 'the indentation does not line up',
  BAD_PROP_ORDER: 'anchors and tags in the wrong order',
  BAD_SCALAR_START: 'a plain value cannot start with this character; quote the value',
  BLOCK_AS_IMPLICIT_KEY: 'a block value cannot be a key',
  BLOCK_IN_FLOW: 'a block value cannot sit inside [ ] or { }',
  BAD_COLLECTION_TYPE: 'a tag that does not fit its value',
  KEY_OVER_1024_CHARS: 'a key longer than 1024 characters',
  MISSING_CHAR: 'a character is missing here',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line (is a ":" missing, or a quote not closed?)',
  MULTIPLE_ANCHORS: 'more than one anchor on a value',
  MULTIPLE_DOCS: 'more than one YAML document (a second "---"?)',
  MULTIPLE_TAGS: 'more than one tag on a value',
  NON_STRING_KEY: 'a key that is not text',
  TAB_AS_INDENT: 'tabs cannot indent YAML; use spaces',
  TAG_RESOLVE_FAILED: 'YAML tags (!name) are not allowed in seed files',
  UNEXPECTED_TOKEN: 'unexpected text here',
};
const SAFE_MISSING =
  /^Missing (?:closing ["']quote|, between flow (?:map|sequence) items|, or : between flow (?:map|sequence) items|space after : in flow (?:map|sequence))$/;

function yamlMessage(code: string, message: string): string {
  const first = (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'MISSING_CHAR' && SAFE_MISSING.test(first)) return first;
  return YAML_ERROR_MESSAGES[code] ?? `the YAML cannot be parsed (${code})`;
}

/** The second occurrence of a key in a mapping, in one pass (yaml's own check is quadratic). */
function firstDuplicateKey(map: YAMLMap): Scalar | undefined {
  const seen = new Set<string>();
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    if (seen.has(name)) return pair.key;
    seen.add(name);
  }
  return undefined;
}

/**
 * The place of a field path. A field that is present: its value. A missing one: the key of the
 * mapping that lacks it (`provider:`), the list item that lacks it (`- title:`), or the opening
 * fence for a top-level field.
 */
function locateIn(
  doc: Document.Parsed,
  fieldPath: readonly PropertyKey[],
  toFilePosition: (offset: number) => { line: number; column: number },
  target: 'value' | 'key' = 'value',
): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (let depth = 0; depth < fieldPath.length; depth++) {
    const part = fieldPath[depth];
    let next: unknown;
    let nextKey: unknown;
    if (isMap(node)) {
      const pair = pairsByKey(node).get(String(part));
      next = pair?.value;
      nextKey = pair?.key;
    } else if (isSeq(node) && typeof part === 'number') {
      next = node.items[part];
    }
    if (next === undefined || next === null) {
      if (nextKey && isNode(nextKey) && nextKey.range) return toFilePosition(nextKey.range[0]);
      if (depth === 0) return at(1, 1);
      if (keyNode && isNode(keyNode) && keyNode.range) return toFilePosition(keyNode.range[0]);
      return isNode(node) && node.range ? toFilePosition(node.range[0]) : at(1, 1);
    }
    node = next;
    keyNode = nextKey;
  }
  if (target === 'key' && isNode(keyNode) && keyNode.range) return toFilePosition(keyNode.range[0]);
  return isNode(node) && node.range ? toFilePosition(node.range[0]) : undefined;
}

const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

/** A mapping's pairs by key, built once: locating every key of a large file stays linear. */
function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      if (!isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      if (!index.has(name)) index.set(name, pair);
    }
    pairIndexes.set(map, index);
  }
  return index;
}

type VisitPath = readonly unknown[];

function collectionDepth(path: VisitPath): number {
  let depth = 0;
  for (const node of path) if (isMap(node) || isSeq(node)) depth++;
  return depth;
}

/** Rebuilds `related[0].images` from the ancestors `visit` hands over. */
function fieldPathOf(path: VisitPath, key: unknown): string {
  const parts: PropertyKey[] = [];
  for (let i = 0; i < path.length; i++) {
    const node = path[i];
    if (isPair(node) && isScalar(node.key)) parts.push(String(node.key.value));
    if (isSeq(node)) {
      const child = path[i + 1];
      const index = child === undefined ? Number(key) : node.items.indexOf(child as never);
      if (index >= 0) parts.push(index);
    }
  }
  return formatFieldPath(parts);
}
