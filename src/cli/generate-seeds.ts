import { parseArgs } from 'node:util';
import { DEFAULT_DRAFT_SHARE, DEFAULT_SEED, writeSeedFolder } from '../seedgen/generate.ts';

const USAGE = `Usage: newsgraph generate --count N --out DIR [--seed S] [--drafts SHARE] [--broken SHARE] [--editorial SHARE]

Writes N synthetic seed files into DIR (which must be new or empty). The same options always
give byte-identical files.

  --count N        number of files (required)
  --out DIR        destination folder (required)
  --seed S         integer seed (default ${DEFAULT_SEED})
  --drafts SHARE   share of drafts, 0..1 (default ${DEFAULT_DRAFT_SHARE})
  --broken SHARE   share of deliberately broken files, 0..1 (default 0)
  --editorial SHARE  share of published files with editorial time (embargoed or expiring within
                   a week after the newest generated date, updated, corrected), 0..1 (default 0)`;

const MAX_COUNT = 10_000_000;

function share(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`--${name} must be between 0 and 1`);
  return n;
}

function integer(value: string | undefined, name: string, min: number, max: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return n;
}

/** `newsgraph generate`: 0 on success, 2 on bad usage, 1 when writing fails. */
export async function runGenerate(args: string[]): Promise<number> {
  let options: Parameters<typeof writeSeedFolder>[1];
  let out: string;
  try {
    const { values } = parseArgs({
      args,
      options: {
        count: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        drafts: { type: 'string' },
        broken: { type: 'string' },
        editorial: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (!values.out) throw new Error('--out is required');
    out = values.out;
    options = {
      count: integer(values.count, 'count', 0, MAX_COUNT),
      seed: values.seed === undefined ? DEFAULT_SEED : integer(values.seed, 'seed', 0, 2 ** 32 - 1),
      draftShare: share(values.drafts, DEFAULT_DRAFT_SHARE, 'drafts'),
      brokenShare: share(values.broken, 0, 'broken'),
      editorialShare: share(values.editorial, 0, 'editorial'),
    };
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  try {
    const result = await writeSeedFolder(out, options);
    const mb = (result.bytes / 1024 / 1024).toFixed(1);
    console.log(
      `wrote ${result.files} files (${mb} MB) to ${out}: ${result.drafts} drafts, ${result.broken} broken`,
    );
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}
