import type { z } from 'zod';
import {
  type ContentError,
  ContentErrorCode,
  type ContentWarning,
  formatFieldPath,
  isPlainKey,
} from './errors.ts';
import type { ParsedSeed } from './parse.ts';
import { KNOWN_SEED_KEYS, type Seed, seedSchema } from './seed-schema.ts';

/** Unknown keys listed one by one per file; the rest are counted in one more warning. */
export const MAX_KEY_WARNINGS = 20;

export type ValidationResult =
  | { readonly ok: true; readonly seed: Seed; readonly warnings: readonly ContentWarning[] }
  | { readonly ok: false; readonly errors: readonly ContentError[] };

/** Checks parsed front matter against the seed contract; every issue, placed in the file. */
export function validateSeed(file: string, parsed: ParsedSeed): ValidationResult {
  const result = seedSchema.safeParse(parsed.data);
  if (!result.success) {
    return {
      ok: false,
      errors: result.error.issues.map((issue) => toContentError(file, parsed, issue)),
    };
  }
  const warnings: ContentWarning[] = [];
  const unknown = Object.keys(parsed.data).filter((key) => !KNOWN_SEED_KEYS.has(key));
  for (const key of unknown.slice(0, MAX_KEY_WARNINGS)) {
    const plain = isPlainKey(key);
    warnings.push({
      file,
      ...parsed.locate([key], 'key'),
      path: plain ? key : '',
      code: ContentErrorCode.UnknownKey,
      message: plain
        ? `unknown key "${key}" is kept but not served`
        : `an unknown key of ${key.length} characters (not a plain name) is kept but not served`,
    });
  }
  if (unknown.length > MAX_KEY_WARNINGS) {
    const rest = unknown.length - MAX_KEY_WARNINGS;
    warnings.push({
      file,
      ...parsed.locate([unknown[MAX_KEY_WARNINGS] as string], 'key'),
      path: '',
      code: ContentErrorCode.UnknownKey,
      message: `${rest} more unknown key${rest === 1 ? '' : 's'} from here on (only the first ${MAX_KEY_WARNINGS} are listed)`,
    });
  }
  return { ok: true, seed: result.data, warnings };
}

function toContentError(file: string, parsed: ParsedSeed, issue: z.core.$ZodIssue): ContentError {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const field = formatFieldPath(path);
  const missing = valueAt(parsed.data, path) === undefined;
  return {
    file,
    ...parsed.locate(path),
    path: field,
    code: ContentErrorCode.InvalidField,
    message: missing ? `${field || 'a field'} is required` : issue.message,
  };
}

/** The parsed value at a field path; undefined when the file does not have it. */
function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let value = data;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    if (!Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value ?? undefined;
}
