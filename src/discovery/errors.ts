// Interim: discovery's errors are the corpus's QueryInputError with codes from the one table.
export {
  QueryErrorCode as DiscoveryErrorCode,
  QueryInputError as DiscoveryInputError,
} from '../corpus/input-error.ts';
