import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../fixtures/free-port.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const NGINX_SITE = path.join(ROOT, 'deploy/nginx/newsgraph.conf');
export const NGINX_MAIN = path.join(ROOT, 'deploy/nginx/nginx.conf');
const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'];
const MAX_START_MS = 15_000;
const POLL_MS = 50;

/** Debian's nginx; the tests need the real thing (`.ci/run` installs it when missing). */
export function nginxBinary(): string {
  const found = NGINX_CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) throw new Error('nginx is not installed: run .ci/run, or apt-get install nginx');
  return found;
}

/** Replaces `from` exactly once, so a drifting deploy file breaks the test instead of passing it. */
function swapOnce(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`expected "${from}" once in the nginx config, found ${count}`);
  return text.replace(from, to);
}

export interface SiteAddresses {
  readonly listen: string;
  readonly upstreams: readonly [string, string];
  readonly cacheDir: string;
  readonly accessLog: string;
}

/** deploy/nginx/newsgraph.conf with compose's host names and paths swapped for these. */
export async function localisedSite(addresses: SiteAddresses): Promise<string> {
  let site = await readFile(NGINX_SITE, 'utf8');
  site = swapOnce(site, 'server newsgraph-1:4000 ', `server ${addresses.upstreams[0]} `);
  site = swapOnce(site, 'server newsgraph-2:4000 ', `server ${addresses.upstreams[1]} `);
  site = swapOnce(site, 'listen 8080;', `listen ${addresses.listen};`);
  site = swapOnce(
    site,
    'proxy_cache_path /var/cache/nginx/newsgraph ',
    `proxy_cache_path ${addresses.cacheDir} `,
  );
  site = swapOnce(
    site,
    'access_log /dev/stdout newsgraph;',
    `access_log ${addresses.accessLog} newsgraph;`,
  );
  return site;
}

/** A main config whose every path lies in `dir`, so nginx runs unprivileged files-wise. */
export function mainConfig(dir: string, siteFile: string): string {
  const runAsRoot = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${runAsRoot}worker_processes 1;
error_log ${dir}/error.log info;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${siteFile};
}
`;
}

export interface RunningNginx {
  readonly origin: string;
  readonly dir: string;
  accessLog(): Promise<string>;
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts nginx in the foreground on a free loopback port in front of the two upstreams. */
export async function startNginx(upstreams: readonly [string, string]): Promise<RunningNginx> {
  const binary = nginxBinary();
  const dir = await mkdtemp(path.join(tmpdir(), 'newsgraph-nginx-'));
  await mkdir(path.join(dir, 'cache'));
  const port = await freePort();
  const site = await localisedSite({
    listen: `127.0.0.1:${port}`,
    upstreams,
    cacheDir: path.join(dir, 'cache'),
    accessLog: path.join(dir, 'access.log'),
  });
  await writeFile(path.join(dir, 'newsgraph.conf'), site);
  await writeFile(path.join(dir, 'nginx.conf'), mainConfig(dir, path.join(dir, 'newsgraph.conf')));
  const args = ['-p', dir, '-c', path.join(dir, 'nginx.conf')];
  execFileSync(binary, [...args, '-t'], { stdio: 'pipe' });
  const child: ChildProcess = spawn(binary, [...args, '-g', `daemon off; pid ${dir}/nginx.pid;`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + MAX_START_MS;
  for (;;) {
    const up = await fetch(`${origin}/healthz`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`nginx did not start: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return {
    origin,
    dir,
    accessLog: () => readFile(path.join(dir, 'access.log'), 'utf8').catch(() => ''),
    errorLog: () => readFile(path.join(dir, 'error.log'), 'utf8').catch(() => ''),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGQUIT');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
