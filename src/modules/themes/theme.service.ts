import { In, LessThanOrEqual } from 'typeorm';
import { canEditProgram, canSeeAllThemes, canWithdrawTheme, demand } from '../../auth/permissions';
import { ThemeStatus } from '../../common/enums';
import { BadUserInput, Conflict, FieldProblem, InvalidState, NotFound } from '../../common/errors';
import { normalizeLocalizedText } from '../../common/localized-text';
import { createVersioned, lockForWrite, updateVersioned } from '../../db/versioned-write';
import type { VersionedTarget } from '../../db/versioned-write';
import { inTransaction } from '../../db/context';
import type { RequestContext } from '../context';
import type { Edition } from '../editions/edition.entity';
import { requireEdition } from '../editions/edition.service';
import { Theme } from './theme.entity';
import { ProposeThemeInput, UpdateThemeInput } from './theme.inputs';
import { countVotes, themesOfEdition, type VoteCounts } from './theme.loaders';
import { decideOutcome, voteHasEnded, VoteOutcome } from './vote-rule';

export const THEME: VersionedTarget<Theme> = { entity: Theme, typeName: 'Theme', editionIdOf: (t) => t.editionId };

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
    const clock: RequestContext = { ...tx, actor: null };
    const settled: Theme[] = [];
    for (const theme of due) {
      const status = decidedStatus(votes.get(theme.id));
      settled.push(await updateVersioned(clock, THEME, theme.id, theme.version, { status, decidedAt: theme.votingClosesAt }, { current: theme }));
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
const visible = (ctx: RequestContext, theme: Theme) => canSeeAllThemes(ctx) || theme.status === ThemeStatus.ADOPTED;

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
  if (!theme) throw new NotFound('Theme', id);
  return currentTheme(ctx, theme);
}

// --- proposing, editing, withdrawing ---------------------------------------------------------------

export async function proposeTheme(ctx: RequestContext, input: ProposeThemeInput): Promise<Theme> {
  demand(ctx, ctx.actor !== null, 'propose a theme');
  const edition = await requireEdition(ctx, input.editionId);
  demand(ctx, canEditProgram(ctx, edition.id), 'propose a theme for this edition');
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
  demand(ctx, ctx.actor !== null, 'change a theme');
  await themeForWrite(ctx, input.id);
  return inTransaction(ctx, async (tx) => {
    const theme = await lockForWrite(tx, THEME, input.id);
    demand(tx, canEditProgram(tx, theme.editionId), 'change the themes of this edition');
    if (theme.version !== input.expectedVersion) throw new Conflict('Theme', theme.version);
    const problems: FieldProblem[] = [];
    if (input.title === null) problems.push({ field: 'input.title', message: 'cannot be cleared' });
    if (problems.length) throw new BadUserInput(problems);
    if (theme.status === ThemeStatus.VOTING) throw new InvalidState('A theme cannot be changed while it is under vote');
    if (theme.status === ThemeStatus.WITHDRAWN) throw new InvalidState('A withdrawn theme cannot be changed');
    const patch: Partial<Theme> = {};
    if (input.title) patch.title = normalizeLocalizedText(input.title)!;
    if (input.description !== undefined) patch.description = normalizeLocalizedText(input.description);
    return updateVersioned(tx, THEME, theme.id, input.expectedVersion, patch, { current: theme });
  });
}

/** Withdraws a theme that is not decided: PROPOSED, or under vote (which then ends without an outcome). */
export async function withdrawTheme(ctx: RequestContext, id: string, expectedVersion: number): Promise<Theme> {
  demand(ctx, ctx.actor !== null, 'withdraw a theme');
  await themeForWrite(ctx, id);
  return inTransaction(ctx, async (tx) => {
    const theme = await lockForWrite(tx, THEME, id);
    const underVote = theme.status === ThemeStatus.VOTING;
    demand(tx, canWithdrawTheme(tx, theme.editionId, underVote), underVote ? 'withdraw a theme under vote' : 'withdraw the themes of this edition');
    if (theme.version !== expectedVersion) throw new Conflict('Theme', theme.version);
    if (theme.status !== ThemeStatus.PROPOSED && !underVote) {
      throw new InvalidState(`Only a PROPOSED theme or one under vote can be withdrawn; this one is ${theme.status}`);
    }
    // The deadline passed between the settling above and the lock: the vote is decided, not withdrawn.
    if (voteHasEnded(theme, tx.now())) throw new InvalidState('The vote on this theme has ended; its outcome stands');
    return updateVersioned(tx, THEME, id, expectedVersion, { status: ThemeStatus.WITHDRAWN }, { current: theme });
  });
}
