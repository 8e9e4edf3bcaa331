import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import { printPublicSchema, SCHEMA_FILE } from '../../src/schema/print.ts';

describe('schema.graphql', () => {
  it('matches the schema built from the code (run "npm run schema:print" after a change)', async () => {
    const committed = await readFile(new URL(`../../${SCHEMA_FILE}`, import.meta.url), 'utf8');
    expect(committed).toBe(printPublicSchema(schema));
  });

  it('never offers secured or published to clients', () => {
    const sdl = printPublicSchema(schema);
    expect(sdl).not.toMatch(/\bsecured\b/);
    expect(sdl).not.toMatch(/^\s+published\b/m);
  });
});
