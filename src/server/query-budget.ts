import { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { getNullableType, GraphQLError, GraphQLSchema, isListType } from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequests } from '../common/errors';
import type { Config } from '../config';
import type { RequestContext } from '../modules/context';

/**
 * Every signed-in caller spends a budget of query cost per token and window (rate-limiter-flexible,
 * in this instance's memory). A query is charged before it runs what its document asks for, list
 * sizes included where an argument names them (`history(limit: 500)`: 500 times its fields), and
 * refused if that does not fit; once answered, what it actually read (every field of the answer) is
 * charged on top. The headers of every signed-in answer tell the budget left (docs/limits.md).
 */
export function queryBudgetPlugin(schema: GraphQLSchema, config: Pick<Config, 'queryBudget' | 'queryBudgetWindowSeconds'>): ApolloServerPlugin<RequestContext> {
  const limit = config.queryBudget;
  const windowSeconds = config.queryBudgetWindowSeconds;
  const limiter = new RateLimiterMemory({ points: limit, duration: windowSeconds });

  return {
    async requestDidStart() {
      let tokenId: string | undefined;
      let charged = 0;
      let state: RateLimiterRes | undefined;
      return {
        async didResolveOperation({ contextValue, document, request, operationName }) {
          tokenId = contextValue.actor?.tokenId;
          if (!tokenId) return;
          const cost = estimatedCost(schema, document, request.variables, operationName ?? undefined);
          try {
            state = await limiter.consume(tokenId, cost);
            charged = cost;
          } catch (rejection) {
            if (!(rejection instanceof RateLimiterRes)) throw rejection;
            // A refused query runs nothing: it costs nothing either.
            state = await limiter.reward(tokenId, cost);
            const retryAfterSeconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
            const refusal = new TooManyRequests(retryAfterSeconds, 'queryBudget', { limit, windowSeconds, remaining: remainingOf(state), cost });
            throw new GraphQLError(refusal.message, {
              originalError: refusal,
              extensions: { http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) } },
            });
          }
        },
        async willSendResponse({ response }) {
          if (!tokenId || !state) return;
          const body = response.body;
          const read = body.kind === 'single' && body.singleResult.data ? fieldsIn(body.singleResult.data) : 0;
          if (read > charged) state = await limiter.penalty(tokenId, read - charged);
          response.http.headers.set('ratelimit-limit', String(limit));
          response.http.headers.set('ratelimit-remaining', String(remainingOf(state)));
          response.http.headers.set('ratelimit-reset', String(Math.ceil(state.msBeforeNext / 1000)));
        },
      };
    },
  };
}

const remainingOf = (state: RateLimiterRes) => Math.max(0, state.remainingPoints);

/** Each field costs 1 and its selection; a list field as many times as its `limit` or `first` says (once when it does not). */
const listSizes: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const own = 1 + childComplexity;
  if (!isListType(getNullableType(field.type))) return own;
  const size = [args.limit, args.first].find((value): value is number => typeof value === 'number' && value > 0) ?? 1;
  return size * own;
};

function estimatedCost(schema: GraphQLSchema, document: Parameters<typeof getComplexity>[0]['query'], variables: Record<string, unknown> | undefined, operationName?: string): number {
  try {
    return Math.max(1, getComplexity({ schema, query: document, variables, operationName, estimators: [listSizes] }));
  } catch {
    // Variables that do not fit the operation: it will be refused as bad input, having read nothing.
    return 1;
  }
}

/** The fields of an answer: every value of every object in it, however deep. */
function fieldsIn(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + fieldsIn(item), 0);
  if (value === null || typeof value !== 'object') return 0;
  let count = 0;
  for (const item of Object.values(value)) count += 1 + fieldsIn(item);
  return count;
}
