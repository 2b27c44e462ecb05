import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { benchQuery, burst, Child, cleanUp, demoDatabase, gql, login, progress, query, sleep, startService } from './lib';

// npm run probe:memory [-- --documents 2000 --idle 30 --pace 50 --only a,b,c]
//
// What anyone can make an instance hold, each probe against a fresh instance on a database with the demo:
//  a. distinct query documents (the full draft programme, only an alias changing), anonymous, then as
//     a committee member: resident memory before, after, and after some idle time;
//  b. programChanged subscriptions of one local-authority token (200 on one WebSocket, 10 x 100 more,
//     opened `pace` a second), then one ballot: the events it delivers and the SQL statements it costs,
//     counted in the instance's log at trace level (one "sql" line per statement);
//  c. one 10 MiB subscribe message after an anonymous connection_init: answered or refused, and memory.
// Prints a table. Measures only: the exit code says whether the probes ran, not what they found.

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const documents = Number(option('documents', '2000'));
const idleSeconds = Number(option('idle', '30'));
const pace = Number(option('pace', '50'));
const only = option('only', 'a,b,c').split(',');
if (!Number.isInteger(documents) || documents < 1 || documents > 100_000) throw new Error('--documents must be a whole number from 1 to 100000');
if (!Number.isInteger(pace) || pace < 1 || pace > 1000) throw new Error('--pace must be a whole number of subscriptions a second from 1 to 1000');
if (!Number.isInteger(idleSeconds) || idleSeconds < 0 || idleSeconds > 600) throw new Error('--idle must be a whole number of seconds from 0 to 600');

const SUBSCRIBE = `subscription ($id: ID!) { programChanged(editionId: $id) { id entityType action } }`;
const UPDATE = `mutation ($input: UpdateSessionInput!) { updateSession(input: $input) { version } }`;
const CAST = `mutation ($input: CastBallotInput!) { castBallot(input: $input) { id } }`;
const MESSAGE_MIB = 10;

const rows: Array<[string, string, string]> = [];
const note = (probe: string, what: string, value: string) => {
  rows.push([probe, what, value]);
  progress(`  ${probe} ${what}: ${value}`);
};
const mib = (value: number) => `${value.toFixed(0)} MiB`;
const rss = (child: Child) => child.memory().rss;
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').trim();
const tallied = (codes: Map<string, number>) => [...codes].map(([code, n]) => `${n} ${code}`).join(', ');

// --- a. distinct documents -------------------------------------------------------------------------------

async function probeDocuments(databaseUrl: string): Promise<void> {
  progress(`a. ${documents} distinct full-programme documents, anonymous then signed in`);
  const service = await startService(databaseUrl);
  const member = await login(service.origin, 'member1.fr@example.org');
  const programme = benchQuery('full-program.graphql');
  if (!programme.includes('edition(number: $number)')) throw new Error('bench/full-program.graphql no longer reads edition(number: $number)');
  note('a', 'RSS before', mib(rss(service)));
  for (const [who, prefix, token] of [['anonymous', 'anonymous', undefined], ['committee member', 'member', member]] as const) {
    const codes = new Map<string, number>();
    const indexes = Array.from({ length: documents }, (_, i) => i);
    const run = await burst(indexes, 4, async (i) => {
      const reply = await gql(service.origin, programme.replace('edition(number: $number)', `${prefix}${i}: edition(number: $number)`), { number: 8 }, token);
      const code = reply.errors?.[0]?.extensions?.code ?? (reply.data?.[`${prefix}${i}`] ? 'data' : 'no data');
      codes.set(code, (codes.get(code) ?? 0) + 1);
    });
    note('a', `${who}: answers`, `${tallied(codes)}${run.failures.length ? `, ${run.failures.length} failed (${run.failures[0]})` : ''} in ${run.seconds.toFixed(0)} s`);
    note('a', `${who}: RSS after ${documents} documents`, mib(rss(service)));
    await sleep(idleSeconds * 1000);
    note('a', `${who}: RSS after ${idleSeconds} s idle`, mib(rss(service)));
  }
  note('a', 'VmHWM (peak RSS)', mib(service.memory().peak));
  await service.stop();
}

// --- b. subscriptions of one token, and one ballot ---------------------------------------------------------

interface Subscription {
  /** Messages received: events, and events that came as errors. */
  messages: number;
  events: number;
  /** Events that came as errors, by code. */
  errors: Map<string, number>;
  /** How it ended, if it did. */
  ended?: string;
}

function describe(error: unknown): string {
  if (Array.isArray(error)) return error.map((e) => e?.extensions?.code ?? e?.message).join(' + ');
  const close = error as { code?: number; reason?: string };
  return typeof close?.code === 'number' ? `socket closed ${close.code}` : (error as Error)?.message ?? String(error);
}

/** SQL statements the instance logged (at trace level) since `from`, and those of them that read change_event. */
function statementsSince(child: Child, from: number): { all: number; eventReads: number } {
  let all = 0;
  let eventReads = 0;
  for (const line of child.output().slice(from).split('\n')) {
    if (!line.includes('"msg":"sql"')) continue;
    all += 1;
    const { sql } = JSON.parse(line) as { sql: string };
    if (/^\s*SELECT\b/i.test(sql) && /FROM\s+"change_event"/i.test(sql)) eventReads += 1;
  }
  return { all, eventReads };
}

async function probeSubscriptions(databaseUrl: string): Promise<void> {
  progress('b. 200 programChanged subscriptions on one WebSocket and 10 x 100 more, one local-authority token; then one ballot');
  const service = await startService(databaseUrl, [], { LOG_LEVEL: 'trace' });
  const [{ id: editionId }] = await query<{ id: string }>(databaseUrl, 'SELECT id FROM edition WHERE number = 8');
  const [session] = await query<{ id: string; version: number }>(databaseUrl, 'SELECT id, version FROM session WHERE edition_id = $1 ORDER BY starts_at, id LIMIT 1', [editionId]);
  const [{ id: themeId }] = await query<{ id: string }>(databaseUrl, `SELECT id FROM theme WHERE edition_id = $1 AND status = 'VOTING' ORDER BY id LIMIT 1`, [editionId]);
  const authority = await login(service.origin, 'rep.aix@example.org');
  const member = await login(service.origin, 'member3.fr@example.org');
  note('b', 'RSS before', mib(rss(service)));

  const closes = new Map<string, number>();
  const clients = Array.from({ length: 11 }, () => createClient({
    url: `${service.origin.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${authority}` },
    retryAttempts: 0,
    on: { closed: (event) => void closes.set(describe(event), (closes.get(describe(event)) ?? 0) + 1) },
  }));
  const subscriptions: Subscription[] = [];
  const subscribe = (client: (typeof clients)[number]) => {
    const s: Subscription = { messages: 0, events: 0, errors: new Map() };
    subscriptions.push(s);
    client.subscribe({ query: SUBSCRIBE, variables: { id: editionId } }, {
      next: (value: any) => {
        s.messages += 1;
        if (value.data?.programChanged) s.events += 1;
        else s.errors.set(describe(value.errors), (s.errors.get(describe(value.errors)) ?? 0) + 1);
      },
      error: (error) => void (s.ended ??= describe(error)),
      complete: () => void (s.ended ??= 'completed'),
    });
  };
  // Paced: 1,200 at once make the instance's connection pool time out (socket closed 4500 or 4403).
  const plan = [...Array.from({ length: 200 }, () => clients[0]), ...clients.slice(1).flatMap((client) => Array.from({ length: 100 }, () => client))];
  for (const [i, client] of plan.entries()) {
    subscribe(client);
    await sleep(1000 / pace);
  }

  // graphql-ws does not acknowledge a subscription: an update that reaches each one (as an event or an
  // error) says they are all set up.
  const settle = async (heard: (s: Subscription) => boolean, ms: number) => {
    for (let waited = 0; waited < ms && !subscriptions.every((s) => s.ended || heard(s)); waited += 100) await sleep(100);
  };
  for (let attempt = 1; attempt <= 3 && !subscriptions.every((s) => s.ended || s.messages >= 1); attempt++) {
    const [{ version }] = await query<{ version: number }>(databaseUrl, 'SELECT version FROM session WHERE id = $1', [session.id]);
    const priming = await gql(service.origin, UPDATE, { input: { id: session.id, expectedVersion: version, title: { fr: `Sonde ${attempt}`, ja: `プローブ ${attempt}` } } }, member);
    if (priming.errors) throw new Error(`priming update: ${priming.errors[0].message}`);
    await settle((s) => s.messages >= 1, 20_000);
  }
  const live = subscriptions.filter((s) => !s.ended && s.messages >= 1);
  const count = (pick: (s: Subscription) => Array<[string, number]>) => {
    const codes = new Map<string, number>();
    for (const [code, n] of subscriptions.flatMap(pick)) codes.set(code, (codes.get(code) ?? 0) + n);
    return codes;
  };
  const ended = count((s) => (s.ended ? [[s.ended, 1]] : []));
  note('b', `subscriptions opened (${pace} a second)`, `${subscriptions.length}; ended: ${tallied(ended) || 'none'}; sockets closed: ${tallied(closes) || 'none'}`);
  note('b', 'subscriptions live (reached by a priming update, not ended)', String(live.length));
  const errorsBefore = count((s) => [...s.errors]);
  if (errorsBefore.size) note('b', 'priming events that came as errors', tallied(errorsBefore));
  note('b', 'RSS with the subscriptions', mib(rss(service)));

  await sleep(1000);
  const mark = service.output().length;
  const before = new Map(subscriptions.map((s) => [s, { events: s.events, messages: s.messages }]));
  const t0 = performance.now();
  const ballot = await gql(service.origin, CAST, { input: { themeId, choice: 'FOR' } }, member);
  if (ballot.errors) throw new Error(`ballot: ${ballot.errors[0].message}`);
  await settle((s) => s.messages > before.get(s)!.messages, 30_000);
  const settled = performance.now() - t0;
  // Statements logged a little after the last event still belong to it.
  await sleep(2000);
  const delivered = subscriptions.reduce((n, s) => n + s.events - before.get(s)!.events, 0);
  const errorsAfter = count((s) => [...s.errors]);
  const ballotErrors = [...errorsAfter].map(([code, n]) => [code, n - (errorsBefore.get(code) ?? 0)] as const).filter(([, n]) => n > 0);
  const statements = statementsSince(service, mark);
  const without = live.filter((s) => s.messages === before.get(s)!.messages).length;
  note('b', 'events delivered for the one ballot', `${delivered} to ${live.length} live subscriptions, ` +
    (without ? `${without} of which had none ${(settled / 1000).toFixed(1)} s later` : `the last ${(settled / 1000).toFixed(1)} s after the ballot was sent`));
  if (ballotErrors.length) note('b', 'ballot events that came as errors', ballotErrors.map(([code, n]) => `${n} ${code}`).join(', '));
  note('b', 'SQL statements of the castBallot request (X-SQL-Statements)', String(ballot.statements));
  note('b', 'SQL statements logged by the instance from the ballot to 2 s after its last event', `${statements.all}, of which ${statements.eventReads} SELECT … FROM change_event`);
  note('b', 'RSS after the ballot', mib(rss(service)));
  await Promise.all(clients.map((client) => client.dispose()));
  await service.stop();
}

// --- c. one large WebSocket message ------------------------------------------------------------------------

async function probeLargeMessage(databaseUrl: string): Promise<void> {
  progress(`c. one ${MESSAGE_MIB} MiB subscribe message after an anonymous connection_init`);
  const service = await startService(databaseUrl);
  const socket = new WebSocket(`${service.origin.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const received: Array<{ type: string; text: string }> = [];
  let closed: string | undefined;
  const wait = async (until: () => boolean, ms: number) => {
    for (let waited = 0; waited < ms && !until(); waited += 50) await sleep(50);
  };
  socket.on('message', (data) => {
    const text = String(data);
    let type = 'not JSON';
    try {
      type = JSON.parse(text).type;
    } catch {}
    received.push({ type, text: text.slice(0, 200) });
  });
  socket.on('close', (code, reason) => (closed = `closed ${code}${reason.length ? ` ${reason}` : ''}`));
  socket.on('error', (error) => (closed ??= `error ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  const acknowledged = () => received.some((m) => m.type === 'connection_ack');
  await wait(() => acknowledged() || closed !== undefined, 10_000);
  note('c', 'anonymous connection_init', acknowledged() ? 'acknowledged' : closed ?? 'no answer in 10 s');
  const memoryBefore = service.memory();
  note('c', 'RSS before', mib(memoryBefore.rss));
  // The operation is tiny; a comment fills the message, which the service must read whole to parse.
  const message = JSON.stringify({
    id: '1', type: 'subscribe',
    payload: { query: `query { __typename }\n#${'x'.repeat(MESSAGE_MIB * 1024 * 1024)}` },
  });
  const answered = received.length;
  socket.send(message);
  await wait(() => received.slice(answered).some((m) => m.type === 'complete' || m.type === 'error') || closed !== undefined, 30_000);
  await sleep(1000);
  const answers = received.slice(answered);
  note('c', `${(message.length / 1024 / 1024).toFixed(1)} MiB subscribe message`,
    `${answers.length ? `answered: ${answers.map((m) => m.type).join(', ')} (first: ${answers[0].text})` : 'no answer'}${closed ? `; socket ${closed}` : '; socket still open'}`);
  note('c', 'RSS after', mib(rss(service)));
  note('c', 'VmHWM (peak RSS) before / after', `${mib(memoryBefore.peak)} / ${mib(service.memory().peak)}`);
  socket.terminate();
  await service.stop();
}

async function main(): Promise<number> {
  progress(`memory probes (${only.join(', ')}); load average ${loadAverage()}`);
  const database = await demoDatabase('probe', 1);
  if (only.includes('a')) await probeDocuments(database.url);
  if (only.includes('b')) await probeSubscriptions(database.url);
  if (only.includes('c')) await probeLargeMessage(database.url);
  const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), 5));
  console.log(`\nMemory probes: ${documents} documents, ${idleSeconds} s idle; load average at the end ${loadAverage()}\n`);
  console.log(`| ${'probe'.padEnd(width[0])} | ${'what'.padEnd(width[1])} | ${'figure'.padEnd(width[2])} |`);
  console.log(`| ${'-'.repeat(width[0])} | ${'-'.repeat(width[1])} | ${'-'.repeat(width[2])} |`);
  for (const row of rows) console.log(`| ${row.map((cell, i) => cell.padEnd(width[i])).join(' | ')} |`);
  return 0;
}

process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));
main()
  .catch((error) => {
    console.error(error);
    return 1;
  })
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  });
