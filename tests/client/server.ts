import type { RunningServer } from '../../src/server/http.ts';
import { startFixtureServer } from '../fixtures/server.ts';

/** The real server on an OS-assigned port over the fixture corpus, with extra settings. */
export function startClientServer(settings: Record<string, unknown> = {}): Promise<RunningServer> {
  return startFixtureServer({ settings: { logLevel: 'silent', ...settings } });
}
