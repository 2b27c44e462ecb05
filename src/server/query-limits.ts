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
    // graphql-armor's token plugin throws from a hook where Apollo answers 500 to any syntax error:
    // graphql-js counts tokens itself while parsing (parseOptions below), which Apollo answers 400.
    maxTokens: { enabled: false },
    costLimit: { maxCost: QUERY_LIMITS.maxCost, ignoreIntrospection: true, flattenFragments: true, ...hidden, errorMessage: 'Query is too complex' },
    // Suggestions ("Did you mean ...") are removed by the error formatter, which sees the
    // WebSocket's errors too; graphql-armor's plugin sees Apollo's only.
    blockFieldSuggestion: { enabled: false },
  }).protect();
}

/** Apollo's and graphql-ws's parse options: a document of more tokens than this is refused unread. */
export const PARSE_OPTIONS = { maxTokens: QUERY_LIMITS.maxTokens };

/** graphql-js names the token limit in its message; clients learn only that the query is too long. */
export function hideTokenLimit(message: string): string {
  return /Document contains more tha[nt] \d+ tokens/.test(message) ? 'Syntax Error: Query is too long' : message;
}
