import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/server/config.ts';

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
      NEWSGRAPH_TRENDING_NOW: 'yesterday',
    });
    expect(result.kind).toBe('error');
    const problems = result.kind === 'error' ? result.problems.join('\n') : '';
    for (const name of [
      'PORT',
      'NEWSGRAPH_PREVIEW_TOKEN',
      'NEWSGRAPH_LOG_LEVEL',
      'NEWSGRAPH_STRICT',
      'NEWSGRAPH_TRENDING_HALF_LIFE_HOURS',
      'NEWSGRAPH_TRENDING_NOW',
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
