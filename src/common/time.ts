// Instants are stored in UTC; these turn them into the calendar and clock of an edition's zone.

// Building a formatter costs far more than using one (a CPU profile showed it): one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(instant: Date, timeZone: string): Record<string, string> {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23', timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, format);
  }
  const found = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  // Intl writes the year 99 as "99": a calendar date needs four digits.
  return { ...found, year: found.year.padStart(4, '0') };
}

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function dateIn(timeZone: string, instant: Date): string {
  const p = parts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** HH:MM on the clock of the zone. */
export function clockIn(timeZone: string, instant: Date): string {
  const p = parts(instant, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** ISO 8601 with the zone's offset, e.g. 2024-11-18T14:00:00+09:00. */
export function localIso(timeZone: string, instant: Date): string {
  const p = parts(instant, timeZone);
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName.replace('GMT', '');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

/** A duration as H:MM (hours unbounded), e.g. 1:30. */
export function hoursMinutes(from: Date, to: Date): string {
  const minutes = Math.round((to.getTime() - from.getTime()) / 60_000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}
