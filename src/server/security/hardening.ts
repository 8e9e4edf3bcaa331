import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import type { Logger } from '../logger.ts';
import { cacheControl, type UntilNextTransition } from './cache-control.ts';
import { corsOptions, explainRefusedPreflights } from './cors.ts';
import { costLimit } from './cost.ts';
import { csrfPrevention } from './csrf.ts';
import { noIntrospection, operationLimits } from './limits.ts';
import { errorMasking } from './masking.ts';
import { type PersistedManifest, persistedOperations } from './persisted.ts';
import { requestIds } from './request-id.ts';
import type { SecuritySettings } from './settings.ts';
import { operationTimeout } from './timeout.ts';

type YogaOptions = YogaServerOptions<object, object>;

export interface Hardening {
  /** Spread into createYoga's options. */
  readonly yogaOptions: Pick<
    YogaOptions,
    'batching' | 'cors' | 'extraParamNames' | 'maxRequestBodySize' | 'multipart'
  >;
  /** In order: request id, refused preflights, CSRF, trusted documents, shape limits, cost, timeout, masking, caching. */
  readonly plugins: Plugin[];
}

/** Everything the public API needs to hold up, from the settings (see settings.ts). */
export function createHardening(
  settings: SecuritySettings,
  logger: Logger,
  /** Read by the caller (manifestOf), which also hands its operation names to metrics. */
  manifest: PersistedManifest | undefined,
  /** Bounds public cache lifetimes (cache-control.ts); by default content never changes alone. */
  untilNextTransition?: UntilNextTransition,
): Hardening {
  const plugins: (Plugin | false)[] = [
    requestIds() as Plugin,
    explainRefusedPreflights(settings.corsOrigins),
    settings.csrfPrevention !== 'off' && csrfPrevention(settings.csrfPrevention),
    settings.persistedOperations !== 'off' &&
      persistedOperations(settings.persistedOperations, manifest ?? new Map()),
    operationLimits(settings),
    !settings.introspection && noIntrospection(),
    costLimit(settings.maxCost),
    operationTimeout(settings.operationTimeoutMs),
    errorMasking(logger),
    cacheControl(settings.cacheControl, untilNextTransition),
  ];
  return {
    yogaOptions: {
      // One operation per request: a JSON array body is refused with 400.
      batching: false,
      cors: corsOptions(settings.corsOrigins),
      extraParamNames: settings.persistedOperations === 'off' ? [] : ['documentId'],
      maxRequestBodySize: settings.maxBodyBytes,
      // Nothing here takes uploads; one parser less to attack.
      multipart: false,
    },
    plugins: plugins.filter((plugin): plugin is Plugin => plugin !== false),
  };
}
