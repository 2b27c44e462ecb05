import type { LocalizedTextValue } from '../../../common/localized-text';
import { textIn } from '../../../common/localized-text';
import { Locale, SessionKind } from '../../../common/enums';
import type { ProgramSnapshot, ReleasedName, ReleasedSessionValue, ReleasedWorkshopValue } from '../release.types';

// What every export of a release shares: its events (each session and each workshop) in one language.

export interface ExportContext {
  snapshot: ProgramSnapshot;
  version: string;
  publishedAt: Date;
  locale: Locale;
  /** Absolute address of the edition's printable page, for links. */
  pageUrl: string;
}

export interface ExportEvent {
  id: string;
  itemNumber: number;
  kind: 'session' | 'workshop';
  sessionKind: string;
  title: string;
  description: string | null;
  startsAt: Date;
  endsAt: Date;
  room: string | null;
  people: string[];
  themes: string[];
  interpretation: boolean;
  /** The language spoken, null when not said. */
  language: Locale | null;
  day: string;
}

const NO_ROOM = { fr: 'Lieu à préciser', ja: '会場未定', en: 'Venue to be announced' };

export const localized = (value: LocalizedTextValue | null | undefined, locale: Locale): string | null =>
  value ? textIn(value, locale) : null;

/**
 * People's names as a reader of `locale` reads them: Japanese readers the native name, French and
 * English readers the Latin one. A release made before names had both forms keeps its one form.
 */
export const namesFor = (forms: ReleasedName[] | undefined, stored: string[], locale: Locale): string[] =>
  forms ? forms.map((name) => (locale === Locale.JA ? (name.native ?? name.latin) : name.latin)) : stored;

export const noRoomLabel = (locale: Locale) => ({ FR: NO_ROOM.fr, JA: NO_ROOM.ja, EN: NO_ROOM.en })[locale];

const SESSION_KINDS: Record<Locale, Record<SessionKind, string>> = {
  FR: { OPENING: 'Ouverture', PLENARY: 'Plénière', WORKSHOPS: 'Ateliers', SITE_VISIT: 'Visite de terrain', RECEPTION: 'Réception', BREAK: 'Pause', CLOSING: 'Clôture', OTHER: 'Autre' },
  JA: { OPENING: '開会', PLENARY: '全体会議', WORKSHOPS: '分科会', SITE_VISIT: '視察', RECEPTION: 'レセプション', BREAK: '休憩', CLOSING: '閉会', OTHER: 'その他' },
  EN: { OPENING: 'Opening', PLENARY: 'Plenary', WORKSHOPS: 'Workshops', SITE_VISIT: 'Site visit', RECEPTION: 'Reception', BREAK: 'Break', CLOSING: 'Closing', OTHER: 'Other' },
};

/** What a session of this kind is called, for readers. */
export const sessionKindName = (kind: SessionKind, locale: Locale) => SESSION_KINDS[locale][kind];

export function eventsOf(ctx: ExportContext): ExportEvent[] {
  const events: ExportEvent[] = [];
  const text = (value: LocalizedTextValue | null) => localized(value, ctx.locale);
  for (const day of ctx.snapshot.days) {
    for (const session of day.sessions) {
      events.push(sessionEvent(session, day.date, text, ctx.locale));
      for (const workshop of session.workshops) events.push(workshopEvent(session, workshop, day.date, text, ctx.locale));
    }
  }
  return events;
}

function sessionEvent(session: ReleasedSessionValue, day: string, text: (v: LocalizedTextValue | null) => string | null, locale: Locale): ExportEvent {
  return {
    id: session.id,
    itemNumber: session.itemNumber,
    kind: 'session',
    sessionKind: session.kind,
    title: text(session.title) ?? '',
    description: text(session.description),
    startsAt: new Date(session.startsAt),
    endsAt: new Date(session.endsAt),
    room: text(session.roomName),
    people: namesFor(session.speakers, session.speakerNames, locale),
    themes: session.themeTitles.map((t) => text(t) ?? ''),
    interpretation: session.interpretation,
    language: session.language ?? null,
    day,
  };
}

function workshopEvent(
  session: ReleasedSessionValue, workshop: ReleasedWorkshopValue, day: string, text: (v: LocalizedTextValue | null) => string | null, locale: Locale,
): ExportEvent {
  const moderators = namesFor(workshop.moderators, workshop.moderatorNames, locale);
  const speakers = namesFor(workshop.speakers, workshop.speakerNames, locale);
  return {
    id: workshop.id,
    itemNumber: workshop.itemNumber,
    kind: 'workshop',
    sessionKind: session.kind,
    title: text(workshop.title) ?? '',
    description: text(workshop.description),
    startsAt: new Date(session.startsAt),
    endsAt: new Date(session.endsAt),
    room: text(workshop.roomName),
    people: [...moderators, ...speakers.filter((n) => !moderators.includes(n))],
    themes: workshop.themeTitles.map((t) => text(t) ?? ''),
    // Releases frozen before workshops said so: the session's.
    interpretation: workshop.interpretation ?? session.interpretation,
    language: workshop.language ?? session.language ?? null,
    day,
  };
}

export const languageTag = (locale: Locale) => ({ FR: 'fr', JA: 'ja', EN: 'en' })[locale];

const INTERPRETED = { FR: 'Interprétation français-japonais', JA: '日仏通訳あり', EN: 'French-Japanese interpretation' };

/** What a reader of `locale` is told of interpretation, where a schedule has no field for it. */
export const interpretationNote = (event: ExportEvent, locale: Locale): string | null => (event.interpretation ? INTERPRETED[locale] : null);
