import type { Plugin } from 'graphql-yoga';
import type { ContentStore } from '../../corpus/store.ts';
import { useNewsgraphJit } from './jit.ts';
import { useNewsgraphResponseCache } from './response-cache.ts';
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
): Plugin[] {
  return [
    useSettledValidationErrors(),
    ...(config.jit === false ? [] : useNewsgraphJit()),
    ...(config.responseCache === false
      ? []
      : [useNewsgraphResponseCache(store, { maxBytes: config.responseCacheMaxBytes })]),
  ];
}
