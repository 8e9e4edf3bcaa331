#!/usr/bin/env node
// `npx newsgraph <command>` from a clone (after `npm ci`): runs the TypeScript sources through
// tsx, as `npm start` does, so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
