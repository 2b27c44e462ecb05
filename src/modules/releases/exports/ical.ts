import { createEvents, EventAttributes } from 'ics';
import { localized, eventsOf, ExportContext, languageTag } from './export-model';

/**
 * iCalendar (RFC 5545) by the `ics` library: one VEVENT per session and per workshop, with a UID
 * that stays the same across releases, so calendar apps update events instead of duplicating them.
 * Times are UTC instants (…Z), which every calendar shows in its own user's zone.
 */
export function toICalendar(ctx: ExportContext): string {
  const calendarName = calendarText(`${localized(ctx.snapshot.edition.title, ctx.locale)} (${ctx.version})`);
  const events: EventAttributes[] = eventsOf(ctx).map((event) => ({
    uid: `${event.id}@rencontres-franco-japonaises`,
    start: utcDateTime(event.startsAt),
    end: utcDateTime(event.endsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    endInputType: 'utc',
    endOutputType: 'utc',
    title: calendarText(event.title),
    description: calendarText([event.description, event.people.length ? event.people.join(', ') : null, event.themes.length ? event.themes.join(' · ') : null]
      .filter(Boolean)
      .join('\n\n')) || undefined,
    location: event.room ? calendarText(event.room) : undefined,
    url: `${ctx.pageUrl}#${event.kind}-${event.id}`,
    categories: [event.kind === 'workshop' ? 'WORKSHOP' : event.sessionKind],
    lastModified: ctx.publishedAt.getTime(),
    productId: 'rencontres-franco-japonaises/programme',
    calName: calendarName,
  }));
  const { error, value } = createEvents(events, { productId: 'rencontres-franco-japonaises/programme', calName: calendarName });
  if (error || !value) throw error ?? new Error('the iCalendar export failed');
  // Display zone hint for the apps that read it, and the language of the texts.
  return value.replace('BEGIN:VCALENDAR\r\n', `BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:${ctx.snapshot.edition.timeZone}\r\nX-WR-RELCALID:rfj-${ctx.snapshot.edition.number}-${languageTag(ctx.locale)}\r\n`);
}

/**
 * A text as an iCalendar TEXT value may hold it. `ics` escapes LF (as \n), backslashes, commas and
 * semicolons, but writes a bare CR, a vertical tab or U+2028 as it comes: a CR there would end the
 * line and start a property of the sender's choosing (ATTACH:..., X-...). Every line break becomes LF,
 * and every other control character, which RFC 5545 TEXT does not allow, goes.
 */
function calendarText(text: string): string {
  return text
    .replace(/\r\n|[\r\u000B\u000C\u0085\u2028\u2029]/g, '\n')
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g, '');
}

/**
 * An instant as an iCalendar UTC DATE-TIME, e.g. 20241118T050000Z. Written here, and passed to `ics` as
 * text (which it keeps as is): given a timestamp, `ics` refuses any instant before 1970.
 */
function utcDateTime(instant: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(instant.getUTCFullYear()).padStart(4, '0')}${two(instant.getUTCMonth() + 1)}${two(instant.getUTCDate())}`
    + `T${two(instant.getUTCHours())}${two(instant.getUTCMinutes())}${two(instant.getUTCSeconds())}Z`;
}
