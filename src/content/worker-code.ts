import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * How a seed worker thread starts without compiling TypeScript at start (a worker loading the
 * sources through tsx spent ~1.3 s of CPU on it, ~25% of a 10k-file load):
 * - where Node strips types itself (22.18+, 24), the worker imports the sources directly;
 * - on Node 20, the worker runs one JavaScript bundle of the same sources, built with esbuild
 *   once and kept in the cache folder, rebuilt when one of its inputs changes.
 * Either way the worker gets an empty execArgv, so a `--import tsx` of the parent never follows.
 */
export type WorkerCode =
  | { readonly kind: 'file'; readonly url: URL }
  | { readonly kind: 'eval'; readonly code: string };

const ENTRY_MODULE = new URL('./load-worker.mjs', import.meta.url);
const CONTENT_DIR = import.meta.dirname;
/** The bundle's entry: the same two lines load-worker.mjs runs on Node versions that strip types. */
const BUNDLE_ENTRY = `import { parentPort, workerData } from 'node:worker_threads';
import { serveCheckRequests } from './load-worker.ts';
serveCheckRequests(parentPort, workerData.root);`;

/** The entry's name in esbuild's list of inputs (it is no file). */
const STDIN_NAME = '<seed worker entry>';

export const stripsTypes = (): boolean =>
  Boolean((process.features as { typescript?: unknown }).typescript);

interface BundleManifest {
  readonly inputs: readonly string[];
  readonly hash: string;
}

let inProcess: Promise<WorkerCode> | undefined;

/** The worker's code; `cacheFolder` null builds the bundle in memory (once per process). */
export function seedWorkerCode(cacheFolder: string | null): Promise<WorkerCode> {
  if (stripsTypes()) return Promise.resolve({ kind: 'file', url: ENTRY_MODULE });
  if (cacheFolder === null) {
    inProcess ??= buildBundle().then(({ code }) => ({ kind: 'eval', code }));
    return inProcess;
  }
  return cachedBundle(cacheFolder);
}

async function hashInputs(inputs: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const input of inputs) {
    hash.update(input).update('\0');
    hash.update(await readFile(input)).update('\0');
  }
  return hash.digest('hex');
}

async function cachedBundle(folder: string): Promise<WorkerCode> {
  const manifestFile = path.join(folder, 'load-worker.json');
  const bundleFile = (hash: string) => path.join(folder, `load-worker-${hash.slice(0, 16)}.cjs`);
  try {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as BundleManifest;
    // Any input changed (or gone) gives another hash: the bundle is rebuilt, never trusted stale.
    if ((await hashInputs(manifest.inputs)) === manifest.hash) {
      const code = await readFile(bundleFile(manifest.hash), 'utf8');
      return { kind: 'eval', code };
    }
  } catch {
    // No bundle yet, or an unreadable one: build it.
  }
  const { code, inputs } = await buildBundle();
  const hash = await hashInputs(inputs);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temp = `${bundleFile(hash)}.${process.pid}.tmp`;
  await writeFile(temp, code, { mode: 0o600 });
  await rename(temp, bundleFile(hash));
  const manifestTemp = `${manifestFile}.${process.pid}.tmp`;
  await writeFile(manifestTemp, JSON.stringify({ inputs, hash } satisfies BundleManifest), {
    mode: 0o600,
  });
  await rename(manifestTemp, manifestFile);
  return { kind: 'eval', code };
}

async function buildBundle(): Promise<{ code: string; inputs: string[] }> {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: {
      contents: BUNDLE_ENTRY,
      resolveDir: CONTENT_DIR,
      loader: 'ts',
      sourcefile: STDIN_NAME,
    },
    bundle: true,
    platform: 'node',
    // CommonJS: the bundled CommonJS dependencies (gray-matter) call require(), and an eval'd
    // worker runs CommonJS.
    format: 'cjs',
    target: `node${process.versions.node}`,
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: CONTENT_DIR,
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error('esbuild wrote no worker bundle');
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => input !== STDIN_NAME)
    .map((input) => path.resolve(CONTENT_DIR, input))
    .sort();
  return { code, inputs };
}
