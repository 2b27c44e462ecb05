import { EntityTarget, ObjectLiteral } from 'typeorm';
import { demand, demandSignedIn, Right } from '../../auth/rights';
import { ChangeAction, SessionKind } from '../../common/enums';
import { BadUserInput, FieldProblem, NotFound, problem } from '../../common/errors';
import { mergeLocalizedText, normalizeLocalizedText } from '../../common/localized-text';
import { mergeTitle } from '../../common/validation';
import { dateIn } from '../../common/time';
import { createVersioned, deleteVersioned, lockVersioned, updateVersioned, VersionedTarget } from '../../db/versioned-write';
import { inTransaction } from '../../db/context';
import type { RequestContext } from '../context';
import { FieldChanges, recordChange } from '../../db/changes/change-trail';
import { Edition } from '../editions/edition.entity';
import { requireEdition } from '../editions/edition.service';
import { Room } from '../editions/room.entity';
import { LocalAuthority } from '../people/local-authority.entity';
import { Person } from '../people/person.entity';
import { Theme } from '../themes/theme.entity';
import {
  SessionSpeaker, SessionTheme, WorkshopLocalAuthority, WorkshopModerator, WorkshopSpeaker, WorkshopTheme,
} from './links.entity';
import { CreateSessionInput, CreateWorkshopInput, UpdateSessionInput, UpdateWorkshopInput } from './program.inputs';
import { Session } from './session.entity';
import { Workshop } from './workshop.entity';

export const SESSION: VersionedTarget<Session> = { entity: Session, editionIdOf: (s) => s.editionId };
export const WORKSHOP: VersionedTarget<Workshop> = {
  entity: Workshop,
  editionIdOf: async (w, tx) => (await tx.loaders.byId(Session).load(w.sessionId))?.editionId ?? null,
};

/** An ordered many-to-many list of a session or workshop, as its input field names it. */
interface LinkList {
  field: string;
  link: EntityTarget<ObjectLiteral>;
  owner: string;
  target: string;
  /** The entity class of the records the list names. */
  entity: EntityTarget<ObjectLiteral> & { name: string };
}

const SESSION_LINKS = {
  themeIds: { field: 'themeIds', link: SessionTheme, owner: 'sessionId', target: 'themeId', entity: Theme },
  speakerIds: { field: 'speakerIds', link: SessionSpeaker, owner: 'sessionId', target: 'personId', entity: Person },
} satisfies Record<string, LinkList>;

const WORKSHOP_LINKS = {
  themeIds: { field: 'themeIds', link: WorkshopTheme, owner: 'workshopId', target: 'themeId', entity: Theme },
  moderatorIds: { field: 'moderatorIds', link: WorkshopModerator, owner: 'workshopId', target: 'personId', entity: Person },
  speakerIds: { field: 'speakerIds', link: WorkshopSpeaker, owner: 'workshopId', target: 'personId', entity: Person },
  localAuthorityIds: { field: 'localAuthorityIds', link: WorkshopLocalAuthority, owner: 'workshopId', target: 'localAuthorityId', entity: LocalAuthority },
} satisfies Record<string, LinkList>;

// Any input object: its link lists are read by field name.
type LinkInput = object;

/**
 * Checks every id list of the input: each id names an existing record (else NOT_FOUND), none is
 * listed twice, and themes belong to the edition (else BAD_USER_INPUT).
 */
async function checkLinks(tx: RequestContext, lists: Record<string, LinkList>, input: LinkInput, editionId: string, problems: FieldProblem[]) {
  for (const list of Object.values(lists)) {
    const ids = (input as Record<string, string[] | null | undefined>)[list.field];
    if (!ids) continue;
    if (new Set(ids).size !== ids.length) {
      problems.push({ field: `input.${list.field}`, problems: [problem('listedTwice')] });
      continue;
    }
    const rows = await Promise.all(ids.map((id) => tx.loaders.byId(list.entity).load(id)));
    // By position: an empty id ('') names nothing too, and is falsy.
    const missing = rows.findIndex((row) => !row);
    if (missing >= 0) throw new NotFound(list.entity, ids[missing]);
    if (list.entity === Theme && rows.some((theme) => (theme as Theme).editionId !== editionId)) {
      problems.push({ field: `input.${list.field}`, problems: [problem('themeOfAnotherEdition')] });
    }
  }
}

/** Replaces the lists that the input gives, in the order given; returns their {from, to} for the audit. */
async function writeLinks(tx: RequestContext, lists: Record<string, LinkList>, ownerId: string, input: LinkInput, isNew: boolean) {
  const changes: FieldChanges = {};
  for (const list of Object.values(lists)) {
    const ids = (input as Record<string, string[] | null | undefined>)[list.field];
    if (ids === undefined || ids === null) continue;
    let before: string[] = [];
    if (!isNew) {
      const rows: Array<{ id: string }> = await tx.manager
        .createQueryBuilder(list.link, 'l')
        .select(`l.${list.target}`, 'id')
        .where(`l.${list.owner} = :ownerId`, { ownerId })
        .orderBy('l.position')
        .getRawMany();
      before = rows.map((r) => r.id);
      if (JSON.stringify(before) === JSON.stringify(ids)) continue;
      await tx.manager.delete(list.link, { [list.owner]: ownerId });
    }
    if (ids.length) {
      await tx.manager.insert(list.link, ids.map((id, position) => ({ [list.owner]: ownerId, [list.target]: id, position })));
    }
    if (!isNew || ids.length) changes[list.field] = { from: isNew ? null : before, to: ids };
  }
  return changes;
}

async function checkRoom(tx: RequestContext, roomId: string | null | undefined, editionId: string, problems: FieldProblem[]) {
  // Null or left out: no room. An empty id is an id, of nothing.
  if (roomId === null || roomId === undefined) return;
  const room = await tx.loaders.byId(Room).load(roomId);
  if (!room) throw new NotFound(Room, roomId);
  if (room.editionId !== editionId) problems.push({ field: 'input.roomId', problems: [problem('roomOfAnotherEdition')] });
}

function checkTimes(startsAt: Date, endsAt: Date, problems: FieldProblem[]) {
  if (endsAt.getTime() <= startsAt.getTime()) problems.push({ field: 'input.endsAt', problems: [problem('afterStart')] });
}

const failIfAny = (problems: FieldProblem[]) => {
  if (problems.length) throw new BadUserInput(problems);
};

// --- reads -------------------------------------------------------------------------------------

export function sessionsOf(ctx: RequestContext, edition: Edition): Promise<Session[]> {
  demand(ctx, Right.ReadDraft);
  return ctx.loaders.byForeignKey(Session, 'editionId', { startsAt: 'ASC', endsAt: 'ASC', id: 'ASC' }).load(edition.id);
}

export function workshopsOf(ctx: RequestContext, session: Session): Promise<Workshop[]> {
  return ctx.loaders.byForeignKey(Workshop, 'sessionId', { position: 'ASC', createdAt: 'ASC', id: 'ASC' }).load(session.id);
}

export function workshopsOfTheme(ctx: RequestContext, theme: Theme): Promise<Workshop[]> {
  demand(ctx, Right.ReadDraft);
  return ctx.loaders.linked(WorkshopTheme, 'themeId', 'workshopId', Workshop).load(theme.id);
}

export async function daysOf(ctx: RequestContext, edition: Edition): Promise<Array<{ date: string; sessions: Session[] }>> {
  const days = new Map<string, Session[]>();
  for (const session of await sessionsOf(ctx, edition)) {
    const date = dateIn(edition.timeZone, session.startsAt);
    const day = days.get(date);
    if (day) day.push(session);
    else days.set(date, [session]);
  }
  return [...days].map(([date, sessions]) => ({ date, sessions }));
}

export async function sessionById(ctx: RequestContext, id: string): Promise<Session | null> {
  demand(ctx, Right.ReadDraft);
  return ctx.loaders.byId(Session).load(id);
}

export async function workshopById(ctx: RequestContext, id: string): Promise<Workshop | null> {
  demand(ctx, Right.ReadDraft);
  return ctx.loaders.byId(Workshop).load(id);
}

// --- sessions ----------------------------------------------------------------------------------

export async function createSession(ctx: RequestContext, input: CreateSessionInput): Promise<Session> {
  demandSignedIn(ctx, Right.EditProgram);
  const edition = await requireEdition(ctx, input.editionId);
  demand(ctx, Right.EditProgram, edition.id);
  return inTransaction(ctx, async (tx) => {
    const problems: FieldProblem[] = [];
    checkTimes(input.startsAt, input.endsAt, problems);
    await checkRoom(tx, input.roomId, edition.id, problems);
    await checkLinks(tx, SESSION_LINKS, input, edition.id, problems);
    failIfAny(problems);
    const values: Partial<Session> = {
      editionId: edition.id,
      kind: input.kind,
      title: normalizeLocalizedText(input.title)!,
      description: normalizeLocalizedText(input.description),
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      roomId: input.roomId ?? null,
      interpretation: input.interpretation ?? false,
      language: input.language ?? null,
    };
    return createVersioned(tx, SESSION, values, (row) => writeLinks(tx, SESSION_LINKS, row.id, input, true));
  });
}

export async function updateSession(ctx: RequestContext, input: UpdateSessionInput): Promise<Session> {
  demandSignedIn(ctx, Right.EditProgram);
  return inTransaction(ctx, async (tx) => {
    const session = await lockVersioned(tx, SESSION, input.id, input.expectedVersion, (s) => demand(tx, Right.EditProgram, s.editionId));
    const problems: FieldProblem[] = [];
    for (const required of ['kind', 'startsAt', 'endsAt'] as const) {
      if (input[required] === null) problems.push({ field: `input.${required}`, problems: [problem('cannotBeCleared')] });
    }
    const title = mergeTitle(session.title, input.title, 'input.title', problems);
    checkTimes(input.startsAt ?? session.startsAt, input.endsAt ?? session.endsAt, problems);
    await checkRoom(tx, input.roomId, session.editionId, problems);
    await checkLinks(tx, SESSION_LINKS, input, session.editionId, problems);
    if (input.kind && input.kind !== SessionKind.WORKSHOPS && session.kind === SessionKind.WORKSHOPS) {
      if ((await workshopsOf(tx, session)).length) problems.push({ field: 'input.kind', problems: [problem('sessionHoldsWorkshops')] });
    }
    failIfAny(problems);
    const patch: Partial<Session> = {};
    if (input.kind) patch.kind = input.kind;
    if (title) patch.title = title;
    if (input.description !== undefined) patch.description = mergeLocalizedText(session.description, input.description);
    if (input.startsAt) patch.startsAt = input.startsAt;
    if (input.endsAt) patch.endsAt = input.endsAt;
    if (input.roomId !== undefined) patch.roomId = input.roomId;
    if (input.interpretation !== undefined && input.interpretation !== null) patch.interpretation = input.interpretation;
    if (input.language !== undefined) patch.language = input.language;
    const extraChanges = await writeLinks(tx, SESSION_LINKS, session.id, input, false);
    return updateVersioned(tx, SESSION, session, patch, extraChanges);
  });
}

export async function deleteSession(ctx: RequestContext, id: string, expectedVersion: number): Promise<string> {
  demandSignedIn(ctx, Right.EditProgram);
  return inTransaction(ctx, async (tx) => {
    const session = await lockVersioned(tx, SESSION, id, expectedVersion, (s) => demand(tx, Right.EditProgram, s.editionId));
    // Its workshops go with it; the trail says so, one event each.
    for (const workshop of await workshopsOf(tx, session)) {
      await recordChange(tx, { editionId: session.editionId, action: ChangeAction.DELETE, entityType: Workshop.name, entityId: workshop.id, changes: {} });
    }
    await deleteVersioned(tx, SESSION, session);
    return id;
  });
}

// --- workshops ---------------------------------------------------------------------------------

/** A workshop is edited by those who edit its session's edition. */
async function demandOverWorkshop(tx: RequestContext, workshop: Workshop): Promise<void> {
  const session = (await tx.loaders.byId(Session).load(workshop.sessionId))!;
  demand(tx, Right.EditProgram, session.editionId);
}

async function workshopSession(tx: RequestContext, sessionId: string, problems: FieldProblem[]): Promise<Session> {
  const session = await tx.loaders.byId(Session).load(sessionId);
  if (!session) throw new NotFound(Session, sessionId);
  if (session.kind !== SessionKind.WORKSHOPS) {
    problems.push({ field: 'input.sessionId', problems: [problem('workshopsSessionOnly', { kind: session.kind })] });
  }
  return session;
}

export async function createWorkshop(ctx: RequestContext, input: CreateWorkshopInput): Promise<Workshop> {
  demandSignedIn(ctx, Right.EditProgram);
  return inTransaction(ctx, async (tx) => {
    const problems: FieldProblem[] = [];
    const session = await workshopSession(tx, input.sessionId, problems);
    demand(tx, Right.EditProgram, session.editionId);
    await checkRoom(tx, input.roomId, session.editionId, problems);
    await checkLinks(tx, WORKSHOP_LINKS, input, session.editionId, problems);
    failIfAny(problems);
    const [{ next }] = await tx.manager.query('SELECT coalesce(max(position) + 1, 0) AS next FROM workshop WHERE session_id = $1', [session.id]);
    const values: Partial<Workshop> = {
      sessionId: session.id,
      position: next,
      title: normalizeLocalizedText(input.title)!,
      description: normalizeLocalizedText(input.description),
      roomId: input.roomId ?? null,
      interpretation: input.interpretation ?? false,
      language: input.language ?? null,
    };
    return createVersioned(tx, WORKSHOP, values, (row) => writeLinks(tx, WORKSHOP_LINKS, row.id, input, true));
  });
}

export async function updateWorkshop(ctx: RequestContext, input: UpdateWorkshopInput): Promise<Workshop> {
  demandSignedIn(ctx, Right.EditProgram);
  return inTransaction(ctx, async (tx) => {
    const workshop = await lockVersioned(tx, WORKSHOP, input.id, input.expectedVersion, (w) => demandOverWorkshop(tx, w));
    const session = (await tx.loaders.byId(Session).load(workshop.sessionId))!;
    const problems: FieldProblem[] = [];
    if (input.sessionId === null) problems.push({ field: 'input.sessionId', problems: [problem('cannotBeCleared')] });
    const title = mergeTitle(workshop.title, input.title, 'input.title', problems);
    if (input.sessionId !== null && input.sessionId !== undefined && input.sessionId !== workshop.sessionId) {
      const target = await workshopSession(tx, input.sessionId, problems);
      if (target.editionId !== session.editionId) problems.push({ field: 'input.sessionId', problems: [problem('sessionOfAnotherEdition')] });
    }
    await checkRoom(tx, input.roomId, session.editionId, problems);
    await checkLinks(tx, WORKSHOP_LINKS, input, session.editionId, problems);
    failIfAny(problems);
    const patch: Partial<Workshop> = {};
    if (input.sessionId !== null && input.sessionId !== undefined) patch.sessionId = input.sessionId;
    if (title) patch.title = title;
    if (input.description !== undefined) patch.description = mergeLocalizedText(workshop.description, input.description);
    if (input.roomId !== undefined) patch.roomId = input.roomId;
    if (input.interpretation !== undefined && input.interpretation !== null) patch.interpretation = input.interpretation;
    if (input.language !== undefined) patch.language = input.language;
    const extraChanges = await writeLinks(tx, WORKSHOP_LINKS, workshop.id, input, false);
    return updateVersioned(tx, WORKSHOP, workshop, patch, extraChanges);
  });
}

export async function deleteWorkshop(ctx: RequestContext, id: string, expectedVersion: number): Promise<string> {
  demandSignedIn(ctx, Right.EditProgram);
  return inTransaction(ctx, async (tx) => {
    const workshop = await lockVersioned(tx, WORKSHOP, id, expectedVersion, (w) => demandOverWorkshop(tx, w));
    await deleteVersioned(tx, WORKSHOP, workshop);
    return id;
  });
}
