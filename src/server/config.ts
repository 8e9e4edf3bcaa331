import { parseArgs } from 'node:util';
import { z } from 'zod';
import { settingSwitch } from '../config/switch.ts';
import {
  CONTENT_CONFIG_SOURCES,
  cacheDirProblem,
  contentConfigShape,
  resolveCacheDir,
} from '../content/settings.ts';
import { TRENDING_CONFIG_SOURCES, trendingConfigShape } from '../corpus/trending.ts';
import { LIVE_CONFIG_SOURCES, liveConfigShape } from '../live/config.ts';
import {
  METRICS_PORT_TAKEN,
  metricsPortDiffers,
  OBSERVABILITY_CONFIG_SOURCES,
  observabilityConfigShape,
} from '../observability/config.ts';
import { LOG_LEVELS } from '../observability/logger.ts';
import { SYNDICATION_CONFIG_SOURCES, syndicationConfigShape } from '../syndication/settings.ts';
import { PERFORMANCE_CONFIG_SOURCES, performanceConfigShape } from './perf/settings.ts';
import { PURGE_CONFIG_SOURCES, purgeConfigShape } from './purge/settings.ts';
import {
  HEADERS_TIMEOUT_TOO_LONG,
  headersWithinRequestTimeout,
  MANIFEST_NEEDED,
  manifestGivenWhenNeeded,
  SECURITY_CONFIG_SOURCES,
  securityConfigShape,
  TRUSTED_DOCUMENTS_BEHIND_GATEWAY,
  trustedDocumentsFitFederation,
} from './security/settings.ts';

export const DEFAULT_PORT = 4000;
export const DEFAULT_HOST = 'localhost';
export const DEFAULT_SEEDS_DIR = 'seeds';
/** Shorter preview tokens are guessable; refuse them at start. */
export const MIN_PREVIEW_TOKEN_LENGTH = 16;

/** Everything the server reads from flags and environment, validated once at start. */
export const serverConfigSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_PORT),
    host: z.string().min(1).default(DEFAULT_HOST),
    seedsDir: z.string().min(1).default(DEFAULT_SEEDS_DIR),
    previewToken: z
      .string()
      .min(MIN_PREVIEW_TOKEN_LENGTH, `must be at least ${MIN_PREVIEW_TOKEN_LENGTH} characters`)
      .optional(),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    strict: settingSwitch.default(false),
    watch: settingSwitch.default(false),
    federation: settingSwitch.default(false),
    ...liveConfigShape,
    ...contentConfigShape,
    ...observabilityConfigShape,
    ...performanceConfigShape,
    ...securityConfigShape,
    ...trendingConfigShape,
    ...syndicationConfigShape,
    ...purgeConfigShape,
  })
  .refine(manifestGivenWhenNeeded, MANIFEST_NEEDED)
  .refine(headersWithinRequestTimeout, HEADERS_TIMEOUT_TOO_LONG)
  .refine(trustedDocumentsFitFederation, TRUSTED_DOCUMENTS_BEHIND_GATEWAY)
  .refine(metricsPortDiffers, METRICS_PORT_TAKEN);

export type ServerConfig = z.output<typeof serverConfigSchema>;

/**
 * Flag, environment variable, config key, meaning and (where the schema's default does not say
 * it) the default: the one table behind `serve --help` and docs/configuration.md
 * (`npm run docs:config`). A test fails when a setting of serverConfigSchema is missing here.
 */
export interface SettingSource {
  readonly flag: string | undefined;
  readonly env: string;
  readonly key: string;
  /** What the setting does, with units and allowed values; one line. */
  readonly help: string;
  /** The default as a reader should see it, when it is computed or depends on another setting. */
  readonly default?: string;
}

/** The server's own settings (the other groups live with the code they configure). */
export const SERVER_CONFIG_SOURCES = [
  { flag: '--port', env: 'PORT', key: 'port', help: 'port to listen on (0: any free port)' },
  {
    flag: '--host',
    env: 'HOST',
    key: 'host',
    help: 'interface to bind (0.0.0.0 in containers)',
  },
  {
    flag: '--seeds',
    env: 'NEWSGRAPH_SEEDS_DIR',
    key: 'seedsDir',
    help: `seeds folder`,
  },
  {
    flag: undefined,
    env: 'NEWSGRAPH_PREVIEW_TOKEN',
    key: 'previewToken',
    help: `bearer token that shows drafts (>= ${MIN_PREVIEW_TOKEN_LENGTH} chars; env only)`,
  },
  {
    flag: '--log-level',
    env: 'NEWSGRAPH_LOG_LEVEL',
    key: 'logLevel',
    help: `${LOG_LEVELS.join('|')}`,
  },
  {
    flag: '--strict',
    env: 'NEWSGRAPH_STRICT',
    key: 'strict',
    help: 'refuse to start when any seed file has an error',
  },
  {
    flag: '--federation',
    env: 'NEWSGRAPH_FEDERATION',
    key: 'federation',
    help: 'serve as an Apollo Federation v2 subgraph (_service, _entities)',
  },
] as const satisfies readonly SettingSource[];

/** Every setting by topic, in the order `--help` and docs/configuration.md list them. */
export const CONFIG_GROUPS: readonly {
  readonly title: string;
  readonly sources: readonly SettingSource[];
}[] = [
  { title: 'Server', sources: SERVER_CONFIG_SOURCES },
  {
    title: 'Live content',
    sources: [
      {
        flag: '--watch',
        env: 'NEWSGRAPH_WATCH',
        key: 'watch',
        help: 'reload when seed files change',
      },
      ...LIVE_CONFIG_SOURCES,
      ...CONTENT_CONFIG_SOURCES,
    ],
  },
  { title: 'Security and limits', sources: SECURITY_CONFIG_SOURCES },
  { title: 'Performance', sources: PERFORMANCE_CONFIG_SOURCES },
  { title: 'Discovery', sources: TRENDING_CONFIG_SOURCES },
  { title: 'Operations', sources: OBSERVABILITY_CONFIG_SOURCES },
  { title: 'Feeds and sitemaps', sources: SYNDICATION_CONFIG_SOURCES },
  { title: 'Edge cache purges', sources: PURGE_CONFIG_SOURCES },
];

export const CONFIG_SOURCES: readonly SettingSource[] = CONFIG_GROUPS.flatMap(
  (group) => group.sources,
);

/** The default a reader sees: the source's own text, else the schema's default, else unset. */
export function settingDefault(source: SettingSource): string {
  if (source.default !== undefined) return source.default;
  const field = (serverConfigSchema.shape as Record<string, z.ZodType>)[source.key];
  const parsed = field ? z.object({ value: field }).safeParse({}) : undefined;
  const value = parsed?.success ? (parsed.data as { value: unknown }).value : undefined;
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return 'unset';
  return String(value);
}

const ENV_COLUMN = Math.max(...CONFIG_SOURCES.map((s) => s.env.length));

export const SERVE_USAGE = `Usage: newsgraph serve [options]

Serves a seeds folder as GraphQL at http://HOST:PORT/graphql (GraphiQL in a browser).

Options (flag / environment variable; flags win):
${CONFIG_SOURCES.map((s) => `  ${(s.flag ?? '').padEnd(12)} ${s.env.padEnd(ENV_COLUMN)}  ${s.help} (default: ${settingDefault(s)})`).join('\n')}
  ${'--help, -h'.padEnd(12 + 1 + ENV_COLUMN)}  show this help`;

export type ConfigResult =
  | { readonly kind: 'config'; readonly config: ServerConfig }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly problems: readonly string[] };

/**
 * Flags and environment to a validated config. Problems name the setting, never its value,
 * so a mistyped token does not end up in a terminal or a log.
 */
export function resolveConfig(args: readonly string[], env: NodeJS.ProcessEnv): ConfigResult {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(args);
  } catch (error) {
    return { kind: 'error', problems: [(error as Error).message] };
  }
  if (parsed.help) return { kind: 'help' };
  const input: Record<string, unknown> = {};
  for (const source of CONFIG_SOURCES) {
    const fromFlag = source.flag ? parsed[source.flag.slice(2) as keyof typeof parsed] : undefined;
    const fromEnv = env[source.env];
    const value = fromFlag ?? (fromEnv === '' ? undefined : fromEnv);
    if (value !== undefined) input[source.key] = value;
  }
  const result = serverConfigSchema.safeParse(input);
  if (result.success) {
    // The default cache folder depends on the environment (XDG_CACHE_HOME), so it is set here.
    const cacheDir = resolveCacheDir(result.data.cacheDir, env);
    const problem = cacheDirProblem(cacheDir, result.data.seedsDir);
    if (problem) return { kind: 'error', problems: [`NEWSGRAPH_CACHE_DIR: ${problem}`] };
    return { kind: 'config', config: { ...result.data, cacheDir } };
  }
  return {
    kind: 'error',
    problems: result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      const source = CONFIG_SOURCES.find((s) => s.key === key);
      const names = source ? [source.flag, source.env].filter(Boolean).join(' / ') : key;
      return `${names}: ${issue.message}`;
    }),
  };
}

function parseFlags(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seeds: { type: 'string' },
      'log-level': { type: 'string' },
      strict: { type: 'boolean' },
      watch: { type: 'boolean' },
      federation: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}
