import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  composeDeploySupergraph,
  NEWSGRAPH_SUBGRAPH_URL,
  SUPERGRAPH_FILE,
} from '../../deploy/gateway/compose-supergraph.ts';
import { gatewayConfig, NEWSGRAPH_SUBGRAPH } from '../../deploy/gateway/gateway.config.ts';
import { CONFIG_SOURCES } from '../../src/server/config.ts';
import { freePort } from '../fixtures/free-port.ts';
import { startOpsServer } from './helpers.ts';
import { localisedSite, mainConfig, NGINX_MAIN, nginxBinary } from './nginx.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEPLOY = path.join(ROOT, 'deploy');
/** Docker's own timeout in deploy/Dockerfile is 3 s; a cold node start here may take longer. */
const CHECK_TIMEOUT_MS = 20_000;
/** A bare package specifier in an import, static or dynamic. */
const BARE_IMPORT =
  /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)'(@?[a-z0-9][\w.-]*(?:\/[\w.-]+)*)'/g;

interface ComposeService {
  build?: { context: string; dockerfile: string };
  image?: string;
  environment?: Record<string, string>;
  volumes?: (string | { type: string; source: string; target: string; read_only?: boolean })[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  expose?: string[];
}

async function compose(): Promise<{ services: Record<string, ComposeService> }> {
  return parse(await readFile(path.join(DEPLOY, 'compose.yaml'), 'utf8'), { merge: true });
}

/** Dockerfile instructions with continuation lines joined, per build stage. */
async function dockerfileStages(): Promise<string[][]> {
  const text = await readFile(path.join(DEPLOY, 'Dockerfile'), 'utf8');
  const lines = text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: string[][] = [];
  for (const line of lines) {
    if (/^FROM /i.test(line)) stages.push([]);
    stages.at(-1)?.push(line);
  }
  return stages;
}

/** Runs a health check command (exec form) the way the container engine would, minus the box. */
async function runCheck(
  command: readonly string[],
  env: Record<string, string> = {},
): Promise<number | null> {
  const [program, ...args] = command;
  const child = spawn(program === 'node' ? process.execPath : (program as string), args, {
    env: { ...process.env, ...env },
    stdio: 'ignore',
    timeout: CHECK_TIMEOUT_MS,
  });
  const [code] = await once(child, 'exit');
  return code as number | null;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|mjs|js)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('deploy/Dockerfile', () => {
  it('builds in stages and runs as an unprivileged user with production dependencies only', async () => {
    const stages = await dockerfileStages();
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const all = stages.flat().join('\n');
    expect(all).toMatch(/npm ci --omit=dev/);
    const final = stages.at(-1) as string[];
    const users = final.filter((line) => /^USER /i.test(line));
    expect(users.at(-1)).toMatch(/^USER (?!root\b|0\b)\w+/);
    expect(final.join('\n')).toMatch(/NEWSGRAPH_SEEDS_DIR=\/seeds/);
    expect(final).toContain('VOLUME ["/seeds", "/var/cache/newsgraph"]');
    // The load cache needs a writable place while code and seeds stay read-only.
    expect(final.join('\n')).toMatch(/NEWSGRAPH_CACHE_DIR=\/var\/cache\/newsgraph/);
    expect(final.join('\n')).toMatch(/HOST=0\.0\.0\.0/);
    // Prometheus gets a port of its own, so the GraphQL port never serves draft counts.
    expect(final.join('\n')).toMatch(/NEWSGRAPH_METRICS_PORT=9464/);
    expect(final).toContain('EXPOSE 4000 9464');
    // A misspelt variable would be ignored silently by the server.
    const known = new Set<string>(['NODE_ENV', ...CONFIG_SOURCES.map((source) => source.env)]);
    const set = final
      .filter((line) => /^ENV /i.test(line))
      .flatMap((line) => [...line.matchAll(/(\w+)=/g)].map((match) => match[1]));
    expect(set.filter((name) => !known.has(name as string))).toEqual([]);
    for (const line of final.filter((l) => /^COPY (?!--from)/i.test(l))) {
      const sources = line
        .split(/\s+/)
        .filter((word) => !word.startsWith('--'))
        .slice(1, -1);
      for (const source of sources) expect(existsSync(path.join(ROOT, source)), source).toBe(true);
    }
    const cmd = final.find((line) => /^CMD /i.test(line)) as string;
    const argv = JSON.parse(cmd.slice(4)) as string[];
    expect(existsSync(path.join(ROOT, argv.at(-2) as string))).toBe(true);
  });

  it('has a health check that passes against a live server and fails without one', async () => {
    const final = (await dockerfileStages()).at(-1) as string[];
    const line = final.find((l) => /^HEALTHCHECK /i.test(l)) as string;
    const command = JSON.parse(line.slice(line.indexOf('CMD ') + 4)) as string[];
    expect(command.join(' ')).toContain('/healthz');
    const server = await startOpsServer();
    try {
      const port = new URL(server.origin).port;
      expect(await runCheck(command, { PORT: port })).toBe(0);
    } finally {
      await server.close();
    }
    expect(await runCheck(command, { PORT: String(await freePort()) })).toBe(1);
  });

  it('needs nothing at run time that `npm ci --omit=dev` leaves out', async () => {
    const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
    const runtime = new Set(Object.keys(manifest.dependencies));
    const imported = new Set<string>();
    for (const file of await sourceFiles(path.join(ROOT, 'src'))) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(BARE_IMPORT)) {
        const specifier = match[1] as string;
        if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
        const parts = specifier.split('/');
        imported.add(
          specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string),
        );
      }
    }
    expect([...imported].filter((name) => !runtime.has(name)).sort()).toEqual([]);
  });
});

describe('deploy/compose.yaml', () => {
  it('runs two newsgraph replicas over one read-only seeds volume, with health checks', async () => {
    const { services } = await compose();
    const replicas = ['newsgraph-1', 'newsgraph-2'].map((name) => services[name] as ComposeService);
    const known = new Set<string>(CONFIG_SOURCES.map((source) => source.env));
    for (const replica of replicas) {
      expect(replica.build?.dockerfile).toBe('deploy/Dockerfile');
      expect(existsSync(path.join(DEPLOY, replica.build?.context ?? '', 'deploy/Dockerfile'))).toBe(
        true,
      );
      expect(replica.volumes).toContainEqual(
        expect.objectContaining({ target: '/seeds', read_only: true }),
      );
      expect(replica.healthcheck?.test.join(' ')).toContain('/readyz');
      expect(replica.expose).toEqual(['4000', '9464']);
      // A misspelt variable would be ignored silently by the server.
      const unknown = Object.keys(replica.environment ?? {}).filter((name) => !known.has(name));
      expect(unknown).toEqual([]);
    }
    const ids = replicas.map((replica) => replica.environment?.NEWSGRAPH_INSTANCE_ID);
    expect(new Set(ids).size).toBe(2);
  });

  it('replica health checks pass against a live server and fail without one', async () => {
    const { services } = await compose();
    const command = (services['newsgraph-1'] as ComposeService).healthcheck?.test.slice(1) ?? [];
    const server = await startOpsServer();
    try {
      const local = command.map((arg) =>
        arg.replace('127.0.0.1:4000', new URL(server.origin).host),
      );
      expect(await runCheck(local)).toBe(0);
    } finally {
      await server.close();
    }
    const closed = String(await freePort());
    expect(await runCheck(command.map((arg) => arg.replace(':4000', `:${closed}`)))).toBe(1);
  });

  it('puts nginx in front of both replicas and Hive Gateway, with every mounted file present', async () => {
    const { services } = await compose();
    const nginx = services.nginx as ComposeService;
    expect(nginx.depends_on?.['newsgraph-1']?.condition).toBe('service_healthy');
    expect(nginx.depends_on?.['newsgraph-2']?.condition).toBe('service_healthy');
    expect(nginx.ports).toContain('8080:8080');
    const gateway = services.gateway as ComposeService;
    expect(gateway.image).toMatch(/^ghcr\.io\/graphql-hive\/gateway:/);
    expect(gateway.healthcheck?.test.join(' ')).toContain('/readiness');
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0] : volume.source;
        if (source?.startsWith('.'))
          expect(existsSync(path.join(DEPLOY, source)), source).toBe(true);
      }
    }
  });
});

describe('deploy/nginx', () => {
  it('passes `nginx -t` with the compose host names mapped to loopback', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'newsgraph-nginx-lint-'));
    try {
      // Compose's DNS names exist only inside its network; nginx resolves upstreams at load time.
      const site = await localisedSite({
        listen: '127.0.0.1:8080',
        upstreams: ['127.0.0.1:4001', '127.0.0.1:4002'],
        cacheDir: path.join(dir, 'cache'),
        accessLog: path.join(dir, 'access.log'),
      });
      await writeFile(path.join(dir, 'newsgraph.conf'), site);
      let main = await readFile(NGINX_MAIN, 'utf8');
      main = main
        .replace('include /etc/nginx/newsgraph.conf;', `include ${dir}/newsgraph.conf;`)
        .replace('proxy_pass http://gateway:4000;', 'proxy_pass http://127.0.0.1:4003;')
        .replace('pid /tmp/nginx.pid;', `pid ${dir}/nginx.pid;`)
        .replace('error_log /dev/stderr warn;', `error_log ${dir}/error.log warn;`);
      await writeFile(path.join(dir, 'nginx.conf'), main);
      const output = execFileSync(
        nginxBinary(),
        ['-t', '-q', '-p', dir, '-c', path.join(dir, 'nginx.conf')],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      expect(output).toBe('');
      // The test-only main config used by the scale-out test passes too.
      await writeFile(
        path.join(dir, 'test.conf'),
        mainConfig(dir, path.join(dir, 'newsgraph.conf')),
      );
      execFileSync(nginxBinary(), ['-t', '-p', dir, '-c', path.join(dir, 'test.conf')], {
        stdio: 'pipe',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/gateway', () => {
  it('serves a supergraph composed from the committed subgraph schema', async () => {
    const committed = await readFile(SUPERGRAPH_FILE, 'utf8');
    expect(committed).toBe(await composeDeploySupergraph());
    expect(committed).toContain(NEWSGRAPH_SUBGRAPH_URL);
  });

  it('forwards the preview token to newsgraph only', () => {
    const propagate = gatewayConfig.propagateHeaders?.fromClientToSubgraphs;
    if (!propagate) throw new Error('no header propagation configured');
    const request = new Request('http://gateway/graphql', {
      headers: { authorization: 'Bearer preview-token-for-tests-0123456789' },
    });
    const call = (subgraphName: string) =>
      propagate({ request, subgraphName } as Parameters<typeof propagate>[0]);
    expect(call(NEWSGRAPH_SUBGRAPH)).toEqual({
      authorization: 'Bearer preview-token-for-tests-0123456789',
    });
    expect(call('engagement')).toBeUndefined();
  });
});
