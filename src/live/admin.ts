import type { Plugin } from 'graphql-yoga';
import type { ReloadResult } from './reloader.ts';

export const ADMIN_RELOAD_PATH = '/admin/reload';
/** Keys listed per kind in the reload answer; the counts are always complete. */
export const MAX_LISTED_KEYS = 1_000;

export const AdminErrorCode = {
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  ReloadFailed: 'RELOAD_FAILED',
  Unauthorized: 'UNAUTHORIZED',
} as const;

export interface AdminReloadOptions {
  /** A full rescan of the seeds folder. */
  readonly reload: () => Promise<ReloadResult>;
  /** True for an Authorization header carrying the preview token (compared in constant time). */
  readonly authorize: (authorization: string | null) => boolean;
  readonly onError?: (error: unknown) => void;
}

const listed = (keys: readonly string[]) => ({
  count: keys.length,
  keys: keys.slice(0, MAX_LISTED_KEYS),
  truncated: keys.length > MAX_LISTED_KEYS,
});

/** The answer to a reload: the caller holds the preview token, so draft keys are included. */
export function reloadSummary(result: ReloadResult) {
  const changes = result.changes?.preview;
  return {
    swapped: result.swapped,
    version: result.version,
    filesRead: result.filesRead,
    durationMs: Math.round(result.durationMs * 10) / 10,
    added: listed(changes?.added ?? []),
    updated: listed(changes?.updated ?? []),
    removed: listed(changes?.removed ?? []),
  };
}

/**
 * `POST /admin/reload` with `Authorization: Bearer <preview token>`: rescans the seeds folder
 * (for deployments whose file syncs raise no watch events) and answers with what changed.
 */
export function useAdminReload(options: AdminReloadOptions): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== ADMIN_RELOAD_PATH) return;
      if (request.method !== 'POST') {
        endResponse(
          Response.json(
            { error: { code: AdminErrorCode.MethodNotAllowed, message: 'Use POST.' } },
            { status: 405, headers: { allow: 'POST' } },
          ),
        );
        return;
      }
      if (!options.authorize(request.headers.get('authorization'))) {
        endResponse(
          Response.json(
            {
              error: {
                code: AdminErrorCode.Unauthorized,
                message: 'Send the preview token as a Bearer token.',
              },
            },
            { status: 401, headers: { 'www-authenticate': 'Bearer' } },
          ),
        );
        return;
      }
      return options.reload().then(
        (result) => endResponse(Response.json(reloadSummary(result))),
        (error) => {
          options.onError?.(error);
          endResponse(
            Response.json(
              {
                error: {
                  code: AdminErrorCode.ReloadFailed,
                  message: 'The reload failed; the previous content is still served.',
                },
              },
              { status: 500 },
            ),
          );
        },
      );
    },
  };
}
