import { demand, demandSignedIn, Right } from '../../auth/rights';
import { ChangeAction, CommitteeRole, Country, ReleaseApprovalRule, UserRole } from '../../common/enums';
import { BadUserInput, FieldProblem, NotFound, problem } from '../../common/errors';
import { mergeLocalizedText, normalizeLocalizedText, LocalizedTextValue } from '../../common/localized-text';
import { mergeTitle } from '../../common/validation';
import { createVersioned, deleteVersioned, lockVersioned, updateVersioned, VersionedTarget } from '../../db/versioned-write';
import { inTransaction } from '../../db/context';
import type { RequestContext } from '../context';
import { isUuid } from '../../db/loaders';
import { diff, recordChange } from '../../db/changes/change-trail';
import { Person } from '../people/person.entity';
import { Committee, CommitteeMember } from './committee.entity';
import { Edition } from './edition.entity';
import { CreateEditionInput, CreateRoomInput, UpdateEditionInput, UpdateRoomInput } from './edition.inputs';
import { Room } from './room.entity';
import { scheduleReminders } from './deadline-reminders';

export const EDITION: VersionedTarget<Edition> = { entity: Edition, editionIdOf: (e) => e.id };
export const ROOM: VersionedTarget<Room> = { entity: Room, editionIdOf: (r) => r.editionId };

const COMMITTEE_NAMES: Record<Country, LocalizedTextValue> = {
  FR: { fr: 'Comité de pilotage français', ja: 'フランス側実行委員会', en: 'French steering committee' },
  JP: { fr: 'Comité de pilotage japonais', ja: '日本側実行委員会', en: 'Japanese steering committee' },
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDates(startDate: string, endDate: string, problems: FieldProblem[]) {
  if (ISO_DATE.test(startDate) && ISO_DATE.test(endDate) && endDate < startDate) {
    problems.push({ field: 'input.endDate', problems: [problem('notBeforeStartDate')] });
  }
}

/** The edition's two committees, French first: one loader per request wherever they are needed. */
export function committeesOf(ctx: RequestContext, editionId: string): Promise<Committee[]> {
  return ctx.loaders.byForeignKey(Committee, 'editionId', { country: 'ASC' }).load(editionId);
}

export async function listEditions(ctx: RequestContext): Promise<Edition[]> {
  return ctx.manager.find(Edition, { order: { number: 'ASC' } });
}

export async function editionByNumber(ctx: RequestContext, number: number): Promise<Edition | null> {
  return ctx.manager.findOne(Edition, { where: { number } });
}

export async function requireEdition(ctx: RequestContext, id: string): Promise<Edition> {
  const edition = await ctx.loaders.byId(Edition).load(id);
  if (!edition) throw new NotFound(Edition, id);
  return edition;
}

/** Admin only: the edition and its French and Japanese committees, together. */
export async function createEdition(ctx: RequestContext, input: CreateEditionInput): Promise<Edition> {
  demand(ctx, Right.ManageEditions);
  const problems: FieldProblem[] = [];
  checkDates(input.startDate, input.endDate, problems);
  if (await ctx.manager.exists(Edition, { where: { number: input.number } })) {
    problems.push({ field: 'input.number', problems: [problem('editionExists', { number: input.number })] });
  }
  if (problems.length) throw new BadUserInput(problems);
  return inTransaction(ctx, async (tx) => {
    const edition = await createVersioned(tx, EDITION, {
      number: input.number,
      title: normalizeLocalizedText(input.title)!,
      hostCity: normalizeLocalizedText(input.hostCity)!,
      hostCountry: input.hostCountry,
      startDate: input.startDate,
      endDate: input.endDate,
      timeZone: input.timeZone,
      generalTheme: normalizeLocalizedText(input.generalTheme),
      suggestionDeadline: input.suggestionDeadline ?? null,
      participationDeadline: input.participationDeadline ?? null,
      releaseApproval: input.releaseApproval ?? ReleaseApprovalRule.SINGLE,
    });
    await scheduleReminders(tx, null, edition);
    for (const country of [Country.FR, Country.JP]) {
      const committee = tx.manager.create(Committee, { editionId: edition.id, country, name: COMMITTEE_NAMES[country] });
      await tx.manager.insert(Committee, committee);
      await recordChange(tx, {
        editionId: edition.id,
        action: ChangeAction.CREATE,
        entityType: Committee.name,
        entityId: committee.id,
        changes: diff(null, { country, name: committee.name }),
      });
    }
    return edition;
  });
}

export async function updateEdition(ctx: RequestContext, input: UpdateEditionInput): Promise<Edition> {
  demand(ctx, Right.ManageEditions);
  return inTransaction(ctx, async (tx) => {
    const problems: FieldProblem[] = [];
    for (const required of ['startDate', 'endDate', 'timeZone', 'status', 'quorumShare', 'releaseApproval'] as const) {
      if (input[required] === null) problems.push({ field: `input.${required}`, problems: [problem('cannotBeCleared')] });
    }
    if (problems.length) throw new BadUserInput(problems);
    const current = await lockVersioned(tx, EDITION, input.id, input.expectedVersion);
    const title = mergeTitle(current.title, input.title, 'input.title', problems);
    const hostCity = mergeTitle(current.hostCity, input.hostCity, 'input.hostCity', problems);
    checkDates(input.startDate ?? current.startDate, input.endDate ?? current.endDate, problems);
    if (problems.length) throw new BadUserInput(problems);
    const patch: Partial<Edition> = {
      title,
      hostCity,
      startDate: input.startDate ?? undefined,
      endDate: input.endDate ?? undefined,
      timeZone: input.timeZone ?? undefined,
      generalTheme: input.generalTheme === undefined ? undefined : mergeLocalizedText(current.generalTheme, input.generalTheme),
      status: input.status ?? undefined,
      suggestionDeadline: input.suggestionDeadline,
      participationDeadline: input.participationDeadline,
      quorumShare: input.quorumShare ?? undefined,
      releaseApproval: input.releaseApproval ?? undefined,
    };
    for (const key of Object.keys(patch) as (keyof Edition)[]) if (patch[key] === undefined) delete patch[key];
    // updateVersioned changes the row in place: the deadlines as they were are kept first.
    const before = { ...current };
    const updated = await updateVersioned(tx, EDITION, current, patch);
    await scheduleReminders(tx, before, updated);
    return updated;
  });
}

export async function createRoom(ctx: RequestContext, input: CreateRoomInput): Promise<Room> {
  demand(ctx, Right.ManageEditions);
  await requireEdition(ctx, input.editionId);
  return inTransaction(ctx, (tx) =>
    createVersioned(tx, ROOM, {
      editionId: input.editionId,
      name: normalizeLocalizedText(input.name)!,
      capacity: input.capacity ?? null,
    }),
  );
}

/** The edition's presidents and secretariat seats, and admins: a room's name and capacity. */
export async function updateRoom(ctx: RequestContext, input: UpdateRoomInput): Promise<Room> {
  demandSignedIn(ctx, Right.ManageRooms);
  return inTransaction(ctx, async (tx) => {
    const room = await lockVersioned(tx, ROOM, input.id, input.expectedVersion, (row) => demand(tx, Right.ManageRooms, row.editionId));
    const patch: Partial<Room> = {};
    if (input.name !== undefined) {
      const name = mergeLocalizedText(room.name, input.name ?? null);
      if (!name?.fr && !name?.ja) throw BadUserInput.field('input.name', problem('needsFrenchOrJapanese'));
      patch.name = name;
    }
    if (input.capacity !== undefined) patch.capacity = input.capacity;
    return updateVersioned(tx, ROOM, room, patch);
  });
}

/**
 * The edition's presidents and secretariat seats, and admins: a room no session or workshop uses.
 * A room in use is refused, naming what uses it, rather than leaving the programme without its places.
 */
export async function deleteRoom(ctx: RequestContext, id: string, expectedVersion: number): Promise<string> {
  demandSignedIn(ctx, Right.ManageRooms);
  return inTransaction(ctx, async (tx) => {
    const room = await lockVersioned(tx, ROOM, id, expectedVersion, (row) => demand(tx, Right.ManageRooms, row.editionId));
    const users: Array<{ title: LocalizedTextValue }> = await tx.manager.query(
      `SELECT title FROM (SELECT title, starts_at, 0 AS k FROM session WHERE room_id = $1
                   UNION ALL SELECT w.title, s.starts_at, 1 FROM workshop w JOIN session s ON s.id = w.session_id WHERE w.room_id = $1) u
        ORDER BY starts_at, k`,
      [room.id],
    );
    if (users.length) {
      const items = users.map((u) => [u.title.fr, u.title.ja].filter(Boolean).join(' / ')).map((title) => `« ${title} »`).join(', ');
      throw BadUserInput.field('id', problem('roomInUse', { items, count: users.length }));
    }
    await deleteVersioned(tx, ROOM, room);
    return room.id;
  });
}

export async function addCommitteeMember(
  ctx: RequestContext,
  committeeId: string,
  personId: string,
  role: CommitteeRole,
): Promise<CommitteeMember> {
  demand(ctx, Right.ManageCommittees);
  return inTransaction(ctx, async (tx) => {
    const [committee, person] = await Promise.all([
      tx.loaders.byId(Committee).load(committeeId),
      tx.loaders.byId(Person).load(personId),
    ]);
    if (!committee) throw new NotFound(Committee, committeeId);
    if (!person) throw new NotFound(Person, personId);
    if (person.role === UserRole.LOCAL_AUTHORITY) {
      throw BadUserInput.field('personId', problem('authorityCannotSit'));
    }
    // One seat per person and edition: a second one would count the person in both committees'
    // quorums. The person's row is locked first, so that parallel seatings of one person queue and
    // the next statement (a fresh snapshot) sees the seat the one before committed.
    await tx.manager.query('SELECT 1 FROM person WHERE id = $1 FOR UPDATE', [personId]);
    const held: Array<{ committee_id: string; country: string }> = await tx.manager.query(
      `SELECT m.committee_id, c.country FROM committee_member m JOIN committee c ON c.id = m.committee_id
        WHERE m.person_id = $1 AND c.edition_id = $2`,
      [personId, committee.editionId],
    );
    if (held.some((h) => h.committee_id === committeeId)) throw BadUserInput.field('personId', problem('alreadyOnCommittee'));
    if (held.length) throw BadUserInput.field('personId', problem('seatedInEdition', { country: held[0].country }));
    const inserted = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(CommitteeMember)
      .values({ committeeId, personId, role })
      .orIgnore()
      .returning('*')
      .execute();
    if (!inserted.raw.length) throw BadUserInput.field('personId', problem('alreadyOnCommittee'));
    const member = tx.manager.create(CommitteeMember, { id: inserted.raw[0].id, committeeId, personId, role });
    await recordChange(tx, {
      editionId: committee.editionId,
      action: ChangeAction.CREATE,
      entityType: CommitteeMember.name,
      entityId: member.id,
      changes: diff(null, { committeeId, personId, role }),
    });
    return member;
  });
}

/** Admins: a seat's role (PRESIDENT, MEMBER, SECRETARIAT), recorded in the trail. */
export async function updateCommitteeMember(ctx: RequestContext, id: string, role: CommitteeRole): Promise<CommitteeMember> {
  demand(ctx, Right.ManageCommittees);
  return inTransaction(ctx, async (tx) => {
    const member = isUuid(id) ? await tx.manager.findOne(CommitteeMember, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!member) throw new NotFound(CommitteeMember, id);
    if (member.role === role) return member;
    const committee = await tx.manager.findOneOrFail(Committee, { where: { id: member.committeeId } });
    await tx.manager.update(CommitteeMember, { id }, { role });
    await recordChange(tx, {
      editionId: committee.editionId,
      action: ChangeAction.UPDATE,
      entityType: CommitteeMember.name,
      entityId: id,
      changes: diff({ role: member.role }, { role }),
    });
    return Object.assign(member, { role });
  });
}

export async function removeCommitteeMember(ctx: RequestContext, id: string): Promise<string> {
  demand(ctx, Right.ManageCommittees);
  return inTransaction(ctx, async (tx) => {
    const member = isUuid(id) ? await tx.manager.findOne(CommitteeMember, { where: { id } }) : null;
    if (!member) throw new NotFound(CommitteeMember, id);
    const committee = await tx.manager.findOneOrFail(Committee, { where: { id: member.committeeId } });
    await tx.manager.delete(CommitteeMember, { id });
    await recordChange(tx, {
      editionId: committee.editionId,
      action: ChangeAction.DELETE,
      entityType: CommitteeMember.name,
      entityId: id,
      changes: diff({ committeeId: member.committeeId, personId: member.personId, role: member.role }, { committeeId: null, personId: null, role: null }),
    });
    return id;
  });
}
