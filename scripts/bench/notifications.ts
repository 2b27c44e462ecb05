import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import WebSocket from 'ws';
import { cleanUp, demoDatabase, gqlData, login, onCleanup, progress, query, startService } from './lib';

// npm run bench:notifications [-- --rounds N --people N]: the service as in production (a child
// process on DATABASE_URL's server, mail to an SMTP server run here). Measures
// 1. the time from a change's commit (its mutation's answer) to its notification in a subscriber and
//    to its mail in the SMTP server, p50/p99 over N rounds (a vote opened: 8 voters told each time);
// 2. the queue's throughput for a release told to N more people (seated on a committee), to the last
//    notification row and the last mail received.

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const ROUNDS = argument('rounds', 60);
const PEOPLE = argument('people', 500);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function until(check: () => boolean | Promise<boolean>, bound = 120_000): Promise<void> {
  const end = performance.now() + bound;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`not within ${bound} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function main(): Promise<void> {
  const mails: Array<{ to: string; subject: string; at: number }> = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        const at = performance.now();
        for (const rcpt of session.envelope.rcptTo) mails.push({ to: rcpt.address.toLowerCase(), subject: mail.subject ?? '', at });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const database = await demoDatabase('notifications', 1);
  const service = await startService(database.url, [], { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, PUBLIC_URL: 'https://programme.example.org' });
  onCleanup(() => service.stop());
  const origin = service.origin;
  const admin = await login(origin, 'admin@example.org');
  const president = await login(origin, 'president.fr@example.org');
  const member = await login(origin, 'member1.fr@example.org');
  const edition = (await gqlData(origin, `{ edition(number: 8) { id } }`)).edition.id as string;

  // 1. Latency, one change at a time.
  const pushed = new Map<string, number>();
  const ws = createClient({ url: `${origin.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${member}` } });
  onCleanup(async () => ws.dispose());
  ws.subscribe(
    { query: `subscription { notificationAdded { kind entityId } }` },
    { next: (m) => void pushed.set(`${(m.data as any).notificationAdded.kind}:${(m.data as any).notificationAdded.entityId}`, performance.now()), error: () => undefined, complete: () => undefined },
  );
  const openVote = async (title: string) => {
    const id = (await gqlData(origin, `mutation ($i: ProposeThemeInput!) { proposeTheme(input: $i) { id } }`, { i: { editionId: edition, title: { fr: title, ja: title } } }, president)).proposeTheme.id;
    await gqlData(origin, `mutation ($id: ID!) { openThemeVote(themeId: $id) { id } }`, { id }, admin);
    return { id, committed: performance.now() };
  };
  // Warm up until the subscription hears.
  for (let i = 0; ; i++) {
    const { id } = await openVote(`Échauffement ${i}`);
    try {
      await until(() => pushed.has(`VOTE_OPENED:${id}`), 5_000);
      break;
    } catch {
      if (i > 10) throw new Error('the subscription never heard of a vote');
    }
  }
  const toSubscriber: number[] = [];
  const toMail: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const title = `Mesure ${round}`;
    const { id, committed } = await openVote(title);
    await until(() => pushed.has(`VOTE_OPENED:${id}`));
    await until(() => mails.some((m) => m.to === 'member1.fr@example.org' && m.subject.endsWith(` ${title}`)));
    toSubscriber.push(pushed.get(`VOTE_OPENED:${id}`)! - committed);
    toMail.push(mails.find((m) => m.to === 'member1.fr@example.org' && m.subject.endsWith(` ${title}`))!.at - committed);
  }
  progress(`commit -> subscriber over ${ROUNDS} changes: p50 ${ms(percentile(toSubscriber, 50))}, p99 ${ms(percentile(toSubscriber, 99))}`);
  progress(`commit -> SMTP server over ${ROUNDS} changes: p50 ${ms(percentile(toMail, 50))}, p99 ${ms(percentile(toMail, 99))}`);

  // 2. Throughput: a release told to the committees and PEOPLE more members.
  await query(
    database.url,
    `WITH p AS (
       INSERT INTO person (name_latin, email, role, preferred_locale)
       SELECT 'Membre ' || n, 'bench' || n || '@example.org', 'COMMITTEE', CASE WHEN n % 2 = 0 THEN 'FR' ELSE 'JA' END FROM generate_series(1, $2) n
       RETURNING id)
     INSERT INTO committee_member (committee_id, person_id, role)
     SELECT (SELECT id FROM committee WHERE edition_id = $1 AND country = 'FR'), p.id, 'MEMBER' FROM p`,
    [edition, PEOPLE],
  );
  const before = mails.length;
  const start = performance.now();
  const release = (await gqlData(origin, `mutation ($e: ID!) { publishProgram(editionId: $e) { id } }`, { e: edition }, admin)).publishProgram.id;
  const committed = performance.now();
  const recipients = Number((await query(database.url, `SELECT count(DISTINCT person_id) AS n FROM committee_member m JOIN committee c ON c.id = m.committee_id WHERE c.edition_id = $1`, [edition]))[0].n) +
    Number((await query(database.url, `SELECT count(*) AS n FROM person p JOIN participation f ON f.local_authority_id = p.local_authority_id WHERE f.edition_id = $1 AND f.status <> 'CANCELLED'`, [edition]))[0].n);
  let written = 0;
  await until(async () => {
    written = Number((await query(database.url, `SELECT count(*) AS n FROM notification WHERE entity_id = $1`, [release]))[0].n);
    return written >= recipients;
  });
  const rowsDone = performance.now();
  await until(() => mails.length - before >= recipients);
  const mailsDone = performance.now();
  progress(`release told to ${recipients} people: answer in ${ms(committed - start)}; ${recipients} notifications written ${ms(rowsDone - committed)} after commit ` +
    `(${(recipients / ((rowsDone - committed) / 1000)).toFixed(0)}/s); ${recipients} mails received ${ms(mailsDone - committed)} after commit (${(recipients / ((mailsDone - committed) / 1000)).toFixed(0)}/s)`);
}

main()
  .then(cleanUp, async (error) => {
    console.error(error);
    await cleanUp();
    process.exitCode = 1;
  });
