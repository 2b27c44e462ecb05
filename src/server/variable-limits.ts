import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { BadUserInput, problem } from '../common/errors';

/**
 * Variables nested deeper than any input type of the schema (its deepest is a few levels) are bad
 * input, refused before anything walks them: several parts of the stack (cache keys, coercion,
 * logging) recurse and would overflow the call stack on 100,000 levels.
 */
export const MAX_VARIABLE_DEPTH = 32;

/** BAD_USER_INPUT when `variables` nest deeper than the limit; measured without recursion. */
export function variablesProblem(variables: unknown): BadUserInput | null {
  const pending: Array<[unknown, number]> = [[variables, 0]];
  while (pending.length) {
    const [value, depth] = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_VARIABLE_DEPTH) return BadUserInput.field('variables', problem('nestedTooDeep', { max: MAX_VARIABLE_DEPTH }));
    for (const item of Object.values(value)) if (item !== null && typeof item === 'object') pending.push([item, depth + 1]);
  }
  return null;
}

/** Apollo's side: the operation is refused with HTTP 400 before it runs. */
export const variableLimits: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request }) {
        const refused = variablesProblem(request.variables);
        if (refused) throw new GraphQLError(refused.message, { originalError: refused, extensions: { code: refused.code, http: { status: 400 } } });
      },
    };
  },
};
