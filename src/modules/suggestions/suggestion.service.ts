import { demand, demandSignedIn, Right } from '../../auth/rights';
import { SessionKind, SuggestionKind, SuggestionStatus, ThemeStatus } from '../../common/enums';
import { BadUserInput, InvalidState, NotFound, problem } from '../../common/errors';
import { normalizeLocalizedText } from '../../common/localized-text';
import { inTransaction } from '../../db/context';
import { isUuid } from '../../db/loaders';
import { createVersioned, lockForWrite, lockVersioned, updateVersioned, VersionedTarget } from '../../db/versioned-write';
import { canReadRecord, checkDeadline, submittingAuthority, visibleRecords } from '../authority-records/authority-records';
import type { RequestContext } from '../context';
import { Edition } from '../editions/edition.entity';
import { requireEdition } from '../editions/edition.service';
import { createWorkshop } from '../program/program.service';
import { Session } from '../program/session.entity';
import { Workshop } from '../program/workshop.entity';
import { Theme } from '../themes/theme.entity';
import { THEME } from '../themes/theme.service';
import { ReviewSuggestionInput, SubmitSuggestionInput } from './suggestion.inputs';
import { Suggestion } from './suggestion.entity';

export const SUGGESTION: VersionedTarget<Suggestion> = { entity: Suggestion, editionIdOf: (s) => s.editionId };

/**
 * The review workflow. A suggestion is taken under review before it is accepted or merged; one that is
 * plainly out of scope may be rejected at once, without a review step. The last three are final.
 */
const MOVES: Record<SuggestionStatus, SuggestionStatus[]> = {
  [SuggestionStatus.SUBMITTED]: [SuggestionStatus.UNDER_REVIEW, SuggestionStatus.REJECTED],
  [SuggestionStatus.UNDER_REVIEW]: [SuggestionStatus.ACCEPTED, SuggestionStatus.MERGED, SuggestionStatus.REJECTED],
  [SuggestionStatus.ACCEPTED]: [],
  [SuggestionStatus.MERGED]: [],
  [SuggestionStatus.REJECTED]: [],
};

function checkMove(suggestion: Suggestion, to: SuggestionStatus): void {
  const allowed = MOVES[suggestion.status];
  if (!allowed.includes(to)) throw new InvalidState('suggestionMove', { status: suggestion.status, to, allowed });
}

// --- reads -------------------------------------------------------------------------------------

export async function suggestionsOf(ctx: RequestContext, edition: Edition, status?: SuggestionStatus | null): Promise<Suggestion[]> {
  const all = visibleRecords(ctx, await ctx.loaders.byForeignKey(Suggestion, 'editionId', { submittedAt: 'ASC', id: 'ASC' }).load(edition.id));
  return status ? all.filter((s) => s.status === status) : all;
}

/** The suggestion when the caller may read it; null otherwise, as if it did not exist. */
export async function visibleSuggestion(ctx: RequestContext, id: string | null): Promise<Suggestion | null> {
  if (!id) return null;
  const suggestion = await ctx.loaders.byId(Suggestion).load(id);
  return suggestion && canReadRecord(ctx, suggestion) ? suggestion : null;
}

export async function suggestionById(ctx: RequestContext, id: string): Promise<Suggestion | null> {
  demandSignedIn(ctx, Right.ReadAuthorityRecords);
  return visibleSuggestion(ctx, id);
}

// --- writes ------------------------------------------------------------------------------------

export async function submitSuggestion(ctx: RequestContext, input: SubmitSuggestionInput): Promise<Suggestion> {
  const authority = await submittingAuthority(ctx, input.localAuthorityId);
  const edition = await requireEdition(ctx, input.editionId);
  checkDeadline(ctx, edition, 'SUGGESTION');
  return inTransaction(ctx, (tx) =>
    createVersioned(tx, SUGGESTION, {
      editionId: edition.id,
      localAuthorityId: authority.id,
      authorId: tx.actor!.person.id,
      kind: input.kind,
      title: normalizeLocalizedText(input.title)!,
      body: normalizeLocalizedText(input.body),
      status: SuggestionStatus.SUBMITTED,
      submittedAt: tx.now(),
    }),
  );
}

/** The suggestion locked for a committee member's decision, at the version the caller saw when it quotes one. */
async function lockForReview(tx: RequestContext, id: string, expectedVersion?: number): Promise<Suggestion> {
  const allowed = (suggestion: Suggestion) => demand(tx, Right.EditProgram, suggestion.editionId);
  if (expectedVersion !== undefined) return lockVersioned(tx, SUGGESTION, id, expectedVersion, allowed);
  const suggestion = await lockForWrite(tx, SUGGESTION, id);
  allowed(suggestion);
  return suggestion;
}

export async function reviewSuggestion(ctx: RequestContext, input: ReviewSuggestionInput): Promise<Suggestion> {
  demandSignedIn(ctx, Right.EditProgram);
  return inTransaction(ctx, async (tx) => {
    const suggestion = await lockForReview(tx, input.id, input.expectedVersion);
    checkMove(suggestion, input.status);
    const patch: Partial<Suggestion> = { status: input.status };
    if (input.reviewNote !== undefined) patch.reviewNote = input.reviewNote?.trim() || null;
    return updateVersioned(tx, SUGGESTION, suggestion, patch);
  });
}

function checkKind(suggestion: Suggestion, kind: SuggestionKind): void {
  if (suggestion.kind !== kind) throw new InvalidState('suggestionKind', { status: suggestion.status, kind: suggestion.kind, expected: kind });
}

/** A THEME suggestion under review becomes a PROPOSED theme, linked both ways, and is ACCEPTED. */
export async function acceptSuggestionAsTheme(ctx: RequestContext, id: string): Promise<Theme> {
  demandSignedIn(ctx, Right.EditProgram);
  return inTransaction(ctx, async (tx) => {
    const suggestion = await lockForReview(tx, id);
    checkKind(suggestion, SuggestionKind.THEME);
    checkMove(suggestion, SuggestionStatus.ACCEPTED);
    const theme = await createVersioned(tx, THEME, {
      editionId: suggestion.editionId,
      title: suggestion.title,
      description: suggestion.body,
      status: ThemeStatus.PROPOSED,
      proposedById: tx.actor!.person.id,
      fromSuggestionId: suggestion.id,
    });
    await updateVersioned(tx, SUGGESTION, suggestion, { status: SuggestionStatus.ACCEPTED, resultingThemeId: theme.id });
    return theme;
  });
}

/**
 * A WORKSHOP suggestion under review becomes a draft workshop in a WORKSHOPS session of its edition,
 * with the suggesting authority among its local authorities, and is ACCEPTED.
 */
export async function acceptSuggestionAsWorkshop(ctx: RequestContext, id: string, sessionId: string): Promise<Workshop> {
  demandSignedIn(ctx, Right.EditProgram);
  return inTransaction(ctx, async (tx) => {
    const suggestion = await lockForReview(tx, id);
    checkKind(suggestion, SuggestionKind.WORKSHOP);
    checkMove(suggestion, SuggestionStatus.ACCEPTED);
    const session = isUuid(sessionId) ? await tx.loaders.byId(Session).load(sessionId) : null;
    if (!session) throw new NotFound(Session, sessionId);
    if (session.editionId !== suggestion.editionId) throw BadUserInput.field('sessionId', problem('sessionOfAnotherEdition'));
    if (session.kind !== SessionKind.WORKSHOPS) throw BadUserInput.field('sessionId', problem('workshopsSessionOnly', { kind: session.kind }));
    const workshop = await createWorkshop(tx, {
      sessionId: session.id,
      title: suggestion.title,
      description: suggestion.body,
      localAuthorityIds: [suggestion.localAuthorityId],
    });
    await updateVersioned(tx, SUGGESTION, suggestion, { status: SuggestionStatus.ACCEPTED, resultingWorkshopId: workshop.id });
    return workshop;
  });
}
