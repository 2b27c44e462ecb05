import { ApolloArmor } from '@escape.tech/graphql-armor';

// Limits on hostile queries (graphql-armor). They let every operation of bench/ and of the
// explorer's examples through with room to spare (test/hardening.test.ts checks both), and
// never reveal themselves in error messages.
export const QUERY_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2_000,
  maxCost: 5_000,
} as const;

export function queryLimits() {
  const hidden = { exposeLimits: false, propagateOnRejection: true };
  return new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...hidden, errorMessage: 'Query is too deep' },
    maxAliases: { n: QUERY_LIMITS.maxAliases, ...hidden, errorMessage: 'Query uses too many aliases' },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, ...hidden, errorMessage: 'Query uses too many directives' },
    maxTokens: { n: QUERY_LIMITS.maxTokens, ...hidden, errorMessage: 'Query is too long' },
    costLimit: { maxCost: QUERY_LIMITS.maxCost, ignoreIntrospection: true, flattenFragments: true, ...hidden, errorMessage: 'Query is too complex' },
    // Field suggestions ("did you mean ...") would let anyone map a schema hidden from them.
    blockFieldSuggestion: { enabled: false },
  }).protect();
}
