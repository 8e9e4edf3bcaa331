import { z } from 'zod';

/**
 * Where the tags of each public content change are sent (Varnish with the xkey vmod, see
 * deploy/varnish/newsgraph.vcl): comma-separated http(s) URLs. The problem names the setting,
 * never the value: a URL may carry credentials.
 */
const purgeUrls = z
  .string()
  .transform((list) =>
    list
      .split(',')
      .map((url) => url.trim())
      .filter((url) => url !== ''),
  )
  .pipe(
    z.array(
      z
        .string()
        .refine(
          (url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol),
          'must be comma-separated http(s) URLs such as http://varnish:6081/',
        ),
    ),
  );

/** The edge-purge part of the server configuration (merged into serverConfigSchema). */
export const purgeConfigShape = {
  purgeUrls: z.union([z.array(z.url()), purgeUrls]).default([]),
};

export type PurgeConfig = z.output<z.ZodObject<typeof purgeConfigShape>>;

/** Environment variables of the edge-purge settings, for `--help` and docs/configuration.md. */
export const PURGE_CONFIG_SOURCES = [
  {
    flag: undefined,
    env: 'NEWSGRAPH_PURGE_URLS',
    key: 'purgeUrls',
    default: 'unset: no purges',
    help: 'comma-separated URLs (http://varnish:6081/) sent `PURGE` with the tags of each public content change (xkey-purge header)',
  },
] as const;
