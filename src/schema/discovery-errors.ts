import { DiscoveryInputError } from '../discovery/errors.ts';
import { badInput, withInputErrors } from './errors.ts';

/** Runs a discovery call, turning argument problems into client-visible GraphQL errors. */
export function withDiscoveryErrors<T>(run: () => T): T {
  try {
    return withInputErrors(run);
  } catch (error) {
    if (error instanceof DiscoveryInputError) throw badInput(error.message, error.code);
    throw error;
  }
}

/** The same, for async calls. */
export async function withDiscoveryErrorsAsync<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DiscoveryInputError) throw badInput(error.message, error.code);
    throw error;
  }
}
