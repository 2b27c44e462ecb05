import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { DocumentNode, execute, ExecutionResult, getVariableValues, GraphQLError, GraphQLSchema, Kind, visit } from 'graphql';
import { compileQuery, CompiledQuery, isCompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

export interface CompiledQueryOptions {
  /** Queries compiled by graphql-jit, or every operation run by graphql-js. */
  enabled: boolean;
  /** At most this many compiled queries are kept, and at most about this many MiB of them. */
  entries: number;
  mebibytes: number;
}

/** Measured: the full programme's document (105 fields) compiles into about 350 KiB of heap. */
const BYTES_PER_FIELD = 4 * 1024;

/** The fields a document selects, each fragment counted once. */
function fieldsOf(document: DocumentNode): number {
  let fields = 0;
  visit(document, { [Kind.FIELD]: () => void (fields += 1) });
  return fields;
}

/**
 * Queries run through graphql-jit: each query document is compiled once into plain JavaScript, which
 * resolves a large answer (the full programme: some 10,000 fields) several times faster than
 * graphql-js's generic walk, with far less garbage. Mutations keep graphql-js's executor: they
 * are small, and their fields must run one after another.
 *
 * Apollo Server 5 takes a custom executor only through its gateway interface, as its migration guide
 * says; that is all this object is. COMPILED_QUERIES=0 runs every operation on graphql-js, the
 * reference that test/compiled-execution.test.ts compares answers with. What anyone can make the
 * cache hold is bounded (docs/limits.md, test/query-memory.test.ts).
 */
export function compiledExecution(schema: GraphQLSchema, options: CompiledQueryOptions = { enabled: true, entries: 200, mebibytes: 64 }): GatewayInterface {
  // Keyed by the query's hash (Apollo's) and operation: bounded by count and by an estimate of the
  // memory compiled code takes (some 4 KiB per field selected: 350 KiB for the full programme).
  const compiled = new LRUCache<string, CompiledQuery>({
    max: options.entries,
    maxSize: options.mebibytes * 2 ** 20,
    sizeCalculation: (query) => compiledSize.get(query) ?? 1,
  });
  const compiledSize = new WeakMap<CompiledQuery, number>();
  // A document is compiled on its second run without errors: a caller who cannot run it (anonymous,
  // refused, invalid variables) or a document sent once costs no compilation. Keys only: small.
  const ranOnce = new LRUCache<string, true>({ max: 10 * options.entries });

  const compiledFor = (key: string, document: DocumentNode, operationName: string | null): CompiledQuery | null => {
    const cached = compiled.get(key);
    if (cached || !ranOnce.has(key)) return cached ?? null;
    const result = compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
    if (!isCompiledQuery(result)) return null;
    compiledSize.set(result, BYTES_PER_FIELD * fieldsOf(document));
    compiled.set(key, result);
    return result;
  };

  const executor: GatewayExecutor = async ({ document, operation, operationName, request, context, queryHash }) => {
    const variables = request.variables ?? {};
    const key = `${queryHash}:${operationName ?? ''}`;
    const compilable = options.enabled && operation.operation === 'query';
    const query = compilable ? compiledFor(key, document, operationName) : null;
    if (!query) {
      const result = await execute({ schema, document, operationName, variableValues: variables, contextValue: context });
      if (compilable && !result.errors) ranOnce.set(key, true);
      return result;
    }
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
