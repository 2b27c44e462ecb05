import { Field, ID, ObjectType } from 'type-graphql';
import { ProgramIssueKind, ThemeStatus } from '../../common/enums';
import { LocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';
import type { RequestContext } from '../context';
import { Edition } from '../editions/edition.entity';
import { Theme } from '../themes/theme.entity';
import { SessionSpeaker, WorkshopModerator, WorkshopSpeaker, WorkshopTheme, SessionTheme } from './links.entity';
import { Person } from '../people/person.entity';
import { Room, ROOM_ORDER } from '../editions/room.entity';
import { dateIn } from '../../common/time';
import { sessionsOf, workshopsOf } from './program.service';
import { Session } from './session.entity';
import { Workshop } from './workshop.entity';

@ObjectType()
export class ProgramIssue {
  @Field(() => ProgramIssueKind) kind!: ProgramIssueKind;
  @Field(() => LocalizedText) message!: LocalizedTextValue;
  @Field(() => [ID]) sessionIds!: string[];
  @Field(() => [ID]) workshopIds!: string[];
}

/** A slot of the programme that holds a room and people: a session, or a workshop during its session. */
interface Booking {
  session: Session;
  workshop?: Workshop;
  roomId: string | null;
  people: Person[];
  label: LocalizedTextValue;
}

const overlap = (a: Session, b: Session) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;
const name = (text: LocalizedTextValue | null | undefined) => ({ fr: text?.fr ?? text?.ja ?? text?.en ?? '', ja: text?.ja ?? text?.fr ?? text?.en ?? '', en: text?.en ?? text?.fr ?? text?.ja ?? '' });

function issue(kind: ProgramIssueKind, message: LocalizedTextValue, bookings: Booking[]): ProgramIssue {
  return {
    kind,
    message,
    sessionIds: [...new Set(bookings.filter((b) => !b.workshop).map((b) => b.session.id))],
    workshopIds: [...new Set(bookings.flatMap((b) => (b.workshop ? [b.workshop.id] : [])))],
  };
}

/** Problems that the draft may hold but a release should not: computed on read, never stored. */
export async function programIssues(ctx: RequestContext, edition: Edition): Promise<ProgramIssue[]> {
  const sessions = await sessionsOf(ctx, edition);
  const workshops = (await Promise.all(sessions.map((s) => workshopsOf(ctx, s)))).flat();
  const sessionById = new Map(sessions.map((s) => [s.id, s]));
  const people = (loader: ReturnType<RequestContext['loaders']['linked']>, id: string) => loader.load(id) as Promise<Person[]>;
  const sessionSpeakers = ctx.loaders.linked(SessionSpeaker, 'sessionId', 'personId', Person);
  const workshopSpeakers = ctx.loaders.linked(WorkshopSpeaker, 'workshopId', 'personId', Person);
  const workshopModerators = ctx.loaders.linked(WorkshopModerator, 'workshopId', 'personId', Person);

  const bookings: Booking[] = [
    ...(await Promise.all(sessions.map(async (session) => ({
      session, roomId: session.roomId, people: await people(sessionSpeakers, session.id), label: session.title,
    })))),
    ...(await Promise.all(workshops.map(async (workshop) => ({
      session: sessionById.get(workshop.sessionId)!, workshop, roomId: workshop.roomId,
      people: [...(await people(workshopSpeakers, workshop.id)), ...(await people(workshopModerators, workshop.id))],
      label: workshop.title,
    })))),
  ];
  const rooms = new Map((await ctx.loaders.byForeignKey(Room, 'editionId', ROOM_ORDER).load(edition.id)).map((r) => [r.id, r]));
  const found: ProgramIssue[] = [];

  for (let i = 0; i < bookings.length; i++) {
    for (let j = i + 1; j < bookings.length; j++) {
      const a = bookings[i];
      const b = bookings[j];
      // A workshop happens inside its own session: that pair is no clash.
      if (a.session.id === b.session.id && (!a.workshop || !b.workshop)) continue;
      if (!overlap(a.session, b.session)) continue;
      const la = name(a.label);
      const lb = name(b.label);
      if (a.roomId && a.roomId === b.roomId) {
        const room = name(rooms.get(a.roomId)?.name);
        found.push(issue(ProgramIssueKind.ROOM_DOUBLE_BOOKED, {
          fr: `La salle « ${room.fr} » est occupée deux fois : « ${la.fr} » et « ${lb.fr} ».`,
          ja: `会場「${room.ja}」が重複しています：「${la.ja}」と「${lb.ja}」。`,
          en: `Room "${room.en}" is booked twice: "${la.en}" and "${lb.en}".`,
        }, [a, b]));
      }
      const shared = a.people.filter((p) => b.people.some((q) => q.id === p.id));
      for (const person of new Map(shared.map((p) => [p.id, p])).values()) {
        found.push(issue(ProgramIssueKind.PERSON_DOUBLE_BOOKED, {
          fr: `${person.nameLatin} intervient à deux endroits à la fois : « ${la.fr} » et « ${lb.fr} ».`,
          ja: `${person.nameNative ?? person.nameLatin}さんが同時刻に二か所で登壇します：「${la.ja}」と「${lb.ja}」。`,
          en: `${person.nameLatin} is in two places at once: "${la.en}" and "${lb.en}".`,
        }, [a, b]));
      }
    }
  }

  for (const session of sessions) {
    const first = dateIn(edition.timeZone, session.startsAt);
    const last = dateIn(edition.timeZone, new Date(session.endsAt.getTime() - 1));
    if (first < edition.startDate || last > edition.endDate) {
      const label = name(session.title);
      found.push(issue(ProgramIssueKind.OUTSIDE_EDITION_DATES, {
        fr: `« ${label.fr} » a lieu en dehors des dates de l'édition (${edition.startDate} – ${edition.endDate}).`,
        ja: `「${label.ja}」は会期（${edition.startDate}～${edition.endDate}）の外に予定されています。`,
        en: `"${label.en}" is outside the edition's dates (${edition.startDate} to ${edition.endDate}).`,
      }, [{ session, roomId: null, people: [], label: session.title }]));
    }
  }

  for (const booking of bookings) {
    const missing = [!booking.label.fr && 'fr', !booking.label.ja && 'ja'].filter(Boolean) as string[];
    if (!missing.length) continue;
    const label = name(booking.label);
    const what = booking.workshop ? { fr: "de l'atelier", ja: '分科会', en: 'workshop' } : { fr: 'de la séance', ja: 'セッション', en: 'session' };
    found.push(issue(ProgramIssueKind.MISSING_TRANSLATION, {
      fr: `Le titre ${what.fr} « ${label.fr} » n'a pas de version ${missing.map((l) => (l === 'fr' ? 'française' : 'japonaise')).join(' ni ')}.`,
      ja: `${what.ja}「${label.ja}」のタイトルに${missing.map((l) => (l === 'fr' ? 'フランス語' : '日本語')).join('と')}がありません。`,
      en: `The ${what.en} title "${label.en}" has no ${missing.map((l) => (l === 'fr' ? 'French' : 'Japanese')).join(' or ')} version.`,
    }, [booking]));
  }

  const sessionThemes = ctx.loaders.linked(SessionTheme, 'sessionId', 'themeId', Theme);
  const workshopThemes = ctx.loaders.linked(WorkshopTheme, 'workshopId', 'themeId', Theme);
  for (const booking of bookings) {
    const themes = await (booking.workshop ? workshopThemes.load(booking.workshop.id) : sessionThemes.load(booking.session.id));
    for (const theme of themes.filter((t) => t.status !== ThemeStatus.ADOPTED)) {
      const label = name(booking.label);
      const title = name(theme.title);
      found.push(issue(ProgramIssueKind.THEME_NOT_ADOPTED, {
        fr: `« ${label.fr} » porte sur le thème « ${title.fr} », qui n'est pas adopté (${theme.status}).`,
        ja: `「${label.ja}」のテーマ「${title.ja}」はまだ採択されていません（${theme.status}）。`,
        en: `"${label.en}" is on the theme "${title.en}", which is not adopted (${theme.status}).`,
      }, [booking]));
    }
  }
  found.push(...(await delegationIssues(ctx, edition, sessions, workshops, rooms)));
  return found;
}

/**
 * What the participation forms ask of the programme: a room big enough for the delegates signed up to
 * a session, and interpretation where they follow it in both languages (a WORKSHOPS session's
 * delegates may sit in any of its workshops, so each of those needs it too).
 */
async function delegationIssues(
  ctx: RequestContext, edition: Edition, sessions: Session[], workshops: Workshop[], rooms: Map<string, Room>,
): Promise<ProgramIssue[]> {
  // One statement; read from the forms' table directly, since the participation module builds on this one.
  const rows: Array<{ session_id: string; language: string | null; delegates: number }> = await ctx.manager.query(
    `SELECT s.session_id, d->>'language' AS language, count(*)::int AS delegates
       FROM participation p
       CROSS JOIN LATERAL jsonb_array_elements(p.delegates) d
       CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(d->'sessionIds', '[]'::jsonb)) s(session_id)
      WHERE p.edition_id = $1 AND p.status <> 'CANCELLED'
      GROUP BY 1, 2`,
    [edition.id],
  );
  const signedUp = new Map<string, { count: number; languages: Set<string> }>();
  for (const row of rows) {
    const entry = signedUp.get(row.session_id) ?? { count: 0, languages: new Set<string>() };
    entry.count += row.delegates;
    if (row.language) entry.languages.add(row.language);
    signedUp.set(row.session_id, entry);
  }
  const found: ProgramIssue[] = [];
  for (const session of sessions) {
    const entry = signedUp.get(session.id);
    if (!entry) continue;
    const label = name(session.title);
    const room = session.roomId ? rooms.get(session.roomId) : undefined;
    if (room?.capacity !== null && room?.capacity !== undefined && entry.count > room.capacity) {
      const roomName = name(room.name);
      found.push(issue(ProgramIssueKind.ROOM_TOO_SMALL, {
        fr: `${entry.count} délégués sont inscrits à « ${label.fr} », mais la salle « ${roomName.fr} » n'en accueille que ${room.capacity}.`,
        ja: `「${label.ja}」には${entry.count}人の参加申込がありますが、会場「${roomName.ja}」の定員は${room.capacity}人です。`,
        en: `${entry.count} delegates signed up for "${label.en}", but room "${roomName.en}" holds ${room.capacity}.`,
      }, [{ session, roomId: session.roomId, people: [], label: session.title }]));
    }
    // Delegates following in French and in Japanese (English counts with neither) need interpretation.
    if (!(entry.languages.has('FR') && entry.languages.has('JA'))) continue;
    const bookings: Booking[] = [
      ...(session.interpretation ? [] : [{ session, roomId: session.roomId, people: [], label: session.title }]),
      ...workshops.filter((w) => w.sessionId === session.id && !w.interpretation).map((w) => ({ session, workshop: w, roomId: w.roomId, people: [], label: w.title })),
    ];
    for (const booking of bookings) {
      const what = name(booking.label);
      found.push(issue(ProgramIssueKind.INTERPRETATION_NEEDED, {
        fr: `Des délégués inscrits à « ${label.fr} » suivent en français et d'autres en japonais, mais « ${what.fr} » n'a pas d'interprétation.`,
        ja: `「${label.ja}」の参加者にはフランス語と日本語の両方で聞く人がいますが、「${what.ja}」に通訳がありません。`,
        en: `Delegates signed up for "${label.en}" follow in French and in Japanese, but "${what.en}" has no interpretation.`,
      }, [booking]));
    }
  }
  return found;
}
