import { performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { Child, gqlData, percentile, progress, request, Settings, sleep, startService } from './lib';
import { sessionsOf, WriteStage } from './stages';

// Live changes across instances: a graphql-ws subscriber of programChanged on one service instance,
// updateSession on another instance sharing the database. Each try times the event's arrival from the
// moment the mutation's HTTP answer arrived (negative: the event came first). Baseline: the floor's
// update (one statement with its pg_notify) heard by a bare LISTEN connection, timed the same way.

const UPDATE = `mutation ($input: UpdateSessionInput!) { updateSession(input: $input) { version } }`;
const SUBSCRIBE = `subscription ($id: ID!) { programChanged(editionId: $id) { action entityType entityId } }`;

export interface LiveFigures {
  tries: number;
  /** From the write's HTTP answer to the event. */
  median: number;
  p90: number;
  /** From the write's HTTP request to the event: positive for both, so their ratio means something. */
  fromRequest: { median: number; p90: number };
}

/** Times `tries` writes from their answer (and their request) to the arrival of their event; one untimed try first. */
async function timeTries(tries: number, write: (i: number) => Promise<void>, nextEvent: () => Promise<number>): Promise<LiveFigures> {
  const fromAnswer: number[] = [];
  const fromRequest: number[] = [];
  for (let i = 0; i <= tries; i++) {
    const arrived = nextEvent();
    const sent = performance.now();
    await write(i);
    const answered = performance.now();
    const at = await arrived;
    if (i > 0) {
      fromAnswer.push(at - answered);
      fromRequest.push(at - sent);
    }
    await sleep(50);
  }
  return {
    tries,
    median: percentile(fromAnswer, 50),
    p90: percentile(fromAnswer, 90),
    fromRequest: { median: percentile(fromRequest, 50), p90: percentile(fromRequest, 90) },
  };
}

/** A queue of arrival times of events about `entityId`. */
function arrivals() {
  const waiting: Array<(at: number) => void> = [];
  return {
    next: () => new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no event within 10 s')), 10_000);
      waiting.push((at) => {
        clearTimeout(timer);
        resolve(at);
      });
    }),
    arrived: () => waiting.shift()?.(performance.now()),
  };
}

export async function measure(stage: WriteStage, settings: Settings): Promise<{ service: LiveFigures; floor: LiveFigures; second: Child }> {
  const [, , , serviceSession, floorSession] = await sessionsOf(stage);
  const second = await startService(stage.databaseUrl);
  const token = stage.voters[0].token;

  progress(`live changes: ${settings.liveTries} tries, subscriber on one instance, updates on another`);
  const events = arrivals();
  const client = createClient({
    url: `${stage.service.origin.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  let service: LiveFigures;
  try {
    const unsubscribe = client.subscribe(
      { query: SUBSCRIBE, variables: { id: stage.editionId } },
      { next: (value: any) => value.data?.programChanged?.entityId === serviceSession.id && events.arrived(), error: (e) => console.error(e), complete: () => undefined },
    );
    await new Promise<void>((resolve) => client.on('connected', () => resolve()));
    await sleep(200); // the subscribe message follows the connection
    service = await timeTries(settings.liveTries, async (i) => {
      await gqlData(second.origin, UPDATE, { input: { id: serviceSession.id, expectedVersion: serviceSession.version + i, interpretation: i % 2 === 0 } }, token);
    }, events.next);
    unsubscribe();
  } finally {
    await client.dispose();
  }

  progress(`live changes: floor (LISTEN/NOTIFY)`);
  const floorEvents = arrivals();
  const listener = new Client({ connectionString: stage.databaseUrl });
  await listener.connect();
  let floor: LiveFigures;
  try {
    listener.on('notification', () => floorEvents.arrived());
    await listener.query('LISTEN program_changed');
    floor = await timeTries(settings.liveTries, async (i) => {
      const reply = await request(`${stage.floor.origin}/session`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: floorSession.id, expectedVersion: floorSession.version + i, title: { fr: `Essai ${i}`, ja: `試行 ${i}` } }),
      });
      if (reply.status !== 200) throw new Error(`floor update: ${reply.status} ${reply.text}`);
    }, floorEvents.next);
  } finally {
    await listener.end();
  }
  return { service, floor, second };
}
