import type { ContentError, ContentWarning } from '../content/errors.ts';
import { withChanges } from './sorted.ts';
import { compareStrings } from './view.ts';

/** One file's errors and warnings, as a load reports them. */
export interface FileProblems {
  readonly file: string;
  readonly errors: readonly ContentError[];
  readonly warnings: readonly ContentWarning[];
}

const byFile = (a: FileProblems, b: FileProblems): number => compareStrings(a.file, b.file);

/**
 * A snapshot's errors and warnings, held per file in file-name order (the order a load reports
 * them in): a swap replaces the entries of the files it read again, and the flat lists are made
 * on first read, so a change costs the number of files with problems at most, never the corpus.
 */
export class Problems {
  readonly #files: readonly FileProblems[];
  #errors: readonly ContentError[] | undefined;
  #warnings: readonly ContentWarning[] | undefined;

  private constructor(
    files: readonly FileProblems[],
    errors?: readonly ContentError[],
    warnings?: readonly ContentWarning[],
  ) {
    this.#files = files;
    this.#errors = errors;
    this.#warnings = warnings;
  }

  static readonly none = new Problems([], [], []);

  /** A load's lists as they are, grouped per file for later swaps. */
  static of(errors: readonly ContentError[], warnings: readonly ContentWarning[]): Problems {
    const byName = new Map<string, { errors: ContentError[]; warnings: ContentWarning[] }>();
    const entry = (file: string) => {
      let found = byName.get(file);
      if (!found) {
        found = { errors: [], warnings: [] };
        byName.set(file, found);
      }
      return found;
    };
    for (const error of errors) entry(error.file).errors.push(error);
    for (const warning of warnings) entry(warning.file).warnings.push(warning);
    const files = [...byName].map(([file, p]) => ({ file, ...p })).sort(byFile);
    return new Problems(files, errors, warnings);
  }

  /** The problems after the named files' entries changed (null or empty: the file has none). */
  with(changed: ReadonlyMap<string, FileProblems | null>): Problems {
    if (changed.size === 0) return this;
    const removed: FileProblems[] = [];
    const added: FileProblems[] = [];
    for (const [file, next] of changed) {
      const at = this.#find(file);
      if (at !== undefined) removed.push(at);
      if (next && (next.errors.length > 0 || next.warnings.length > 0)) added.push(next);
    }
    if (removed.length + added.length === 0) return this;
    return new Problems(withChanges(this.#files, removed, added, byFile));
  }

  /** The file's entry, if it has problems. */
  of(file: string): FileProblems | undefined {
    return this.#find(file);
  }

  get errors(): readonly ContentError[] {
    this.#errors ??= this.#files.flatMap((f) => f.errors);
    return this.#errors;
  }

  get warnings(): readonly ContentWarning[] {
    this.#warnings ??= this.#files.flatMap((f) => f.warnings);
    return this.#warnings;
  }

  #find(file: string): FileProblems | undefined {
    let low = 0;
    let high = this.#files.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareStrings((this.#files[middle] as FileProblems).file, file) < 0) low = middle + 1;
      else high = middle;
    }
    const found = this.#files[low];
    return found?.file === file ? found : undefined;
  }
}
