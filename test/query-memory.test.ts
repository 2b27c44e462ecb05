import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startTestApp, TestApp } from './helpers/app';

// What distinct query documents make an instance hold: anyone can send thousands, each differing only
// by an alias; the caches they fill (parsed documents, compiled queries) are bounded by count and size.
// The service runs in this process: its heap, after a full collection, is what it holds.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const FULL_PROGRAM = readFileSync(path.join(__dirname, '..', 'bench', 'full-program.graphql'), 'utf8');
const DOCUMENTS = 2_000;
/** Heap growth allowed after 2 x 2,000 documents: the caches' bounds, with room for noise. */
const MARGIN_MIB = 60;

let t: TestApp;
let member: string;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  member = await t.login('member1.fr@example.org');
});
afterAll(() => t?.close());

const heapMiB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

/** The full programme of an edition that does not exist (answered at once), with alias `alias`. */
const documentWith = (alias: string) => FULL_PROGRAM.replace('edition(number: $number)', `${alias}: edition(number: $number)`);

async function send(prefix: string, token?: string): Promise<Map<string, number>> {
  const outcomes = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < DOCUMENTS) {
      const i = next++;
      const reply = await t.gql(documentWith(`${prefix}${i}`), { number: 999 }, { token });
      const outcome = reply.errors?.[0]?.extensions?.code ?? (reply.data && `${prefix}${i}` in reply.data ? 'data' : 'nothing');
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return outcomes;
}

it(`holds a bounded amount of memory for ${DOCUMENTS} distinct documents, anonymous and signed in`, async () => {
  // Warm: the first requests fill what every request uses once (schema caches, connections).
  for (let i = 0; i < 20; i++) {
    await t.gql(documentWith(`warm${i}`), { number: 999 });
    await t.gql(documentWith(`warm${i}`), { number: 999 }, { token: member });
  }
  const before = heapMiB();
  expect(Object.fromEntries(await send('anonymous'))).toEqual({ data: DOCUMENTS });
  const afterAnonymous = heapMiB();
  expect(Object.fromEntries(await send('member', member))).toEqual({ data: DOCUMENTS });
  const afterMember = heapMiB();
  expect(afterAnonymous - before).toBeLessThan(MARGIN_MIB);
  expect(afterMember - before).toBeLessThan(MARGIN_MIB);
}, 600_000);

it('still answers a repeated query as the first time (compiled after it proved it runs)', async () => {
  const query = documentWith('repeated');
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await t.gql(query, { number: 8 }, { token: member }));
  expect(answers[0].errors).toBeUndefined();
  expect(answers[0].data.repeated.days.length).toBeGreaterThan(0);
  expect(answers.map((a) => a.data)).toEqual([answers[0].data, answers[0].data, answers[0].data]);
});
