import type { Plugin } from 'graphql-yoga';
import type { ContentStore } from '../../corpus/store.ts';
import { useCacheTagHeaders } from './cache-tags.ts';
import { type CompiledQueries, useNewsgraphJit } from './jit.ts';
import { type AnswerRecorder, ResponseCache, useNewsgraphResponseCache } from './response-cache.ts';
import type { PerformanceConfig } from './settings.ts';
import { useSettledValidationErrors } from './validation-errors.ts';

/**
 * The speed plugins, in the order they must run: they go after every plugin that hooks
 * execution (limits, cost, timeout, masking), because graphql-jit replaces the execute function
 * and the response cache wraps whatever execute function it finds.
 */
export function performancePlugins(
  config: Partial<PerformanceConfig>,
  store: ContentStore,
  /** The server's cache when it answers hits before Yoga too (src/server/perf/fast-path.ts). */
  given?: ResponseCache,
  recorder?: AnswerRecorder,
  /** Shared with the lean miss path (src/server/perf/lean-miss.ts). */
  compiled?: CompiledQueries,
): Plugin[] {
  const cache =
    config.responseCache === false
      ? undefined
      : (given ?? new ResponseCache(store, { maxBytes: config.responseCacheMaxBytes }));
  return [
    useSettledValidationErrors(),
    ...(config.jit === false ? [] : useNewsgraphJit(compiled)),
    cache ? useNewsgraphResponseCache(cache, recorder) : useCacheTagHeaders(),
  ];
}
