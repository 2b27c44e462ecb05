import { Burst, burst, gqlData, progress, query, request, Settings } from './lib';
import type { Voter, WriteStage } from './stages';

// A burst of parallel ballots from distinct voters: every voter's
// first ballot, then every voter's replacement, through the service and through the floor (the same
// guarded upsert, audit row and NOTIFY in one statement), each on a theme of its own. Afterwards the
// database must hold exactly one ballot per voter and one audit row per request.

const CAST = `mutation ($input: CastBallotInput!) { castBallot(input: $input) { id } }`;

export interface BallotFigures {
  service: { first: Burst; replaced: Burst };
  floor: { first: Burst; replaced: Burst };
  checks: string[];
  problems: string[];
}

async function openVote(stage: WriteStage, title: string): Promise<string> {
  const { proposeTheme } = await gqlData(stage.service.origin, `mutation ($input: ProposeThemeInput!) { proposeTheme(input: $input) { id } }`,
    { input: { editionId: stage.editionId, title: { fr: title, ja: title } } }, stage.president);
  await gqlData(stage.service.origin, `mutation ($id: ID!) { openThemeVote(themeId: $id) { id } }`, { id: proposeTheme.id }, stage.president);
  return proposeTheme.id;
}

export async function measure(stage: WriteStage, settings: Settings): Promise<BallotFigures> {
  const { voters } = stage;
  const viaService = (themeId: string, choice: string) => async (voter: Voter) => {
    await gqlData(stage.service.origin, CAST, { input: { themeId, choice } }, voter.token);
  };
  const viaFloor = (themeId: string, choice: string) => async (voter: Voter) => {
    const reply = await request(`${stage.floor.origin}/ballot`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ themeId, voterId: voter.id, committeeId: voter.committeeId, choice }),
    });
    if (reply.status !== 200) throw new Error(`floor ballot: ${reply.status} ${reply.text}`);
  };

  // A warm-up on a theme of its own, so that the first figures do not include compiling the code paths.
  const warmUp = await openVote(stage, 'Échauffement');
  const few = voters.slice(0, 20);
  await burst(few, settings.ballotConcurrency, viaService(warmUp, 'FOR'));
  await burst(few, settings.ballotConcurrency, viaFloor(warmUp, 'AGAINST'));

  const [serviceTheme, floorTheme] = [await openVote(stage, 'Thème du banc d’essai'), await openVote(stage, 'Plancher SQL')];
  progress(`ballots: ${voters.length} voters, ${settings.ballotConcurrency} in flight, service`);
  const service = {
    first: await burst(voters, settings.ballotConcurrency, viaService(serviceTheme, 'FOR')),
    replaced: await burst(voters, settings.ballotConcurrency, viaService(serviceTheme, 'AGAINST')),
  };
  progress(`ballots: floor`);
  const floor = {
    first: await burst(voters, settings.ballotConcurrency, viaFloor(floorTheme, 'FOR')),
    replaced: await burst(voters, settings.ballotConcurrency, viaFloor(floorTheme, 'AGAINST')),
  };

  const checks: string[] = [];
  const problems: string[] = [];
  for (const [who, themeId, figures] of [['service', serviceTheme, service], ['floor', floorTheme, floor]] as const) {
    for (const [when, b] of Object.entries(figures)) if (b.failures.length) problems.push(`${who}, ${when}: ${b.failures.length} ballots failed (${b.failures[0]})`);
    const [db] = await query(stage.databaseUrl, `
      SELECT count(*)::int AS ballots, count(DISTINCT b.voter_id)::int AS voters,
             count(*) FILTER (WHERE b.choice = 'AGAINST')::int AS replaced,
             (SELECT count(*)::int FROM change_event c WHERE c.entity_type = 'Ballot' AND c.entity_id IN (SELECT id::text FROM ballot WHERE theme_id = $1)) AS audited
        FROM ballot b WHERE b.theme_id = $1`, [themeId]);
    const expected = { ballots: voters.length, voters: voters.length, replaced: voters.length, audited: 2 * voters.length };
    const line = `${who}: ${db.ballots} ballots from ${db.voters} distinct voters, ${db.replaced} replaced, ${db.audited} audit rows`;
    if (Object.entries(expected).every(([key, value]) => db[key] === value)) checks.push(`${line}: one ballot per voter, one audit row per request`);
    else problems.push(`${line}; expected ${JSON.stringify(expected)}`);
  }
  return { service, floor, checks, problems };
}
