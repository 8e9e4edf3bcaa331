/** Why a seed file was rejected (errors) or flagged (warnings). Stable, documented codes. */
export const ContentErrorCode = {
  DuplicateField: 'DUPLICATE_FIELD',
  DuplicateKey: 'DUPLICATE_KEY',
  DuplicateSourceUrl: 'DUPLICATE_SOURCE_URL',
  EmptyFile: 'EMPTY_FILE',
  FileTooLarge: 'FILE_TOO_LARGE',
  ForbiddenEngine: 'FORBIDDEN_ENGINE',
  ForbiddenKey: 'FORBIDDEN_KEY',
  InvalidField: 'INVALID_FIELD',
  InvalidKey: 'INVALID_KEY',
  NestingTooDeep: 'NESTING_TOO_DEEP',
  NoFrontMatter: 'NO_FRONT_MATTER',
  NotAFile: 'NOT_A_FILE',
  NotUtf8: 'NOT_UTF8',
  OutsideFolder: 'OUTSIDE_FOLDER',
  ReadFailed: 'READ_FAILED',
  UnclosedFrontMatter: 'UNCLOSED_FRONT_MATTER',
  UnknownKey: 'UNKNOWN_KEY',
  YamlAlias: 'YAML_ALIAS',
  YamlSyntax: 'YAML_SYNTAX',
} as const;

export type ContentErrorCode = (typeof ContentErrorCode)[keyof typeof ContentErrorCode];

export interface ContentError {
  /** Path relative to the seeds folder. */
  readonly file: string;
  /** 1-based line and column in the file, when the problem has a place. */
  readonly line?: number;
  readonly column?: number;
  /** Field path inside the front matter, such as `related[0].sourceUrl`; empty for the file. */
  readonly path: string;
  readonly code: ContentErrorCode;
  /** A sentence a content author understands. Never contains the `secured` value. */
  readonly message: string;
}

export type ContentWarning = ContentError;

/** `file:line:col  path  message`, the format `newsgraph check` prints. */
export function formatContentError(error: ContentError): string {
  const file = escapeText(error.file);
  const place = error.line === undefined ? file : `${file}:${error.line}:${error.column ?? 1}`;
  return `${place}  ${escapeText(error.path) || '-'}  ${escapeText(error.message)} [${error.code}]`;
}

/** `['related', 0, 'sourceUrl']` → `related[0].sourceUrl`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Keys quoted in messages and paths: short plain names, as real (even misspelled) keys are. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,31}$/;

export const isPlainKey = (key: string): boolean => PLAIN_KEY.test(key);

/**
 * A key for a message: `"name"` for a plain name; anything else (a value written as a key, such
 * as `? <secured value>`, or text with control characters) is described, never quoted.
 */
export function describeKey(key: string): string {
  return isPlainKey(key)
    ? `the key "${key}"`
    : `a key of ${key.length} characters (not a plain name)`;
}

/**
 * Text from a file or a file name made safe for a terminal or a log line: control characters
 * (including escape sequences, line breaks and bidi overrides) are shown as `\u{..}` escapes.
 */
export function escapeText(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\\]/gu, (c) =>
    c === '\\' ? '\\\\' : `\\u{${c.codePointAt(0)?.toString(16)}}`,
  );
}
