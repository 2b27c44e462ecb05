import { benchQuery, compareLoads, getTarget, gql, gqlData, graphqlTarget, Load, progress, sameJson, send, Settings } from './lib';
import { roundTripsOf } from '../../test/helpers/counting-proxy';
import type { ReadCheck } from './draft';
import type { ReadStage } from './stages';

// The published programme: the latest release through GraphQL (bench/published-program.graphql, no
// token) and the public export /editions/8/program.json, beside the floor rendering the same JSON
// from the stored snapshot in one statement.

const QUERY = benchQuery('published-program.graphql');
const VARIABLES = { number: 8 };
const EXPORT = '/editions/8/program.json';

export const targets = (stage: ReadStage) => ({
  release: { service: graphqlTarget(stage.service.origin, QUERY, VARIABLES), floor: getTarget(`${stage.floor.origin}/release?number=8`) },
  export: { service: getTarget(`${stage.service.origin}${EXPORT}`), floor: getTarget(`${stage.floor.origin}${EXPORT}`) },
});

/** Publishes the draft (release 0.1), then compares one answer of each. */
export async function check(stage: ReadStage): Promise<{ release: ReadCheck; export: ReadCheck }> {
  const { edition } = await gqlData(stage.service.origin, `{ edition(number: 8) { id } }`);
  await gqlData(stage.service.origin, `mutation ($id: ID!) { publishProgram(editionId: $id) { version } }`, { id: edition.id }, stage.president);
  const t = targets(stage);

  // The second answer: the first may include what a process does once.
  await gql(stage.service.origin, QUERY, VARIABLES);
  let reply!: Awaited<ReturnType<typeof gql>>;
  const wire = await roundTripsOf(stage.proxy, async () => (reply = await gql(stage.service.origin, QUERY, VARIABLES)));
  if (reply.errors?.length || !reply.data.edition.latestRelease) throw new Error(`the latest release failed: ${reply.text.slice(0, 200)}`);
  const floorRelease = await send(t.release.floor);
  if (!sameJson(reply.data, JSON.parse(floorRelease.text))) throw new Error(`scale ${stage.scale}: the floor's release differs from the service's`);

  // The page links start with the address asked for: both are asked under one name.
  const host = { host: 'programme.example' };
  await send(t.export.service, host); // the first answer renders and caches the page; later ones are measured
  let exported!: Awaited<ReturnType<typeof send>>;
  const exportWire = await roundTripsOf(stage.proxy, async () => (exported = await send(t.export.service, host)));
  const floorExport = await send(t.export.floor, host);
  if (exported.status !== 200 || !sameJson(JSON.parse(exported.text), JSON.parse(floorExport.text))) {
    throw new Error(`scale ${stage.scale}: the floor's program.json differs from the service's`);
  }
  progress(`published programme, scale ${stage.scale}: the floor's JSON equals the service's, for the release and for program.json`);
  return {
    release: { statements: reply.statements, wire, bytes: Buffer.byteLength(reply.text), floorBytes: Buffer.byteLength(floorRelease.text) },
    export: { statements: null, wire: exportWire, bytes: Buffer.byteLength(exported.text), floorBytes: Buffer.byteLength(floorExport.text) },
  };
}

export async function measure(stage: ReadStage, settings: Settings): Promise<Record<'release' | 'export', { service: Load; floor: Load }>> {
  const t = targets(stage);
  const figures = {} as Record<'release' | 'export', { service: Load; floor: Load }>;
  for (const kind of ['release', 'export'] as const) {
    progress(`published programme (${kind === 'release' ? 'latestRelease' : 'program.json'}), scale ${stage.scale}: service and floor, ${settings.rounds} rounds`);
    figures[kind] = await compareLoads(t[kind].service, t[kind].floor, settings);
  }
  return figures;
}
