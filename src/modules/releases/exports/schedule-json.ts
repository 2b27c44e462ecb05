import { clockIn, hoursMinutes, localIso } from '../../../common/time';
import { eventsOf, ExportContext, ExportEvent, interpretationNote, languageTag, localized, noRoomLabel } from './export-model';

// The schedule JSON that frab, pretalx and conference apps exchange (c3voc's schema): integer ids,
// uuid guids, H:MM durations, days holding their events by room name.

const EVENT_TYPES: Record<string, string> = {
  OPENING: 'ceremony', CLOSING: 'ceremony', PLENARY: 'talk', WORKSHOPS: 'workshop', SITE_VISIT: 'visit',
  RECEPTION: 'social', BREAK: 'break', OTHER: 'other',
};

export const acronymOf = (number: number) => `rfj${number}`;

export function scheduleModel(ctx: ExportContext) {
  const { edition } = ctx.snapshot;
  const zone = edition.timeZone;
  const events = eventsOf(ctx);
  const noRoom = noRoomLabel(ctx.locale);
  const event = (e: ExportEvent) => ({
    id: e.itemNumber,
    guid: e.id,
    date: localIso(zone, e.startsAt),
    start: localIso(zone, e.startsAt),
    startClock: clockIn(zone, e.startsAt),
    duration: hoursMinutes(e.startsAt, e.endsAt),
    room: e.room ?? noRoom,
    slug: `${acronymOf(edition.number)}-${e.itemNumber}`,
    url: `${ctx.pageUrl}#${e.kind}-${e.id}`,
    title: e.title,
    // The schedule has no field for interpretation: it is said where apps show it, under the title.
    subtitle: interpretationNote(e, ctx.locale),
    track: e.themes[0] ?? null,
    type: e.kind === 'workshop' ? 'workshop' : EVENT_TYPES[e.sessionKind] ?? 'other',
    // What is spoken, not the export's language ('' when the programme does not say yet).
    language: e.language ? languageTag(e.language) : '',
    abstract: null,
    description: e.description,
    persons: e.people.map((name) => ({ name })),
    links: [],
    attachments: [],
  });
  const days = ctx.snapshot.days.map((day, index) => {
    const dayEvents = events.filter((e) => e.day === day.date);
    const rooms = new Map<string, ReturnType<typeof event>[]>();
    for (const e of dayEvents) {
      const rendered = event(e);
      rooms.set(rendered.room, [...(rooms.get(rendered.room) ?? []), rendered]);
    }
    const starts = dayEvents.map((e) => e.startsAt.getTime());
    const ends = dayEvents.map((e) => e.endsAt.getTime());
    return {
      index: index + 1,
      date: day.date,
      day_start: localIso(zone, new Date(Math.min(...starts))),
      day_end: localIso(zone, new Date(Math.max(...ends))),
      rooms,
    };
  });
  return {
    version: ctx.version,
    conference: {
      acronym: acronymOf(edition.number),
      title: localized(edition.title, ctx.locale) ?? '',
      start: edition.startDate,
      end: edition.endDate,
      daysCount: days.length,
      timeslot_duration: '00:15',
      time_zone_name: zone,
    },
    days,
  };
}

export function toScheduleJson(ctx: ExportContext): string {
  const model = scheduleModel(ctx);
  return JSON.stringify({
    $schema: 'https://c3voc.de/schedule/schema.json',
    generator: { name: 'rencontres-franco-japonaises-programme', version: '1' },
    schedule: {
      version: model.version,
      conference: {
        ...model.conference,
        days: model.days.map((day) => ({
          ...day,
          rooms: Object.fromEntries([...day.rooms].map(([room, list]) => [room, list.map(({ startClock: _clock, ...e }) => e)])),
        })),
      },
    },
  }, null, 2);
}
