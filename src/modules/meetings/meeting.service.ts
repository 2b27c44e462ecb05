import { demand, demandSignedIn, Right } from '../../auth/rights';
import { BadUserInput, FieldProblem, NotFound, problem } from '../../common/errors';
import { mergeLocalizedText, normalizeLocalizedText } from '../../common/localized-text';
import { mergeTitle } from '../../common/validation';
import { createVersioned, deleteVersioned, lockVersioned, updateVersioned, VersionedTarget } from '../../db/versioned-write';
import { inTransaction } from '../../db/context';
import type { RequestContext } from '../context';
import { isUuid } from '../../db/loaders';
import { diff, type FieldChanges } from '../../db/changes/change-trail';
import { Committee } from '../editions/committee.entity';
import { Edition } from '../editions/edition.entity';
import { requireEdition } from '../editions/edition.service';
import { AgendaItem, SteeringMeeting } from './meeting.entity';
import { AddAgendaItemInput, AgendaItemInput, MAX_AGENDA_ITEMS, ScheduleMeetingInput, UpdateAgendaItemInput, UpdateMeetingInput } from './meeting.inputs';

export const MEETING: VersionedTarget<SteeringMeeting> = { entity: SteeringMeeting, editionIdOf: (m) => m.editionId };

function checkTimes(startsAt: Date, endsAt: Date, problems: FieldProblem[]) {
  if (endsAt.getTime() <= startsAt.getTime()) problems.push({ field: 'input.endsAt', problems: [problem('afterStart')] });
}

const failIfAny = (problems: FieldProblem[]) => {
  if (problems.length) throw new BadUserInput(problems);
};

/** The agenda as the trail records it, in order. */
const forTrail = (items: AgendaItem[]) => items.map((item) => ({ id: item.id, title: item.title, notes: item.notes }));

// --- reads -------------------------------------------------------------------------------------

export function meetingsOf(ctx: RequestContext, edition: Edition): Promise<SteeringMeeting[]> {
  demand(ctx, Right.ReadMeetings);
  return ctx.loaders.byForeignKey(SteeringMeeting, 'editionId', { startsAt: 'ASC', id: 'ASC' }).load(edition.id);
}

export function agendaOf(ctx: RequestContext, meeting: SteeringMeeting): Promise<AgendaItem[]> {
  return ctx.loaders.byForeignKey(AgendaItem, 'meetingId', { position: 'ASC' }).load(meeting.id);
}

// --- meetings ----------------------------------------------------------------------------------

export async function scheduleMeeting(ctx: RequestContext, input: ScheduleMeetingInput): Promise<SteeringMeeting> {
  demandSignedIn(ctx, Right.ManageEdition);
  const edition = await requireEdition(ctx, input.editionId);
  demand(ctx, Right.ManageEdition, edition.id);
  const problems: FieldProblem[] = [];
  checkTimes(input.startsAt, input.endsAt, problems);
  // Null or left out: a joint meeting. An empty id is an id, of nothing.
  if (input.committeeId !== null && input.committeeId !== undefined) {
    const committee = isUuid(input.committeeId) ? await ctx.loaders.byId(Committee).load(input.committeeId) : null;
    if (!committee) throw new NotFound(Committee, input.committeeId);
    if (committee.editionId !== edition.id) problems.push({ field: 'input.committeeId', problems: [problem('committeeOfAnotherEdition')] });
  }
  failIfAny(problems);
  const agenda = input.agenda ?? [];
  return inTransaction(ctx, (tx) =>
    createVersioned(
      tx,
      MEETING,
      {
        editionId: edition.id,
        committeeId: input.committeeId ?? null,
        title: normalizeLocalizedText(input.title)!,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        place: normalizeLocalizedText(input.place),
        openToLocalAuthorities: input.openToLocalAuthorities ?? false,
        registrationDeadline: input.registrationDeadline ?? null,
      },
      async (meeting): Promise<FieldChanges> => {
        if (!agenda.length) return {};
        const items = agenda.map((item, i) => tx.manager.create(AgendaItem, { meetingId: meeting.id, position: i + 1, ...itemTexts(item) }));
        await tx.manager.insert(AgendaItem, items);
        return { agenda: { from: null, to: forTrail(items) } };
      },
    ),
  );
}

function itemTexts(item: AgendaItemInput) {
  return { title: normalizeLocalizedText(item.title)!, notes: normalizeLocalizedText(item.notes) };
}

/** The meeting locked for a manager of its edition at the version the caller saw. */
function lockMeeting(tx: RequestContext, id: string, expectedVersion: number): Promise<SteeringMeeting> {
  return lockVersioned(tx, MEETING, id, expectedVersion, (meeting) => demand(tx, Right.ManageEdition, meeting.editionId));
}

export async function updateMeeting(ctx: RequestContext, input: UpdateMeetingInput): Promise<SteeringMeeting> {
  demandSignedIn(ctx, Right.ManageEdition);
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, input.id, input.expectedVersion);
    const problems: FieldProblem[] = [];
    for (const required of ['startsAt', 'endsAt'] as const) {
      if (input[required] === null) problems.push({ field: `input.${required}`, problems: [problem('cannotBeCleared')] });
    }
    const title = mergeTitle(meeting.title, input.title, 'input.title', problems);
    checkTimes(input.startsAt ?? meeting.startsAt, input.endsAt ?? meeting.endsAt, problems);
    failIfAny(problems);
    const patch: Partial<SteeringMeeting> = {};
    if (title) patch.title = title;
    if (input.startsAt) patch.startsAt = input.startsAt;
    if (input.endsAt) patch.endsAt = input.endsAt;
    if (input.place !== undefined) patch.place = mergeLocalizedText(meeting.place, input.place);
    if (input.minutes !== undefined) patch.minutes = mergeLocalizedText(meeting.minutes, input.minutes);
    if (input.openToLocalAuthorities !== undefined && input.openToLocalAuthorities !== null) patch.openToLocalAuthorities = input.openToLocalAuthorities;
    if (input.registrationDeadline !== undefined) patch.registrationDeadline = input.registrationDeadline;
    return updateVersioned(tx, MEETING, meeting, patch);
  });
}

/** The meeting is called off: it goes, with its agenda; the trail records it. */
export async function cancelMeeting(ctx: RequestContext, id: string, expectedVersion: number): Promise<string> {
  demandSignedIn(ctx, Right.ManageEdition);
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, id, expectedVersion);
    await deleteVersioned(tx, MEETING, meeting);
    return meeting.id;
  });
}

// --- the agenda --------------------------------------------------------------------------------

/**
 * One change of a meeting's agenda: `change` receives the items in order and returns them as they must
 * end, and their positions are rewritten 1..n. The meeting's version goes up by one, and the trail
 * records the agenda before and after.
 */
async function changeAgenda(
  tx: RequestContext,
  meeting: SteeringMeeting,
  change: (items: AgendaItem[]) => Promise<AgendaItem[]>,
  /** What the trail records when it is not the whole agenda before and after. */
  trail?: FieldChanges,
): Promise<SteeringMeeting> {
  const before = await tx.manager.find(AgendaItem, { where: { meetingId: meeting.id }, order: { position: 'ASC' } });
  // Taken now: `change` may alter the items themselves.
  const from = forTrail(before);
  const after = await change([...before]);
  // One statement; the unique (meeting_id, position) is deferred, so positions may pass each other.
  await tx.manager.query(
    `UPDATE agenda_item a SET position = v.position
       FROM unnest($1::uuid[], $2::int[]) AS v(id, position)
      WHERE a.id = v.id AND a.position <> v.position`,
    [after.map((item) => item.id), after.map((_, i) => i + 1)],
  );
  after.forEach((item, i) => (item.position = i + 1));
  return updateVersioned(tx, MEETING, meeting, {}, trail ?? { agenda: { from, to: forTrail(after) } });
}

export async function addAgendaItem(ctx: RequestContext, input: AddAgendaItemInput): Promise<SteeringMeeting> {
  demandSignedIn(ctx, Right.ManageEdition);
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, input.meetingId, input.expectedVersion);
    return changeAgenda(tx, meeting, async (items) => {
      if (items.length >= MAX_AGENDA_ITEMS) throw BadUserInput.field('input.meetingId', problem('agendaFull', { max: MAX_AGENDA_ITEMS }));
      const position = input.position ?? items.length + 1;
      if (position > items.length + 1) throw BadUserInput.field('input.position', problem('range', { min: 1, max: items.length + 1 }));
      // Inserted after every other item, then moved to its place by the rewrite of positions.
      const item = tx.manager.create(AgendaItem, { meetingId: meeting.id, position: items.length + 1, ...itemTexts(input) });
      await tx.manager.insert(AgendaItem, item);
      items.splice(position - 1, 0, item);
      return items;
    });
  });
}

/** The item and its meeting, locked; NOT_FOUND when either is gone. */
async function lockItem(tx: RequestContext, id: string, expectedVersion: number): Promise<{ meeting: SteeringMeeting; item: AgendaItem }> {
  const found = isUuid(id) ? await tx.manager.findOne(AgendaItem, { where: { id } }) : null;
  if (!found) throw new NotFound(AgendaItem, id);
  const meeting = await lockMeeting(tx, found.meetingId, expectedVersion);
  // Read again under the meeting's lock: it may have been removed meanwhile.
  const item = await tx.manager.findOne(AgendaItem, { where: { id } });
  if (!item) throw new NotFound(AgendaItem, id);
  return { meeting, item };
}

export async function updateAgendaItem(ctx: RequestContext, input: UpdateAgendaItemInput): Promise<SteeringMeeting> {
  demandSignedIn(ctx, Right.ManageEdition);
  return inTransaction(ctx, async (tx) => {
    const { meeting, item } = await lockItem(tx, input.id, input.expectedVersion);
    const problems: FieldProblem[] = [];
    const title = mergeTitle(item.title, input.title, 'input.title', problems);
    failIfAny(problems);
    const patch: Partial<AgendaItem> = {};
    if (title) patch.title = title;
    if (input.notes !== undefined) patch.notes = mergeLocalizedText(item.notes, input.notes);
    // The trail names the item by its place in the agenda and records only what changed in it.
    const trail: FieldChanges = {};
    for (const [field, change] of Object.entries(diff(item as unknown as Record<string, unknown>, patch))) trail[`agenda.${item.position}.${field}`] = change;
    return changeAgenda(
      tx,
      meeting,
      async (items) => {
        if (Object.keys(patch).length) await tx.manager.update(AgendaItem, { id: item.id }, patch);
        return items.map((one) => (one.id === item.id ? Object.assign(one, patch) : one));
      },
      trail,
    );
  });
}

export async function removeAgendaItem(ctx: RequestContext, id: string, expectedVersion: number): Promise<SteeringMeeting> {
  demandSignedIn(ctx, Right.ManageEdition);
  return inTransaction(ctx, async (tx) => {
    const { meeting, item } = await lockItem(tx, id, expectedVersion);
    return changeAgenda(tx, meeting, async (items) => {
      await tx.manager.delete(AgendaItem, { id: item.id });
      return items.filter((one) => one.id !== item.id);
    });
  });
}

/** `itemIds` must name every item of the agenda exactly once, in the new order. */
export async function reorderAgenda(ctx: RequestContext, meetingId: string, expectedVersion: number, itemIds: string[]): Promise<SteeringMeeting> {
  demandSignedIn(ctx, Right.ManageEdition);
  return inTransaction(ctx, async (tx) => {
    const meeting = await lockMeeting(tx, meetingId, expectedVersion);
    return changeAgenda(tx, meeting, async (items) => {
      const byId = new Map(items.map((item) => [item.id, item]));
      if (new Set(itemIds).size !== itemIds.length) throw BadUserInput.field('itemIds', problem('listedTwice'));
      const foreign = itemIds.find((id) => !byId.has(id));
      if (foreign !== undefined) throw BadUserInput.field('itemIds', problem('notOnAgenda', { id: foreign }));
      if (itemIds.length !== items.length) throw BadUserInput.field('itemIds', problem('wholeAgenda', { count: items.length }));
      return itemIds.map((id) => byId.get(id)!);
    });
  });
}
