import { In, LessThanOrEqual } from 'typeorm';
import { can, demand, demandSignedIn, Right } from '../../auth/rights';
import { ThemeStatus } from '../../common/enums';
import { BadUserInput, FieldProblem, InvalidState, NotFound, problem } from '../../common/errors';
import { mergeLocalizedText, normalizeLocalizedText } from '../../common/localized-text';
import { mergeTitle } from '../../common/validation';
import { inTransaction } from '../../db/context';
import { createVersioned, lockVersioned, updateVersioned } from '../../db/versioned-write';
import type { VersionedTarget } from '../../db/versioned-write';
import type { RequestContext } from '../context';
import type { Edition } from '../editions/edition.entity';
import { requireEdition } from '../editions/edition.service';
import { Theme } from './theme.entity';
import { ProposeThemeInput, UpdateThemeInput } from './theme.inputs';
import { countVotes, themesOfEdition, type VoteCounts } from './theme.loaders';
import { voteClosed } from './vote.jobs';
import { decideOutcome, voteHasEnded, VoteOutcome } from './vote-rule';

export const THEME: VersionedTarget<Theme> = { entity: Theme, editionIdOf: (t) => t.editionId };

// --- settling votes whose deadline has passed ----------------------------------------------------

const STATUS_OF: Record<VoteOutcome.ADOPTED | VoteOutcome.REJECTED, ThemeStatus> = {
  [VoteOutcome.ADOPTED]: ThemeStatus.ADOPTED,
  [VoteOutcome.REJECTED]: ThemeStatus.REJECTED,
};

const decidedStatus = (votes: VoteCounts | undefined) => STATUS_OF[decideOutcome(votes?.committees ?? [], votes?.quorumShare ?? 1)];

/** The stored status that the double-majority rule gives a theme, from its ballots as they stand. */
export async function decideTheme(tx: RequestContext, themeId: string): Promise<ThemeStatus> {
  return decidedStatus((await countVotes(tx.manager, [themeId])).get(themeId));
}

/**
 * Stores the outcome of every vote among `themeIds` whose `votingClosesAt` has passed and that nobody
 * closed: ADOPTED or REJECTED by the double-majority rule, decided at its deadline, audited and
 * announced. The rows are locked and re-checked, so that concurrent settlers decide each vote once.
 */
export async function settleExpiredVotes(ctx: RequestContext, themeIds: readonly string[]): Promise<Theme[]> {
  if (!themeIds.length) return [];
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const due = await tx.manager.find(Theme, {
      where: { id: In([...themeIds]), status: ThemeStatus.VOTING, votingClosesAt: LessThanOrEqual(now) },
      // Locked in one order, so that settlers of overlapping sets queue rather than deadlock.
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const votes = await countVotes(tx.manager, due.map((theme) => theme.id));
    // Nobody decided: the deadline did. The audit trail names no actor.
    const byTheDeadline: RequestContext = { ...tx, actor: null };
    const settled: Theme[] = [];
    for (const theme of due) {
      const status = decidedStatus(votes.get(theme.id));
      const decided = await updateVersioned(byTheDeadline, THEME, theme, { status, decidedAt: theme.votingClosesAt });
      await voteClosed(byTheDeadline, decided);
      settled.push(decided);
    }
    return settled;
  });
}

/**
 * The theme as it stands now: a vote whose deadline has passed is settled first (at most once per
 * request and theme, batched), and the request's loaders are refreshed with the stored row.
 */
export function currentTheme(ctx: RequestContext, theme: Theme): Theme | Promise<Theme> {
  if (!voteHasEnded(theme, ctx.now())) return theme;
  return ctx.loaders
    .custom<string, Theme>('themes:settled', async (ids) => {
      await settleExpiredVotes(ctx, ids);
      // Another request may have settled some of them: read what is stored.
      const rows = await ctx.manager.find(Theme, { where: { id: In([...ids]) } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const row of rows) {
        ctx.loaders.byId(Theme).clear(row.id).prime(row.id, row);
        themesOfEdition(ctx).clear(row.editionId);
      }
      return ids.map((id) => byId.get(id) ?? new Error(`Theme ${id} vanished while its vote was settled`));
    })
    .load(theme.id);
}

// --- reads -------------------------------------------------------------------------------------

/** Anonymous readers see adopted themes only. */
const visible = (ctx: RequestContext, theme: Theme) => can(ctx, Right.SeeAllThemes) || theme.status === ThemeStatus.ADOPTED;

export async function themesOf(ctx: RequestContext, edition: Edition, status?: ThemeStatus | null): Promise<Theme[]> {
  const themes = await Promise.all((await themesOfEdition(ctx).load(edition.id)).map((theme) => currentTheme(ctx, theme)));
  return themes.filter((theme) => visible(ctx, theme) && (!status || theme.status === status));
}

export async function themeById(ctx: RequestContext, id: string): Promise<Theme | null> {
  const theme = await ctx.loaders.byId(Theme).load(id);
  if (!theme) return null;
  const current = await currentTheme(ctx, theme);
  return visible(ctx, current) ? current : null;
}

/** The theme a mutation acts on, its vote settled if its deadline has passed; NOT_FOUND if none. */
export async function themeForWrite(ctx: RequestContext, id: string): Promise<Theme> {
  const theme = await ctx.loaders.byId(Theme).load(id);
  if (!theme) throw new NotFound(Theme, id);
  return currentTheme(ctx, theme);
}

// --- proposing, editing, withdrawing ---------------------------------------------------------------

export async function proposeTheme(ctx: RequestContext, input: ProposeThemeInput): Promise<Theme> {
  demandSignedIn(ctx, Right.EditProgram);
  const edition = await requireEdition(ctx, input.editionId);
  demand(ctx, Right.EditProgram, edition.id);
  return inTransaction(ctx, (tx) =>
    createVersioned(tx, THEME, {
      editionId: edition.id,
      title: normalizeLocalizedText(input.title)!,
      description: normalizeLocalizedText(input.description),
      status: ThemeStatus.PROPOSED,
      proposedById: tx.actor!.person.id,
    }),
  );
}

/**
 * Changes the text of a theme, except while it is under vote (the ballots are on the text as it was
 * when the vote opened) and once it is withdrawn. A decided theme may still get its translations.
 */
export async function updateTheme(ctx: RequestContext, input: UpdateThemeInput): Promise<Theme> {
  demandSignedIn(ctx, Right.EditProgram);
  await themeForWrite(ctx, input.id);
  return inTransaction(ctx, async (tx) => {
    const theme = await lockVersioned(tx, THEME, input.id, input.expectedVersion, (t) => demand(tx, Right.EditProgram, t.editionId));
    const problems: FieldProblem[] = [];
    const title = mergeTitle(theme.title, input.title, 'input.title', problems);
    if (problems.length) throw new BadUserInput(problems);
    const editable = [ThemeStatus.PROPOSED, ThemeStatus.ADOPTED, ThemeStatus.REJECTED];
    if (theme.status === ThemeStatus.VOTING) throw new InvalidState('themeUnderVote', { status: theme.status, allowed: editable });
    if (theme.status === ThemeStatus.WITHDRAWN) throw new InvalidState('themeWithdrawn', { status: theme.status, allowed: editable });
    const patch: Partial<Theme> = {};
    if (title) patch.title = title;
    if (input.description !== undefined) patch.description = mergeLocalizedText(theme.description, input.description);
    return updateVersioned(tx, THEME, theme, patch);
  });
}

/** Withdraws a theme that is not decided: PROPOSED, or under vote (which then ends without an outcome). */
export async function withdrawTheme(ctx: RequestContext, id: string, expectedVersion: number): Promise<Theme> {
  demandSignedIn(ctx, Right.EditProgram);
  await themeForWrite(ctx, id);
  return inTransaction(ctx, async (tx) => {
    // Withdrawing a PROPOSED theme is editing the programme; withdrawing one under vote ends the vote, like closing it.
    const theme = await lockVersioned(tx, THEME, id, expectedVersion, (t) =>
      t.status === ThemeStatus.VOTING ? demand(tx, Right.ManageEdition, t.editionId) : demand(tx, Right.EditProgram, t.editionId),
    );
    const withdrawable = [ThemeStatus.PROPOSED, ThemeStatus.VOTING];
    if (!withdrawable.includes(theme.status)) throw new InvalidState('withdrawUndecidedOnly', { status: theme.status, allowed: withdrawable });
    // The deadline passed between the settling above and the lock: the vote is decided, not withdrawn.
    if (voteHasEnded(theme, tx.now())) throw new InvalidState('voteEnded', { status: theme.status, allowed: [ThemeStatus.PROPOSED] });
    return updateVersioned(tx, THEME, theme, { status: ThemeStatus.WITHDRAWN });
  });
}
