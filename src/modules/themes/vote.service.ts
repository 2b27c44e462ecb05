import { can, demand, demandSignedIn, Right, votingSeat } from '../../auth/rights';
import { ChangeAction, ThemeStatus } from '../../common/enums';
import { BadUserInput, InvalidState, NotFound, problem, VotingClosed } from '../../common/errors';
import { lockForWrite, updateVersioned } from '../../db/versioned-write';
import { inTransaction } from '../../db/context';
import type { RequestContext } from '../context';
import { diff, recordChange } from '../../db/changes/change-trail';
import { Ballot } from './ballot.entity';
import { Theme } from './theme.entity';
import { CastBallotInput } from './theme.inputs';
import { ballotsOfTheme, myBallotOf, votesOf } from './theme.loaders';
import { currentTheme, decideTheme, THEME, themeForWrite } from './theme.service';
import { committeeVerdict, reportedOutcome, voteHasEnded, voteIsOpen } from './vote-rule';
import { voteClosed, voteOpened } from './vote.jobs';
import { VoteTally } from './vote.types';

// --- opening and closing a vote --------------------------------------------------------------------

/** Puts a PROPOSED theme to the vote, until `closesAt` if given (it must be in the future), else until closed. */
export async function openThemeVote(ctx: RequestContext, themeId: string, closesAt?: Date | null): Promise<Theme> {
  demandSignedIn(ctx, Right.ManageEdition);
  await themeForWrite(ctx, themeId);
  return inTransaction(ctx, async (tx) => {
    const theme = await lockForWrite(tx, THEME, themeId);
    demand(tx, Right.ManageEdition, theme.editionId);
    const now = tx.now();
    if (closesAt && closesAt.getTime() <= now.getTime()) throw BadUserInput.field('closesAt', problem('inTheFuture'));
    if (theme.status !== ThemeStatus.PROPOSED) throw new InvalidState('voteProposedOnly', { status: theme.status, allowed: [ThemeStatus.PROPOSED] });
    const opened = await updateVersioned(tx, THEME, theme, { status: ThemeStatus.VOTING, votingOpenedAt: now, votingClosesAt: closesAt ?? null });
    await voteOpened(tx, opened);
    return opened;
  });
}

/** Ends a vote now and stores its outcome by the double-majority rule. */
export async function closeThemeVote(ctx: RequestContext, themeId: string): Promise<Theme> {
  demandSignedIn(ctx, Right.ManageEdition);
  await themeForWrite(ctx, themeId);
  return inTransaction(ctx, async (tx) => {
    // The lock waits for the ballots being cast (they hold a share lock on the theme) and stops new ones.
    const theme = await lockForWrite(tx, THEME, themeId);
    demand(tx, Right.ManageEdition, theme.editionId);
    if (theme.status !== ThemeStatus.VOTING) throw new InvalidState('closeVotingOnly', { status: theme.status, allowed: [ThemeStatus.VOTING] });
    const now = tx.now();
    // Its deadline may have passed since the settling above: the vote was decided then.
    const decidedAt = voteHasEnded(theme, now) ? theme.votingClosesAt! : now;
    const status = await decideTheme(tx, themeId);
    const closed = await updateVersioned(tx, THEME, theme, { status, decidedAt });
    await voteClosed(tx, closed);
    return closed;
  });
}

// --- ballots -------------------------------------------------------------------------------------

interface BallotRow {
  id: string;
  theme_id: string;
  voter_id: string;
  committee_id: string;
  choice: Ballot['choice'];
  comment: string | null;
  cast_at: Date;
  inserted: boolean;
}

/**
 * Casts or replaces the caller's ballot. One statement decides it: it inserts or replaces the ballot
 * (the unique (theme_id, voter_id) makes parallel calls of one voter meet on one row) only if the vote
 * is open, holding a share lock on the theme so that closing waits for it, or it for the closing.
 */
export async function castBallot(ctx: RequestContext, input: CastBallotInput): Promise<Ballot> {
  demandSignedIn(ctx, Right.CastBallot);
  const found = await ctx.loaders.byId(Theme).load(input.themeId);
  if (!found) throw new NotFound(Theme, input.themeId);
  demand(ctx, Right.CastBallot, found.editionId);
  const seat = votingSeat(ctx, found.editionId)!;
  const theme = await currentTheme(ctx, found);
  if (!voteIsOpen(theme, ctx.now())) throw closed(theme.status);
  const comment = input.comment?.trim() || null;
  return inTransaction(ctx, async (tx) => {
    const castAt = tx.now();
    const rows: BallotRow[] = await tx.manager.query(
      `INSERT INTO ballot (theme_id, voter_id, committee_id, choice, comment, cast_at)
       SELECT t.id, $2::uuid, $3::uuid, $4::text, $5::text, $6::timestamptz
         FROM theme t
        WHERE t.id = $1::uuid AND t.status = 'VOTING' AND (t.voting_closes_at IS NULL OR t.voting_closes_at > $6::timestamptz)
          FOR SHARE OF t
       ON CONFLICT (theme_id, voter_id) DO UPDATE
          SET committee_id = EXCLUDED.committee_id, choice = EXCLUDED.choice, comment = EXCLUDED.comment, cast_at = EXCLUDED.cast_at
       RETURNING id, theme_id, voter_id, committee_id, choice, comment, cast_at, (xmax = 0) AS inserted`,
      [theme.id, tx.actor!.person.id, seat.committeeId, input.choice, comment, castAt],
    );
    // The vote was closed or withdrawn between the check above and this statement.
    if (!rows.length) throw closed((await tx.manager.findOneByOrFail(Theme, { id: theme.id })).status);
    const row = rows[0];
    // The trail says who voted on which theme, and when, never the choice or the comment; and only
    // to committee members and admins (Right.SeeVoteProgress): others never see a ballot's event.
    await recordChange(tx, {
      editionId: theme.editionId,
      action: row.inserted ? ChangeAction.CREATE : ChangeAction.UPDATE,
      entityType: Ballot.name,
      entityId: row.id,
      changes: row.inserted ? diff(null, { themeId: row.theme_id, committeeId: row.committee_id }) : {},
    });
    return Object.assign(new Ballot(), {
      id: row.id,
      themeId: row.theme_id,
      voterId: row.voter_id,
      committeeId: row.committee_id,
      choice: row.choice,
      comment: row.comment,
      castAt: row.cast_at,
    });
  });
}

/** VOTING_CLOSED, saying whether the vote has not opened yet, was withdrawn, or is over (and how it ended). */
function closed(status: ThemeStatus): VotingClosed {
  if (status === ThemeStatus.PROPOSED) return new VotingClosed('notOpenYet', status);
  if (status === ThemeStatus.WITHDRAWN) return new VotingClosed('withdrawn', status);
  return new VotingClosed('closed', status);
}

// --- reading votes -------------------------------------------------------------------------------

/** Votes whose counts anyone who sees the theme may read: closed ones. */
const CLOSED = [ThemeStatus.ADOPTED, ThemeStatus.REJECTED];

/**
 * The counts per committee; outside the committees, only once the vote is closed (before, counts
 * read after each ballot would tell who voted what): until then no committee is listed.
 */
export async function tallyOf(ctx: RequestContext, root: Theme): Promise<VoteTally> {
  // Read together (batched with the other themes' counts), whether the counts are shown or not.
  const [theme, votes] = await Promise.all([currentTheme(ctx, root), votesOf(ctx).load(root.id)]);
  if (!CLOSED.includes(theme.status) && !can(ctx, Right.SeeVoteProgress)) return { committees: [], outcome: reportedOutcome(theme.status) };
  return {
    committees: votes.committees.map((count) => ({ ...count, editionId: root.editionId, ...committeeVerdict(count, votes.quorumShare) })),
    outcome: reportedOutcome(theme.status),
  };
}

export function myBallot(ctx: RequestContext, theme: Theme): Promise<Ballot | null> | null {
  return ctx.actor ? myBallotOf(ctx, ctx.actor.person.id).load(theme.id) : null;
}

export function ballotsOf(ctx: RequestContext, theme: Theme): Promise<Ballot[]> {
  demand(ctx, Right.SeeOthersBallots);
  return ballotsOfTheme(ctx).load(theme.id);
}
