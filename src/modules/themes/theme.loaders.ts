import { EntityManager, In } from 'typeorm';
import { Country } from '../../common/enums';
import type { RequestContext } from '../context';
import { isUuid } from '../../db/loaders';
import { Ballot } from './ballot.entity';
import { Theme } from './theme.entity';
import type { CommitteeCount } from './vote-rule';

/** The themes of an edition, in the order they were proposed. */
export const THEME_ORDER = { createdAt: 'ASC', id: 'ASC' } as const;

export const themesOfEdition = (ctx: RequestContext) => ctx.loaders.byForeignKey(Theme, 'editionId', THEME_ORDER);

export interface VoteCounts {
  quorumShare: number;
  /** One per committee of the theme's edition, French first. */
  committees: Array<CommitteeCount & { committeeId: string }>;
}

interface VoteRow {
  theme_id: string;
  quorum_share: string;
  committee_id: string;
  country: Country;
  eligible: number;
  for: number;
  against: number;
  abstain: number;
}

/**
 * Per theme, per committee of its edition: the voting seats (PRESIDENT, MEMBER) and their ballots by
 * choice, in one statement for any number of themes. A ballot counts while its voter holds a voting
 * seat in the committee it was cast for, so that a committee never counts more ballots than seats.
 */
export async function countVotes(manager: EntityManager, themeIds: readonly string[]): Promise<Map<string, VoteCounts>> {
  const ids = [...new Set(themeIds.filter(isUuid))];
  const result = new Map<string, VoteCounts>();
  if (!ids.length) return result;
  const rows: VoteRow[] = await manager.query(
    `SELECT t.id AS theme_id, e.quorum_share, c.id AS committee_id, c.country,
            count(m.id)::int AS eligible,
            count(b.id) FILTER (WHERE b.choice = 'FOR')::int AS for,
            count(b.id) FILTER (WHERE b.choice = 'AGAINST')::int AS against,
            count(b.id) FILTER (WHERE b.choice = 'ABSTAIN')::int AS abstain
       FROM theme t
       JOIN edition e ON e.id = t.edition_id
       JOIN committee c ON c.edition_id = t.edition_id
       LEFT JOIN committee_member m ON m.committee_id = c.id AND m.role IN ('PRESIDENT', 'MEMBER')
       LEFT JOIN ballot b ON b.theme_id = t.id AND b.voter_id = m.person_id AND b.committee_id = c.id
      WHERE t.id = ANY($1::uuid[])
      GROUP BY t.id, e.quorum_share, c.id, c.country
      ORDER BY c.country, c.id`,
    [ids],
  );
  for (const row of rows) {
    let counts = result.get(row.theme_id);
    if (!counts) result.set(row.theme_id, (counts = { quorumShare: Number(row.quorum_share), committees: [] }));
    counts.committees.push({
      committeeId: row.committee_id,
      country: row.country,
      eligible: row.eligible,
      for: row.for,
      against: row.against,
      abstain: row.abstain,
    });
  }
  return result;
}

/** The vote counts of each theme of the request: one statement per batch, whatever the number of themes. */
export const votesOf = (ctx: RequestContext) =>
  ctx.loaders.custom<string, VoteCounts>('themes:votes', async (themeIds) => {
    const counts = await countVotes(ctx.manager, themeIds);
    return themeIds.map((id) => counts.get(id) ?? { quorumShare: 0.5, committees: [] });
  });

/** The caller's own ballot on each theme of the request. */
export const myBallotOf = (ctx: RequestContext, voterId: string) =>
  ctx.loaders.custom<string, Ballot | null>(`themes:ballot-of:${voterId}`, async (themeIds) => {
    const ids = [...new Set(themeIds.filter(isUuid))];
    const ballots = ids.length ? await ctx.manager.find(Ballot, { where: { voterId, themeId: In(ids) } }) : [];
    const byTheme = new Map(ballots.map((b) => [b.themeId, b]));
    return themeIds.map((id) => byTheme.get(id) ?? null);
  });

export const ballotsOfTheme = (ctx: RequestContext) => ctx.loaders.byForeignKey(Ballot, 'themeId', { castAt: 'ASC', id: 'ASC' });
