import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { SecurityErrorCode, tagError } from './errors.ts';
import type { SecuritySettings } from './settings.ts';

type LimitSettings = Pick<
  SecuritySettings,
  'maxDepth' | 'maxAliases' | 'maxTokens' | 'maxDirectives' | 'fieldSuggestions'
>;

/** Armor prefixes every refusal with "Syntax Error: "; only the token limit really is one. */
const ARMOR_PREFIX = /^Syntax Error: /;

/**
 * A validation-rule refusal, reported like any validation error so Yoga answers 400, with our
 * code instead of Armor's generic one.
 */
function reportAs(code: string) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    context?.reportError(
      new GraphQLError(error.message.replace(ARMOR_PREFIX, ''), { extensions: { code } }),
    );
  };
}

/** Operation shape limits (GraphQL Armor): all checked while parsing and validating. */
export function useOperationLimits(settings: LimitSettings): Plugin {
  return EnvelopArmorPlugin({
    maxTokens: {
      n: settings.maxTokens,
      // The parser stops at the first token over the limit; the error then propagates.
      onReject: [(_context, error) => void tagError(error, SecurityErrorCode.TokenLimit)],
    },
    maxDepth: {
      n: settings.maxDepth,
      // Relay-style fragments must not make a shallow query look deep.
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [reportAs(SecurityErrorCode.DepthLimit)],
    },
    maxAliases: {
      n: settings.maxAliases,
      // Armor lets `__typename` aliases go uncounted; a thousand of them are still a thousand.
      allowList: [],
      propagateOnRejection: false,
      onReject: [reportAs(SecurityErrorCode.AliasLimit)],
    },
    maxDirectives: {
      n: settings.maxDirectives,
      propagateOnRejection: false,
      onReject: [reportAs(SecurityErrorCode.DirectiveLimit)],
    },
    blockFieldSuggestion: { enabled: !settings.fieldSuggestions, mask: '' },
    // Cost is priced by page size in cost.ts; Armor's flat per-field cost cannot see `first`.
    costLimit: { enabled: false },
  }) as Plugin;
}

/** Refuses `__schema`/`__type` with graphql-js's own rule; `__typename` stays allowed. */
export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
