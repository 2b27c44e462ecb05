import { performance } from 'node:perf_hooks';
import { gql, percentile, progress, query, request, Settings } from './lib';
import { sessionsOf, WriteStage } from './stages';

// A burst of conflicting updates: in each round, many clients send updateSession quoting the same
// version at once. Exactly one may succeed; every other must get CONFLICT. Afterwards the session's
// version must have moved by one per round, with one audit row per success, and hold the last winner's title.

const UPDATE = `mutation ($input: UpdateSessionInput!) { updateSession(input: $input) { version } }`;

type Outcome = 'ok' | 'conflict';
/** One client's attempt to set `title` at `version`. */
type Attempt = (sessionId: string, version: number, title: { fr: string; ja: string }, client: number) => Promise<Outcome>;

export interface ConflictFigures {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  winners: number;
  conflicts: number;
}

export interface ConflictResult {
  service: ConflictFigures;
  floor: ConflictFigures;
  checks: string[];
  problems: string[];
}

async function rounds(stage: WriteStage, session: { id: string; version: number }, count: number, clients: number, attempt: Attempt, who: string, problems: string[], checks: string[]): Promise<ConflictFigures> {
  const latencies: number[] = [];
  let winners = 0;
  let conflicts = 0;
  let lastWinner = '';
  const t0 = performance.now();
  for (let round = 0; round < count; round++) {
    const version = session.version + round;
    const outcomes = await Promise.all(Array.from({ length: clients }, async (_, client) => {
      const title = { fr: `Round ${round + 1}, client ${client + 1}`, ja: `第${round + 1}回 ${client + 1}` };
      const started = performance.now();
      try {
        const outcome = await attempt(session.id, version, title, client);
        if (outcome === 'ok') lastWinner = title.fr;
        return outcome;
      } catch (error) {
        return (error as Error).message;
      } finally {
        latencies.push(performance.now() - started);
      }
    }));
    const won = outcomes.filter((o) => o === 'ok').length;
    const lost = outcomes.filter((o) => o === 'conflict').length;
    winners += won;
    conflicts += lost;
    if (won !== 1 || lost !== clients - 1) problems.push(`${who}, round ${round + 1}: ${won} succeeded, ${lost} CONFLICT, others: ${outcomes.filter((o) => o !== 'ok' && o !== 'conflict').slice(0, 2).join('; ')}`);
  }
  const seconds = (performance.now() - t0) / 1000;

  const [db] = await query(stage.databaseUrl, `
    SELECT s.version, s.title->>'fr' AS title,
           (SELECT count(*)::int FROM change_event c WHERE c.entity_type = 'Session' AND c.entity_id = s.id::text AND c.action = 'UPDATE') AS audited
      FROM session s WHERE s.id = $1`, [session.id]);
  const line = `${who}: ${count} rounds of ${clients} → ${winners} succeeded, ${conflicts} CONFLICT; version ${session.version} → ${db.version}, ${db.audited} audit rows`;
  if (db.version === session.version + count && db.audited === count && db.title === lastWinner && winners === count) checks.push(`${line}, the last winner's title: nothing lost or doubled`);
  else problems.push(`${line}, title "${db.title}" (last winner "${lastWinner}")`);
  return { requests: count * clients, rps: (count * clients) / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), winners, conflicts };
}

export async function measure(stage: WriteStage, settings: Settings): Promise<ConflictResult> {
  const viaService: Attempt = async (id, expectedVersion, title, client) => {
    const reply = await gql(stage.service.origin, UPDATE, { input: { id, expectedVersion, title } }, stage.voters[client % stage.voters.length].token);
    if (!reply.errors) return 'ok';
    if (reply.errors[0].extensions?.code === 'CONFLICT') return 'conflict';
    throw new Error(`${reply.errors[0].extensions?.code}: ${reply.errors[0].message}`);
  };
  const viaFloor: Attempt = async (id, expectedVersion, title) => {
    const reply = await request(`${stage.floor.origin}/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, expectedVersion, title }),
    });
    if (reply.status === 200) return 'ok';
    if (reply.status === 409) return 'conflict';
    throw new Error(`floor: ${reply.status} ${reply.text}`);
  };

  // Sessions 1 and 2 are measured; 3 warms both up first.
  const [serviceSession, floorSession, warmUp] = await sessionsOf(stage);
  const checks: string[] = [];
  const problems: string[] = [];
  const ignored: string[] = [];
  const { clients, count } = { clients: settings.conflictClients, count: settings.conflictRounds };
  await rounds(stage, warmUp, 2, clients, viaService, 'warm-up', ignored, ignored);
  await rounds(stage, { ...warmUp, version: warmUp.version + 2 }, 2, clients, viaFloor, 'warm-up', ignored, ignored);
  progress(`conflicting updates: ${count} rounds of ${clients} clients, service`);
  const service = await rounds(stage, serviceSession, count, clients, viaService, 'service', problems, checks);
  progress(`conflicting updates: floor`);
  const floor = await rounds(stage, floorSession, count, clients, viaFloor, 'floor', problems, checks);
  return { service, floor, checks, problems };
}
