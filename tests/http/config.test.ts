import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SWITCH_WORDS } from '../../src/config/switch.ts';
import { CONFIG_SOURCES, resolveConfig } from '../../src/server/config.ts';

describe('server configuration', () => {
  it('uses the documented defaults', () => {
    // toMatchObject: settings other modules add (federation, hardening, …) have tests of their own.
    expect(resolveConfig([], {})).toMatchObject({
      kind: 'config',
      config: {
        port: 4000,
        host: 'localhost',
        seedsDir: 'seeds',
        logLevel: 'info',
        strict: false,
        watch: false,
      },
    });
  });

  it('reads PORT, HOST and NEWSGRAPH_* variables, and flags win over them', () => {
    const env = {
      PORT: '4101',
      HOST: '0.0.0.0',
      NEWSGRAPH_SEEDS_DIR: '/data/seeds',
      NEWSGRAPH_PREVIEW_TOKEN: 'a-very-long-preview-token',
      NEWSGRAPH_LOG_LEVEL: 'warn',
      NEWSGRAPH_STRICT: 'true',
    };
    const result = resolveConfig(['--port', '4102', '--seeds', 'other'], env);
    expect(result).toMatchObject({
      kind: 'config',
      config: {
        port: 4102,
        host: '0.0.0.0',
        seedsDir: 'other',
        previewToken: 'a-very-long-preview-token',
        logLevel: 'warn',
        strict: true,
        watch: false,
      },
    });
  });

  it('names every bad setting without echoing its value', () => {
    const result = resolveConfig(['--log-level', 'loud'], {
      PORT: 'eighty',
      NEWSGRAPH_PREVIEW_TOKEN: 'short-secret',
      NEWSGRAPH_STRICT: 'maybe',
      NEWSGRAPH_TRENDING_HALF_LIFE_HOURS: '-3',
    });
    expect(result.kind).toBe('error');
    const problems = result.kind === 'error' ? result.problems.join('\n') : '';
    for (const name of [
      'PORT',
      'NEWSGRAPH_PREVIEW_TOKEN',
      'NEWSGRAPH_LOG_LEVEL',
      'NEWSGRAPH_STRICT',
      'NEWSGRAPH_TRENDING_HALF_LIFE_HOURS',
    ]) {
      expect(problems).toContain(name);
    }
    expect(problems).not.toContain('short-secret');
  });

  it('refuses unknown flags and answers --help', () => {
    expect(resolveConfig(['--prot', '1'], {}).kind).toBe('error');
    expect(resolveConfig(['--help'], {})).toEqual({ kind: 'help' });
  });
});

describe('removed settings', () => {
  it('has no NEWSGRAPH_TRENDING_NOW: no score is displayed, so there is no instant to set', () => {
    // It was documented and validated, but nothing read it; a bad value refused the start.
    expect(resolveConfig([], { NEWSGRAPH_TRENDING_NOW: 'yesterday' }).kind).toBe('config');
  });
});

describe('on/off settings', () => {
  // A switch is any setting that reads `on` as true; all of them must read the same words.
  const switches = CONFIG_SOURCES.filter((source) => {
    const result = resolveConfig([], { [source.env]: 'on' });
    return (
      result.kind === 'config' && (result.config as Record<string, unknown>)[source.key] === true
    );
  });

  it('finds the switches', () => {
    expect(switches.map((s) => s.env)).toEqual(
      expect.arrayContaining([
        'NEWSGRAPH_WATCH',
        'NEWSGRAPH_STRICT',
        'NEWSGRAPH_FEDERATION',
        'NEWSGRAPH_JIT',
        'NEWSGRAPH_RESPONSE_CACHE',
        'NEWSGRAPH_METRICS',
        'NEWSGRAPH_GRAPHIQL',
      ]),
    );
  });

  it('accept the same words, in any case, and name the variable when refusing one', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...switches),
        fc.constantFrom(...SWITCH_WORDS),
        fc.constantFrom(
          (w: string) => w,
          (w: string) => w.toUpperCase(),
        ),
        (source, word, spell) => {
          const result = resolveConfig([], { [source.env]: spell(word) });
          expect(result.kind).toBe('config');
          const value = (result as { config: Record<string, unknown> }).config[source.key];
          expect(value).toBe(['on', 'true', 'yes', '1'].includes(word));
        },
      ),
    );
    for (const source of switches) {
      const result = resolveConfig([], { [source.env]: 'maybe' });
      expect(result).toEqual({
        kind: 'error',
        problems: [expect.stringMatching(new RegExp(`${source.env}: must be one of on, off`))],
      });
    }
  });
});

describe('any value of any setting', () => {
  it('is accepted or refused with a problem naming the variable, never thrown', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CONFIG_SOURCES),
        fc.oneof(fc.string(), fc.constantFrom('on', 'x', '-1', '1e9', 'http://', '::', 'a,b')),
        (source, value) => {
          const result = resolveConfig([], { [source.env]: value });
          if (result.kind === 'error') {
            for (const problem of result.problems) expect(problem).toContain(source.env);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
