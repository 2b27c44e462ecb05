import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { codes, startTestApp, TestApp } from './helpers/app';
import { rawRequest } from './helpers/http';

// What reaches the service over HTTP that is not a well-formed GraphQL request, the headers of its
// answers, and what it writes to its log: as a hostile caller, a browser and an operator see them.

const PUBLIC_URL = 'https://programme.example.org';
const FRONTEND = 'https://frontend.example.org';

let t: TestApp;
const logLines: string[] = [];
const written: string[] = [];
let member: string;
const savedEnv = process.env.NODE_ENV;

beforeAll(async () => {
  // Express prints errors with console.error outside NODE_ENV=test: run as production does.
  process.env.NODE_ENV = 'production';
  try {
    t = await startTestApp({ demo: true, logLines, config: { publicUrl: PUBLIC_URL, corsOrigins: [FRONTEND] } });
  } finally {
    process.env.NODE_ENV = savedEnv;
  }
  member = await t.login('member1.fr@example.org');
  const president = await t.login('president.fr@example.org');
  const { rows } = await t.db.query(`SELECT id FROM edition WHERE number = 8`);
  const published = await t.gql(`mutation ($id: ID!) { publishProgram(editionId: $id) { version } }`, { id: rows[0].id }, { token: president });
  expect(published.errors).toBeUndefined();
  // Everything the process prints beside its log: console.error and stderr.
  const keep = (...args: unknown[]) => void written.push(args.map(String).join(' '));
  jest.spyOn(console, 'error').mockImplementation(keep);
  jest.spyOn(console, 'warn').mockImplementation(keep);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any, ...rest: any[]) => {
    written.push(String(chunk));
    return stderrWrite(chunk, ...rest);
  });
});
afterAll(async () => {
  jest.restoreAllMocks();
  await t?.close();
});

describe('X-SQL-Statements', () => {
  it('is not sent unless the setting turns it on', async () => {
    const answer = await t.gql(`{ edition(number: 8) { sessions { id } } }`, {}, { token: member });
    expect(answer.errors).toBeUndefined();
    expect(answer.headers.get('x-sql-statements')).toBeNull();
  });
});

describe('links in exports', () => {
  it('come from PUBLIC_URL, whatever Host the request names', async () => {
    for (const file of ['program.json', 'program.ics', 'program.xml', 'program.html']) {
      const response = await rawRequest(`${t.app.origin}/editions/8/${file}`, { headers: { host: 'evil.example' } });
      expect(response.status).toBe(200);
      expect(response.body).not.toContain('evil.example');
      if (file !== 'program.html') expect(response.body).toContain(`${PUBLIC_URL}/editions/8/program.html?version=`);
    }
  });
});

describe('malformed requests', () => {
  const SECRET = 'hunter2-correct-horse';
  const TOKEN = 'rfj_do-not-log-this-token';

  it('get a JSON error, and neither the body, the password nor the token reaches a log or stderr', async () => {
    const body = `{"query":"mutation { login(email: \\"admin@example.org\\", password: \\"${SECRET}\\") { token } }",}`;
    const response = await rawRequest(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body,
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const answer = JSON.parse(response.body);
    expect(answer.errors.map((e: any) => e.extensions.code)).toEqual(['BAD_REQUEST']);
    expect(response.body).not.toContain(SECRET);

    // A query string is the body of a GET: not logged either.
    await rawRequest(`${t.url}?query=${encodeURIComponent(`mutation { login(email: "a@b.org", password: "${SECRET}") { token } }`)}`, {
      headers: { 'apollo-require-preflight': '1', authorization: `Bearer ${TOKEN}` },
    });
    const everything = [...logLines, ...written].join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('hunter2');
    expect(everything).not.toContain(TOKEN);
  });

  it('refuse variables nested deeper than any input, on a query that reads releases only, as bad input', async () => {
    const query = `query ($n: Int!) { edition(number: $n) { latestRelease { version } } }`;
    // Written by hand: JSON.stringify itself cannot write it.
    const body = `{"query":${JSON.stringify(query)},"variables":{"n":8,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const response = await rawRequest(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).errors.map((e: any) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    // The same query without them is answered.
    expect((await t.gql(query, { n: 8 })).data.edition.latestRelease.version).toBe('0.1');
  });
});

describe('validation errors', () => {
  it('have one code over HTTP and over the WebSocket, and suggest no field names', async () => {
    const http = await t.gql(`{ edition(number: 8) { sesions { id } } }`, {}, { token: member });
    expect(codes(http)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(http.errors![0].message).not.toMatch(/did you mean/i);
    expect(http.errors![0].message).not.toContain('sessions');

    const client = createClient({ url: t.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${member}` } });
    try {
      const errors = await new Promise<any[]>((resolve, reject) => {
        client.subscribe(
          { query: `subscription ($e: ID!) { programChanged(editionId: $e) { entityTyp } }`, variables: { e: '00000000-0000-4000-8000-000000000000' } },
          { next: () => reject(new Error('an event for an invalid subscription')), error: (error) => resolve(error as any[]), complete: () => reject(new Error('completed')) },
        );
      });
      expect(errors.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(errors[0].message).not.toMatch(/did you mean/i);
      expect(errors[0].message).not.toContain('entityType');
    } finally {
      await client.dispose();
    }
  });
});

describe('headers', () => {
  it('guard the explorer and the printable page: a content security policy, no framing, no sniffing, no referrer', async () => {
    const pages = [
      await rawRequest(t.url, { headers: { accept: 'text/html' } }),
      await rawRequest(`${t.app.origin}/editions/8/program.html`),
    ];
    for (const page of pages) {
      expect(page.status).toBe(200);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("'unsafe-eval'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('keep signed-in answers out of shared caches, including those that read releases only', async () => {
    for (const query of [`{ viewer { person { displayName } } }`, `{ edition(number: 8) { latestRelease { version } } }`]) {
      const signedIn = await t.gql(query, {}, { token: member });
      expect(signedIn.errors).toBeUndefined();
      expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
      expect(signedIn.headers.get('vary')).toMatch(/\bAuthorization\b/i);
      const anonymous = await t.gql(query);
      expect(anonymous.headers.get('vary')).toMatch(/\bAuthorization\b/i);
      expect(anonymous.headers.get('cache-control') ?? '').not.toContain('public');
    }
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    rawRequest(t.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });

  it('lets a frontend of CORS_ORIGINS call the API from a browser: preflight, then the call', async () => {
    const allowed = await preflight(FRONTEND);
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers['access-control-allow-origin']).toBe(FRONTEND);
    expect(String(allowed.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(allowed.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
    const call = await t.gql(`{ viewer { person { displayName } } }`, {}, { token: member, headers: { origin: FRONTEND } });
    expect(call.data.viewer.person.displayName).toBeTruthy();
    expect(call.headers.get('access-control-allow-origin')).toBe(FRONTEND);
  });

  it('refuses any other origin', async () => {
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    const call = await t.gql(`{ editions { number } }`, {}, { headers: { origin: 'https://evil.example' } });
    expect(call.headers.get('access-control-allow-origin')).toBeNull();
  });
});
