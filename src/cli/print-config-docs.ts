import { writeFile } from 'node:fs/promises';
import { CONFIGURATION_PAGE, renderConfigurationPage } from '../server/config-docs.ts';

/** `npm run docs:config`: rewrites docs/configuration.md from the settings' metadata. */
await writeFile(new URL(`../../${CONFIGURATION_PAGE}`, import.meta.url), renderConfigurationPage());
console.error(`wrote ${CONFIGURATION_PAGE}`);
