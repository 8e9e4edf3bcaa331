import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import type { Logger } from '../../observability/logger.ts';
import { type UntilNextTransition, useCacheControl } from '../http/cache-control.ts';
import { useRequestIds } from '../http/request-id.ts';
import { corsOptions, useExplainedPreflightRefusals } from './cors.ts';
import { useCostLimit } from './cost.ts';
import { useCsrfPrevention } from './csrf.ts';
import { useNoIntrospection, useOperationLimits } from './limits.ts';
import { useErrorMasking } from './masking.ts';
import { type PersistedManifest, useTrustedDocuments } from './persisted.ts';
import type { SecuritySettings } from './settings.ts';
import { useOperationTimeout } from './timeout.ts';

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
    useRequestIds() as Plugin,
    useExplainedPreflightRefusals(settings.corsOrigins),
    settings.csrfPrevention !== 'off' && useCsrfPrevention(settings.csrfPrevention),
    settings.persistedOperations !== 'off' &&
      useTrustedDocuments(settings.persistedOperations, manifest ?? new Map()),
    useOperationLimits(settings),
    !settings.introspection && useNoIntrospection(),
    useCostLimit(settings.maxCost),
    useOperationTimeout(settings.operationTimeoutMs),
    useErrorMasking(logger),
    useCacheControl(settings.cacheControl, untilNextTransition),
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
