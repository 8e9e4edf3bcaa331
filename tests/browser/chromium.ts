import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/** Debian's package (`.ci/run` installs it when missing); never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Quiet, offline-friendly flags: no sandbox (containers), GPU, QUIC or background fetches. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for URLs served by this machine: our server, and blob:/data: URLs the page makes. */
export function isLocalUrl(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'data:') return true;
  if (parsed.protocol === 'blob:') return isLocalUrl(parsed.pathname);
  return LOCAL_HOSTS.has(parsed.hostname);
}

/**
 * Records every request the pages of `context` make and aborts any that would leave this
 * machine, so a page that needs the internet fails here instead of hanging.
 */
export async function confineToLocalhost(context: BrowserContext): Promise<string[]> {
  const outside: string[] = [];
  context.on('request', (request) => {
    if (!isLocalUrl(request.url())) outside.push(request.url());
  });
  await context.route('**/*', (route) =>
    isLocalUrl(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
  );
  return outside;
}
