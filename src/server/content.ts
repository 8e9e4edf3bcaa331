import { type LiveContent, loadResultOf, openLiveContent } from '../live/live-content.ts';
import type { Logger } from '../observability/logger.ts';
import type { ServerConfig } from './config.ts';
import { loadCorpus } from './corpus-loader.ts';

export type LiveConfig = Pick<ServerConfig, 'seedsDir' | 'strict' | 'watch'> & {
  /** The load cache's base folder; absent or null: no persisted cache. */
  readonly cacheDir?: string | null | undefined;
  readonly watchQuietMs?: number | undefined;
  readonly watchMaxWaitMs?: number | undefined;
};

/**
 * The server's content: the first load goes through the usual checks and logs (missing folder,
 * strict mode), then the folder is watched when the config says so.
 */
export async function openServerContent(config: LiveConfig, logger: Logger): Promise<LiveContent> {
  let live: LiveContent | undefined;
  await loadCorpus(config.seedsDir, logger, config.strict, async (root) => {
    live = await openLiveContent({ root, logger, cacheDir: config.cacheDir ?? null });
    return loadResultOf(live.store.current);
  });
  if (!live) throw new Error('the seeds folder was not loaded');
  if (config.watch) {
    await live.watch({ quietMs: config.watchQuietMs, maxWaitMs: config.watchMaxWaitMs });
    logger.info({ seedsDir: live.reloader.root }, 'watching the seeds folder');
  }
  return live;
}
