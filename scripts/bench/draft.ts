import { benchQuery, compareLoads, getTarget, gql, graphqlTarget, Load, progress, sameJson, send, Settings } from './lib';
import { roundTripsOf } from '../../test/helpers/counting-proxy';
import type { ReadStage } from './stages';

// The full draft programme (bench/full-program.graphql) as a committee member loads it, beside the
// floor's one statement.

const QUERY = benchQuery('full-program.graphql');
const VARIABLES = { number: 8 };

export const serviceTarget = (stage: ReadStage) => graphqlTarget(stage.service.origin, QUERY, VARIABLES, stage.member);
export const floorTarget = (stage: ReadStage) => getTarget(`${stage.floor.origin}/program?number=8`);

export interface ReadCheck {
  /** X-SQL-Statements of one answer (absent for the exports). */
  statements: number | null;
  /** Round trips to PostgreSQL for one answer, counted by the proxy. */
  wire: number;
  bytes: number;
  floorBytes: number;
  sessions?: number;
}

/** One answer of each, compared: the floor's JSON must equal the service's data, order included. */
export async function check(stage: ReadStage): Promise<ReadCheck> {
  // The second answer: the first may include what a process does once.
  await gql(stage.service.origin, QUERY, VARIABLES, stage.member);
  let reply!: Awaited<ReturnType<typeof gql>>;
  const wire = await roundTripsOf(stage.proxy, async () => (reply = await gql(stage.service.origin, QUERY, VARIABLES, stage.member)));
  if (reply.errors?.length) throw new Error(`the draft programme failed: ${reply.errors[0].message}`);
  const floor = await send(floorTarget(stage));
  if (!sameJson(reply.data, JSON.parse(floor.text))) throw new Error(`scale ${stage.scale}: the floor's draft programme differs from the service's`);
  const sessions = reply.data.edition.days.reduce((n: number, day: { sessions: unknown[] }) => n + day.sessions.length, 0);
  progress(`draft programme, scale ${stage.scale}: the floor's JSON equals the service's data (${sessions} sessions, ${reply.statements} statements)`);
  return { statements: reply.statements, wire, bytes: Buffer.byteLength(reply.text), floorBytes: Buffer.byteLength(floor.text), sessions };
}

export async function measure(stage: ReadStage, settings: Settings): Promise<{ service: Load; floor: Load }> {
  // At ×100 an answer takes seconds: two rounds of the whole duration each, so that the requests cut off
  // at the end of a round (and still served during the next, the other side's) weigh little.
  const [rounds, seconds] = stage.scale >= 100 ? [2, settings.duration] : [settings.rounds, settings.duration / settings.rounds];
  progress(`draft programme, scale ${stage.scale}: service and floor, ${rounds} rounds of ${seconds} s`);
  return compareLoads(serviceTarget(stage), floorTarget(stage), settings, rounds, seconds);
}
