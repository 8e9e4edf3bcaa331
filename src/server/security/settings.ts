import { z } from 'zod';
import { settingSwitch } from '../../config/switch.ts';
import { CSRF_MODES } from './csrf.ts';

/** Defaults chosen so every realistic feed query passes; each is an environment variable. */
export const DEFAULT_MAX_DEPTH = 10;
export const DEFAULT_MAX_ALIASES = 30;
export const DEFAULT_MAX_TOKENS = 4_000;
export const DEFAULT_MAX_DIRECTIVES = 20;
export const DEFAULT_MAX_COST = 20_000;
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
export const DEFAULT_OPERATION_TIMEOUT_MS = 5_000;
export const DEFAULT_CACHE_CONTROL = 'public, max-age=60';
/**
 * Slow clients: a browser sends its headers in one packet and a GraphQL body in milliseconds, so
 * these only ever cut off connections that trickle bytes to hold a socket (slowloris).
 */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Open connections at once (a browser keeps about six per host; SSE subscribers hold one each). */
export const DEFAULT_MAX_CONNECTIONS = 4_096;

export const PRESETS = ['default', 'production'] as const;
export const PERSISTED_MODES = ['off', 'allow', 'only'] as const;
export type PersistedMode = (typeof PERSISTED_MODES)[number];

const limit = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const origins = z
  .string()
  .transform((list) =>
    list
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
  )
  .pipe(
    z.array(
      z
        .url()
        .refine((url) => URL.canParse(url) && new URL(url).origin === url, 'must be bare origins'),
    ),
  );

/**
 * The hardening part of the server configuration (merged into serverConfigSchema). Switches left
 * unset follow the preset: on by default, off under NEWSGRAPH_PRESET=production.
 */
export const securityConfigShape = {
  preset: z.enum(PRESETS).default('default'),
  maxDepth: limit(DEFAULT_MAX_DEPTH),
  maxAliases: limit(DEFAULT_MAX_ALIASES),
  maxTokens: limit(DEFAULT_MAX_TOKENS),
  maxDirectives: limit(DEFAULT_MAX_DIRECTIVES),
  maxCost: limit(DEFAULT_MAX_COST),
  maxBodyBytes: limit(DEFAULT_MAX_BODY_BYTES),
  operationTimeoutMs: limit(DEFAULT_OPERATION_TIMEOUT_MS),
  headersTimeoutMs: limit(DEFAULT_HEADERS_TIMEOUT_MS),
  requestTimeoutMs: limit(DEFAULT_REQUEST_TIMEOUT_MS),
  maxConnections: limit(DEFAULT_MAX_CONNECTIONS),
  introspection: settingSwitch.optional(),
  fieldSuggestions: settingSwitch.optional(),
  graphiql: settingSwitch.optional(),
  corsOrigins: z.union([z.array(z.string()), origins]).default([]),
  csrfPrevention: z.enum(CSRF_MODES).default('on'),
  persistedOperations: z.enum(PERSISTED_MODES).default('off'),
  persistedManifest: z.string().min(1).optional(),
  cacheControl: z.string().min(1).max(200).default(DEFAULT_CACHE_CONTROL),
};

/** Node refuses a header timeout longer than the whole request's; serverConfigSchema checks it. */
export function headersWithinRequestTimeout(config: {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}): boolean {
  return config.headersTimeoutMs <= config.requestTimeoutMs;
}
export const HEADERS_TIMEOUT_TOO_LONG = {
  message: 'must not be longer than NEWSGRAPH_REQUEST_TIMEOUT_MS',
  path: ['headersTimeoutMs'],
};

/** A check across settings; serverConfigSchema applies it too. */
export function manifestGivenWhenNeeded(config: {
  persistedOperations: PersistedMode;
  persistedManifest?: string | undefined;
}): boolean {
  return config.persistedOperations === 'off' || config.persistedManifest !== undefined;
}
export const MANIFEST_NEEDED = {
  message: 'required when NEWSGRAPH_PERSISTED_OPERATIONS is allow or only',
  path: ['persistedManifest'],
};

/**
 * A federation gateway writes its own `_entities` queries from its query plans; no client
 * manifest holds them, so `only` on a subgraph would refuse every entity fetch.
 */
export function trustedDocumentsFitFederation(config: {
  persistedOperations: PersistedMode;
  federation: boolean;
}): boolean {
  return !(config.federation && config.persistedOperations === 'only');
}
export const TRUSTED_DOCUMENTS_BEHIND_GATEWAY = {
  message:
    'cannot be only with NEWSGRAPH_FEDERATION: the gateway writes its own subgraph queries; enforce trusted documents at the gateway',
  path: ['persistedOperations'],
};

export const securityConfigSchema = z
  .object(securityConfigShape)
  .refine(manifestGivenWhenNeeded, MANIFEST_NEEDED)
  .refine(headersWithinRequestTimeout, HEADERS_TIMEOUT_TOO_LONG);

export type SecurityConfig = z.output<typeof securityConfigSchema>;
export type SecurityConfigInput = z.input<typeof securityConfigSchema>;

/** Environment variables of the security settings, for `--help` and the README. */
export const SECURITY_CONFIG_SOURCES = [
  {
    flag: undefined,
    env: 'NEWSGRAPH_PRESET',
    key: 'preset',
    help: 'default|production (production: no introspection, suggestions, GraphiQL)',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_MAX_DEPTH',
    key: 'maxDepth',
    help: 'deepest field nesting (fragments are not levels; 400 DEPTH_LIMIT_EXCEEDED)',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_MAX_ALIASES',
    key: 'maxAliases',
    help: `aliases per operation`,
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_MAX_TOKENS',
    key: 'maxTokens',
    help: `tokens per document`,
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_MAX_DIRECTIVES',
    key: 'maxDirectives',
    help: `directives per operation`,
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_MAX_COST',
    key: 'maxCost',
    help: `operation cost, lists weighted by page size`,
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_MAX_BODY_BYTES',
    key: 'maxBodyBytes',
    help: 'request body size in bytes (413 above it)',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_OPERATION_TIMEOUT_MS',
    key: 'operationTimeoutMs',
    help: 'execution time limit in milliseconds (503 OPERATION_TIMEOUT above it)',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_HEADERS_TIMEOUT_MS',
    key: 'headersTimeoutMs',
    help: 'milliseconds a connection has to send its request headers (408 and closed after)',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_REQUEST_TIMEOUT_MS',
    key: 'requestTimeoutMs',
    help: 'milliseconds a connection has to send its whole request, body included',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_MAX_CONNECTIONS',
    key: 'maxConnections',
    help: 'open connections at once (SSE subscribers hold one each); more are closed on arrival',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_INTROSPECTION',
    key: 'introspection',
    default: 'on (production preset: off)',
    help: 'allow schema introspection',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_FIELD_SUGGESTIONS',
    key: 'fieldSuggestions',
    default: 'on (production preset: off)',
    help: '"Did you mean" in errors',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_GRAPHIQL',
    key: 'graphiql',
    default: 'on (production preset: off)',
    help: 'serve GraphiQL to browsers',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_CORS_ORIGINS',
    key: 'corsOrigins',
    default: 'unset: same origin only',
    help: 'comma-separated origins (https://app.example,http://localhost:5173) whose pages may call the API; no credentials',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_CSRF_PREVENTION',
    key: 'csrfPrevention',
    help: 'on|strict|off: form/text POSTs (strict: GETs too) need a CSRF header',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_PERSISTED_OPERATIONS',
    key: 'persistedOperations',
    help: 'off|allow|only: trusted documents from the manifest',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_PERSISTED_MANIFEST',
    key: 'persistedManifest',
    help: 'JSON file of hash -> document (GraphQL Codegen persisted documents)',
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_CACHE_CONTROL',
    key: 'cacheControl',
    help: 'Cache-Control of successful GETs without Authorization (others: no-store); max-age never past the next embargo or expiry',
  },
] as const;

/** The switches with the preset applied: what the server actually does. */
export interface SecuritySettings extends SecurityConfig {
  readonly introspection: boolean;
  readonly fieldSuggestions: boolean;
  readonly graphiql: boolean;
}

/** Applies defaults and the preset; `input` may be a full ServerConfig or a partial one. */
export function securitySettings(input: SecurityConfigInput = {}): SecuritySettings {
  const config = securityConfigSchema.parse(pickSecurity(input));
  const open = config.preset !== 'production';
  return {
    ...config,
    introspection: config.introspection ?? open,
    fieldSuggestions: config.fieldSuggestions ?? open,
    graphiql: config.graphiql ?? open,
  };
}

function pickSecurity(input: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(securityConfigShape)) {
    if (input[key] !== undefined) picked[key] = input[key];
  }
  return picked;
}
