// Raw calls to a GraphQL endpoint over HTTP, for tests that reach an instance other than their TestApp's.

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
}

/** The graphql endpoint of an origin such as http://127.0.0.1:4000 (a full endpoint is kept as it is). */
export const endpointOf = (originOrUrl: string) => (originOrUrl.endsWith('/graphql') ? originOrUrl : `${originOrUrl}/graphql`);

/** A POST of one operation, as a client sends it; the answer as it came. */
export function post(originOrUrl: string, query: string, variables: Record<string, unknown> = {}, options: CallOptions = {}): Promise<Response> {
  return fetch(endpointOf(originOrUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
}

/** A POST of one operation, its JSON answer read. */
export async function gql<T = any>(originOrUrl: string, query: string, variables: Record<string, unknown> = {}, options: CallOptions = {}): Promise<GraphQLResponse<T>> {
  const response = await post(originOrUrl, query, variables, options);
  const body = (await response.json()) as { data?: T; errors?: GraphQLResponse['errors'] };
  return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
}

/** The data of an answer that must have no error: a step that prepares a test, not what it checks. */
export function dataOf<T>(response: GraphQLResponse<T>, query: string): T {
  if (response.errors?.length || response.data === undefined || response.data === null) {
    throw new Error(`${query.replace(/\s+/g, ' ').slice(0, 100)}: HTTP ${response.status} ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

/** The codes of a response's errors, for assertions. */
export const codes = (response: GraphQLResponse) => (response.errors ?? []).map((e) => e.extensions?.code);
