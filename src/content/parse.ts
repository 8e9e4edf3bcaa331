import matter from 'gray-matter';
import {
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
} from 'yaml';
import { type ContentError, ContentErrorCode, formatFieldPath } from './errors.ts';

export const MAX_NESTING_DEPTH = 12;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const OPENING_FENCE = /^---[ \t]*\r?\n/;

export interface ParsedSeed {
  readonly data: Record<string, unknown>;
  /** 1-based line and column of the value at a field path, when it exists in the file. */
  readonly locate: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;
}

type Problem = Omit<ContentError, 'file'>;

class SeedParseError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

const refuseEngine = (name: string) => () => {
  throw new SeedParseError({
    code: ContentErrorCode.ForbiddenEngine,
    line: 1,
    column: 1,
    path: '',
    message: `front matter must be YAML; the "${name}" engine is not allowed`,
  });
};

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

/**
 * Front matter to a plain object, YAML only. gray-matter splits the file; every non-YAML
 * engine (including `---js`, which would evaluate code) throws; the YAML itself is parsed by
 * `yaml` (safe, positions kept) with aliases, deep nesting and prototype keys refused.
 */
export function parseSeed(text: string): ParsedSeed | Problem {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (source.trim() === '') {
    return { code: ContentErrorCode.EmptyFile, path: '', message: 'the file is empty' };
  }
  const fence = OPENING_FENCE.exec(source);
  if (!fence) {
    const language = /^---\s*([A-Za-z]+)/.exec(source)?.[1];
    return {
      code: language ? ContentErrorCode.ForbiddenEngine : ContentErrorCode.NoFrontMatter,
      line: 1,
      column: 1,
      path: '',
      message: language
        ? `front matter must be YAML; the "${language}" engine is not allowed`
        : 'the file has no front matter: it must start with a line "---"',
    };
  }

  let document: ReturnType<typeof parseDocument> | undefined;
  const lineCounter = new LineCounter();
  const yamlEngine = (frontMatter: string): object => {
    document = parseDocument(frontMatter, {
      lineCounter,
      prettyErrors: true,
      schema: 'core',
      customTags: ['timestamp'],
      uniqueKeys: true,
    });
    return {};
  };

  try {
    // Passing options also keeps gray-matter from caching every input forever.
    matter(source, {
      language: 'yaml',
      engines: {
        yaml: yamlEngine,
        js: refuseEngine('js'),
        javascript: refuseEngine('javascript'),
        json: refuseEngine('json'),
        coffee: refuseEngine('coffee'),
        toml: refuseEngine('toml'),
      },
    });
  } catch (error) {
    if (error instanceof SeedParseError) return error.problem;
    return {
      code: ContentErrorCode.YamlSyntax,
      line: 1,
      column: 1,
      path: '',
      message: `the front matter could not be read: ${(error as Error).message}`,
    };
  }
  if (!document) {
    return {
      code: ContentErrorCode.NoFrontMatter,
      line: 1,
      column: 1,
      path: '',
      message: 'the front matter is not closed by a line "---"',
    };
  }

  // Positions from `yaml` are relative to the front matter, which starts on line 2.
  const toFilePosition = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + 1, column: col };
  };

  const doc = document;
  const [firstError] = doc.errors;
  if (firstError) {
    const [line, column] = firstError.linePos?.[0]
      ? [firstError.linePos[0].line + 1, firstError.linePos[0].col]
      : [1, 1];
    return {
      code: ContentErrorCode.YamlSyntax,
      line,
      column,
      path: '',
      message: `YAML syntax error: ${firstError.message.split('\n')[0]}`,
    };
  }

  let structural: Problem | undefined;
  visit(doc, (key, node, path) => {
    const at = isNode(node) && node.range ? toFilePosition(node.range[0]) : { line: 1, column: 1 };
    if (isAlias(node) || (isNode(node) && node.anchor)) {
      structural = {
        code: ContentErrorCode.YamlAlias,
        ...at,
        path: fieldPathOf(path, key),
        message: 'YAML anchors and aliases (& and *) are not allowed in seed files',
      };
      return visit.BREAK;
    }
    if (isPair(node) && isScalar(node.key) && FORBIDDEN_KEYS.has(String(node.key.value))) {
      const keyAt = node.key.range ? toFilePosition(node.key.range[0]) : at;
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
        ...at,
        path: fieldPathOf(path, key),
        message: `values are nested more than ${MAX_NESTING_DEPTH} levels deep`,
      };
      return visit.BREAK;
    }
    return undefined;
  });
  if (structural) return structural;

  const data: unknown = doc.toJS({ maxAliasCount: 0 });
  if (data === null || data === undefined) {
    return {
      code: ContentErrorCode.NoFrontMatter,
      line: 1,
      column: 1,
      path: '',
      message: 'the front matter is empty',
    };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return {
      code: ContentErrorCode.InvalidField,
      line: 2,
      column: 1,
      path: '',
      message: 'the front matter must be a mapping of keys to values',
    };
  }

  return {
    data: data as Record<string, unknown>,
    locate: (fieldPath) => {
      const node = doc.getIn(fieldPath as unknown[], true);
      if (isNode(node) && node.range) return toFilePosition(node.range[0]);
      // A missing field: point at its parent, the closest place that exists.
      if (fieldPath.length > 0) {
        const parent = doc.getIn(fieldPath.slice(0, -1) as unknown[], true);
        if (isNode(parent) && parent.range) return toFilePosition(parent.range[0]);
      }
      return undefined;
    },
  };
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
