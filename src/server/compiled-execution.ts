import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { DocumentNode, execute, ExecutionResult, getVariableValues, GraphQLError, GraphQLSchema } from 'graphql';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';

/**
 * Queries run through graphql-jit: each query document is compiled once into plain JavaScript, which
 * resolves a large answer (the full programme: some 10,000 fields) several times faster than
 * graphql-js's generic walk, with far less garbage. Mutations keep graphql-js's executor: they
 * are small, and their fields must run one after another.
 *
 * Apollo Server 5 takes a custom executor only through its gateway interface, as its migration guide
 * says; that is all this object is. COMPILED_QUERIES=0 runs every operation on graphql-js, the
 * reference that test/compiled-execution.test.ts compares answers with.
 */
export function compiledExecution(schema: GraphQLSchema, compileQueries = true): GatewayInterface {
  // Apollo keeps one parsed document per query text, so a document is a good key.
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();

  const compiledFor = (document: DocumentNode, operationName: string | null): CompiledQuery | null => {
    let byOperation = compiled.get(document);
    if (!byOperation) compiled.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    let query = byOperation.get(key);
    if (query === undefined) {
      const result = compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
      query = isCompiledQuery(result) ? result : null;
      byOperation.set(key, query);
    }
    return query;
  };

  const executor: GatewayExecutor = async ({ document, operation, operationName, request, context }) => {
    const variables = request.variables ?? {};
    const query = compileQueries && operation.operation === 'query' ? compiledFor(document, operationName) : null;
    if (!query) return execute({ schema, document, operationName, variableValues: variables, contextValue: context });
    // Bad variables get graphql-js's own errors, which Apollo recognises as BAD_USER_INPUT.
    const coercion = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    if (coercion.errors) return { errors: coercion.errors };
    return withPlainErrors(await query.query(undefined, context, variables));
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors lack `extensions` when the thrown error had none (a database error, say), which
 * Apollo's error handling expects: rebuilt as graphql-js errors, they reach our error formatter as usual.
 */
function withPlainErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  const errors = result.errors.map((error) => {
    const plain = new GraphQLError(error.message, { path: error.path, originalError: error.originalError, extensions: error.extensions });
    return Object.assign(plain, { locations: error.locations });
  });
  return { ...result, errors };
}
