import { IncomingHttpHeaders, request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP request as a client on the network sends it: any Host header, any body (valid JSON or
 * not), and from a given local address (127.0.0.2 is another caller on the loopback), which fetch
 * cannot do.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, localAddress: options.localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A GraphQL POST through rawRequest: the parsed answer, its status and headers. */
export async function gqlFrom(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  options: { headers?: Record<string, string>; localAddress?: string } = {},
): Promise<RawResponse & { json: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> } }> {
  const response = await rawRequest(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({ query, variables }),
    localAddress: options.localAddress,
  });
  return { ...response, json: JSON.parse(response.body) };
}
