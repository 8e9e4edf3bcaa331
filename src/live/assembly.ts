import type { ContentError, ContentWarning } from '../content/errors.ts';
import { assembleOutcomes } from '../content/load.ts';
import type { ArticleRecord } from '../content/records.ts';
import type { SeedFileOutcome } from '../content/seed-file.ts';
import type { CorpusStep } from '../corpus/corpus.ts';
import type { FileProblems } from '../corpus/problems.ts';
import type { CorpusView } from '../corpus/view.ts';

/** A file whose served outcome a reload changed: what it served before (undefined: it is new). */
export type ChangedFiles = ReadonlyMap<string, SeedFileOutcome | undefined>;

/** What the snapshot the step applies to says: who holds each key and sourceUrl, and problems. */
export interface AssemblyBase {
  readonly preview: CorpusView;
  readonly problems: CorpusStep['problems'];
}

interface MutableProblems {
  readonly file: string;
  readonly errors: ContentError[];
  readonly warnings: ContentWarning[];
}

function add(index: Map<string, Set<string>>, value: string, file: string): void {
  const files = index.get(value);
  if (files) files.add(file);
  else index.set(value, new Set([file]));
}

function drop(index: Map<string, Set<string>>, value: string, file: string): void {
  const files = index.get(value);
  files?.delete(file);
  if (files?.size === 0) index.delete(value);
}

/**
 * Turns changed files into the step from one snapshot to the next, deciding duplicate keys and
 * sourceUrls exactly as a load from scratch does (first file by name wins) while looking only at
 * the files that could be affected: those sharing a key or sourceUrl with a changed file, and
 * transitively those sharing one with them. Files rejected as duplicates are indexed here (they
 * are few); accepted ones are found through the snapshot's own lookups.
 */
export class Assembly {
  /** Files whose article lost a key or sourceUrl to an earlier file, and what they claim. */
  readonly #rejected = new Map<string, ArticleRecord>();
  readonly #rejectedByKey = new Map<string, Set<string>>();
  readonly #rejectedByUrl = new Map<string, Set<string>>();

  /** `served`: every file's outcome, as the snapshot `base` was assembled from. */
  constructor(served: Iterable<SeedFileOutcome>, base: AssemblyBase) {
    for (const outcome of served) {
      const article = outcome.article;
      if (article && base.preview.byKey.get(article.key) !== article) {
        this.#reject(outcome.file, article);
      }
    }
  }

  /**
   * The step for `changed` files, whose entries in `servedOf` are already their new outcomes.
   * `files`: how many seed files there are now.
   */
  step(
    changed: ChangedFiles,
    servedOf: (file: string) => SeedFileOutcome | undefined,
    base: AssemblyBase,
    files: number,
  ): CorpusStep {
    const component = this.#affected(changed, servedOf, base.preview);
    const outcomes: SeedFileOutcome[] = [];
    for (const file of component) {
      const outcome = servedOf(file);
      if (outcome) outcomes.push(outcome);
    }
    const assembled = assembleOutcomes(outcomes);
    const accepted = new Set(assembled.articles);
    const added: ArticleRecord[] = [];
    const removed: ArticleRecord[] = [];
    for (const file of component) {
      const before = changed.has(file) ? changed.get(file)?.article : servedOf(file)?.article;
      const after = servedOf(file)?.article ?? null;
      const was = before && base.preview.byKey.get(before.key) === before ? before : null;
      const is = after && accepted.has(after) ? after : null;
      if (was !== is) {
        if (was) removed.push(was);
        if (is) added.push(is);
      }
      const rejected = this.#rejected.get(file);
      if (rejected) this.#unreject(file, rejected);
      if (after && !is) this.#reject(file, after);
    }
    const problems = new Map<string, FileProblems | null>();
    for (const file of component) problems.set(file, null);
    const entry = (file: string) => {
      let found = problems.get(file) as MutableProblems | null | undefined;
      if (!found) {
        found = { file, errors: [], warnings: [] };
        problems.set(file, found);
      }
      return found;
    };
    for (const error of assembled.errors) entry(error.file).errors.push(error);
    for (const warning of assembled.warnings) entry(warning.file).warnings.push(warning);
    return { added, removed, problems: base.problems.with(problems), files };
  }

  /** The changed files and every file that shares a key or sourceUrl with one, transitively. */
  #affected(
    changed: ChangedFiles,
    servedOf: (file: string) => SeedFileOutcome | undefined,
    preview: CorpusView,
  ): Set<string> {
    const component = new Set(changed.keys());
    const queue = [...component];
    const keys = new Set<string>();
    const urls = new Set<string>();
    const reach = (file: string | undefined) => {
      if (file !== undefined && !component.has(file)) {
        component.add(file);
        queue.push(file);
      }
    };
    const visit = (article: ArticleRecord | null | undefined) => {
      if (!article) return;
      if (!keys.has(article.key)) {
        keys.add(article.key);
        reach(preview.byKey.get(article.key)?.file);
        for (const file of this.#rejectedByKey.get(article.key) ?? []) reach(file);
      }
      if (!urls.has(article.sourceUrl)) {
        urls.add(article.sourceUrl);
        reach(preview.bySourceUrl.get(article.sourceUrl)?.file);
        for (const file of this.#rejectedByUrl.get(article.sourceUrl) ?? []) reach(file);
      }
    };
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      if (changed.has(file)) visit(changed.get(file)?.article);
      visit(servedOf(file)?.article);
    }
    return component;
  }

  #reject(file: string, article: ArticleRecord): void {
    this.#rejected.set(file, article);
    add(this.#rejectedByKey, article.key, file);
    add(this.#rejectedByUrl, article.sourceUrl, file);
  }

  #unreject(file: string, article: ArticleRecord): void {
    this.#rejected.delete(file);
    drop(this.#rejectedByKey, article.key, file);
    drop(this.#rejectedByUrl, article.sourceUrl, file);
  }
}
