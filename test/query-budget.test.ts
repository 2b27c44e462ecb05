import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { loadConfig } from '../src/config';
import { EXAMPLE_OPERATIONS } from '../src/server/graphiql';
import { startTestApp, TestApp } from './helpers/app';

// Every signed-in caller spends a budget of query cost per token and window; the cost counts what a
// query reads, list sizes included. Over budget: HTTP 429, Retry-After, TOO_MANY_REQUESTS.

const bench = (file: string) => readFileSync(path.join(__dirname, '..', 'bench', file), 'utf8');
const BUDGET = { queryBudget: 3_000, queryBudgetWindowSeconds: 10 };

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ demo: true, config: BUDGET });
});
afterAll(() => t?.close());

const remaining = (headers: Headers) => Number(headers.get('ratelimit-remaining'));
const HISTORY = (aliases: number, limit: number) =>
  `query ($n: Int!) { edition(number: $n) { ${Array.from({ length: aliases }, (_, i) => `h${i}: history(limit: ${limit}) { id action entityType at }`).join(' ')} } }`;

describe('the query budget', () => {
  it('refuses at once a query whose lists would read more than the budget: 429, Retry-After, nothing run', async () => {
    const token = await t.login('member1.fr@example.org');
    const small = await t.gql(`{ viewer { person { displayName } } }`, {}, { token });
    expect(small.status).toBe(200);
    expect(small.headers.get('ratelimit-limit')).toBe(String(BUDGET.queryBudget));
    const before = remaining(small.headers);
    expect(before).toBeGreaterThan(BUDGET.queryBudget - 100);

    // 15 x 500 events of 4 fields each: some 37,500 fields to read, within every static query limit;
    // the same with 5 events each: some 375.
    const wide = await t.gql(HISTORY(15, 500), { n: 8 }, { token });
    expect(wide.status).toBe(429);
    expect(Number(wide.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(wide.data).toBeUndefined();
    expect(wide.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'TOO_MANY_REQUESTS', reason: 'queryBudget', limit: BUDGET.queryBudget, windowSeconds: BUDGET.queryBudgetWindowSeconds, retryAfterSeconds: expect.any(Number) }),
      }),
    ]);
    expect(wide.errors![0].extensions!.remaining).toBeLessThanOrEqual(before);

    // The same query with short lists is within the budget: the limits made the difference.
    const narrow = await t.gql(HISTORY(15, 5), { n: 8 }, { token });
    expect(narrow.status).toBe(200);
    expect(narrow.errors).toBeUndefined();
    expect(narrow.data.edition.h14).toEqual(expect.any(Array));
  });

  it('charges what a query read, per token; once spent, 429 until the window ends; other tokens and anonymous readers go on', async () => {
    const token = await t.login('president.fr@example.org');
    const other = await t.login('president.jp@example.org');
    const full = bench('full-program.graphql');
    let last = await t.gql(full, { number: 8 }, { token });
    expect(last.status).toBe(200);
    const cost = BUDGET.queryBudget - remaining(last.headers);
    // What the answer holds (the test demo's programme: several hundred fields), not the hundred fields its document names.
    expect(cost).toBeGreaterThan(300);
    for (let i = 0; i < 100 && last.status === 200; i++) last = await t.gql(full, { number: 8 }, { token });
    expect(last.status).toBe(429);
    expect(last.errors![0].extensions!.code).toBe('TOO_MANY_REQUESTS');
    const retryAfter = Number(last.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(BUDGET.queryBudgetWindowSeconds);

    expect((await t.gql(`{ viewer { person { displayName } } }`, {}, { token: other })).status).toBe(200);
    const anonymous = await t.gql(`{ editions { number } }`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('ratelimit-remaining')).toBeNull();

    // The window ends: the token is served again (waiting at most the window and a margin).
    const deadline = Date.now() + (BUDGET.queryBudgetWindowSeconds + 3) * 1000;
    let again = await t.gql(`{ viewer { person { displayName } } }`, {}, { token });
    while (again.status === 429 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Number(again.headers.get('retry-after')) * 1000));
      again = await t.gql(`{ viewer { person { displayName } } }`, {}, { token });
    }
    expect(again.status).toBe(200);
  });

  it('lets the benchmark queries and every example operation of the explorer through, each well within the default budget', async () => {
    const defaults = loadConfig({});
    const other = await t.startAnotherInstance({ config: { queryBudget: defaults.queryBudget, queryBudgetWindowSeconds: defaults.queryBudgetWindowSeconds } });
    const url = `${other.origin}/graphql`;
    const token = await t.login('member2.fr@example.org');
    const costs: Record<string, number> = {};
    let left = defaults.queryBudget;
    const run = async (name: string, body: Record<string, unknown>) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      expect(response.status).not.toBe(429);
      const now = remaining(response.headers);
      costs[name] = left - now;
      left = now;
    };
    await run('full-program', { query: bench('full-program.graphql'), variables: { number: 8 } });
    await run('published-program', { query: bench('published-program.graphql'), variables: { number: 8 } });
    for (const definition of parse(EXAMPLE_OPERATIONS).definitions) {
      if (definition.kind !== 'OperationDefinition' || definition.operation === 'subscription') continue;
      await run(definition.name!.value, { query: EXAMPLE_OPERATIONS, operationName: definition.name!.value });
    }
    const tooDear = Object.entries(costs).filter(([, cost]) => cost > defaults.queryBudget / 10);
    expect(tooDear).toEqual([]);
    expect(Object.keys(costs).length).toBeGreaterThan(3);
  });
});
