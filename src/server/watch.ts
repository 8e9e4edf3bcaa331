import { watch } from 'chokidar';
import type { ContentStore } from '../corpus/store.ts';
import { loadCorpus } from './corpus-loader.ts';
import type { Logger } from './logger.ts';

/** Edits usually come in bursts (save, rename, git checkout); reload once they settle. */
export const RELOAD_DEBOUNCE_MS = 250;

/** Reloads the seeds folder into the store on change; a failed reload keeps the last snapshot. */
export function watchSeeds(
  seedsDir: string,
  store: ContentStore,
  logger: Logger,
  strict: boolean,
): () => Promise<void> {
  const watcher = watch(seedsDir, { ignoreInitial: true });
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const reload = async () => {
    try {
      const next = store.replace(await loadCorpus(seedsDir, logger, strict));
      logger.info({ corpusVersion: next.version }, 'corpus reloaded');
    } catch (error) {
      logger.warn({ err: error }, 'reload failed; still serving the previous snapshot');
    }
  };
  watcher.on('all', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(reload);
    }, RELOAD_DEBOUNCE_MS);
  });
  return async () => {
    clearTimeout(timer);
    await watcher.close();
    await running;
  };
}
