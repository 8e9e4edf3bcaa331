import { z } from 'zod';

/** The words every on/off setting accepts, in any case. */
export const SWITCH_WORDS = ['on', 'off', 'true', 'false', 'yes', 'no', '1', '0'] as const;
const ON = new Set(['on', 'true', 'yes', '1']);
const OFF = new Set(['off', 'false', 'no', '0']);

/**
 * One parser for every on/off setting (flags give booleans, the environment gives text), so
 * `NEWSGRAPH_WATCH=on` means what `NEWSGRAPH_JIT=on` means. The error lists the accepted words;
 * the caller names the variable.
 */
export const settingSwitch = z.union([z.boolean(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'boolean') return value;
  const word = value.trim().toLowerCase();
  if (ON.has(word)) return true;
  if (OFF.has(word)) return false;
  ctx.addIssue({ code: 'custom', message: `must be one of ${SWITCH_WORDS.join(', ')}` });
  return z.NEVER;
});
