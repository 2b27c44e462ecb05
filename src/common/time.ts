// Instants are stored in UTC; these turn them into the calendar and clock of an edition's zone.
import { BoundedMap } from './cache';

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

// Even formatToParts is costly once per session of a large programme (a CPU profile showed it), while
// zones change their offset only on quarter hours of UTC: the offset is looked up once per quarter
// hour and zone, and checked at both ends of it, so a quarter hour with a change takes the slow path.
const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, BoundedMap<number, number | null>>();

function offsetByIntl(timeZone: string, ms: number): number {
  const p = parts(new Date(ms), timeZone);
  const wall = new Date(0);
  wall.setUTCFullYear(Number(p.year), Number(p.month) - 1, Number(p.day));
  wall.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second));
  return wall.getTime() - Math.floor(ms / 1000) * 1000;
}

function offsetAt(timeZone: string, ms: number): number | null {
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new BoundedMap(10_000)));
  const quarter = Math.floor(ms / QUARTER_HOUR);
  let offset = zone.get(quarter);
  if (offset === undefined) {
    const start = offsetByIntl(timeZone, quarter * QUARTER_HOUR);
    offset = start === offsetByIntl(timeZone, (quarter + 1) * QUARTER_HOUR - 1000) ? start : null;
    zone.set(quarter, offset);
  }
  return offset;
}

/** The wall clock of the zone as YYYY-MM-DDTHH:MM:SS, and the zone's offset; null where Intl must answer. */
function wallClock(timeZone: string, instant: Date): { iso: string; offset: number } | null {
  const offset = offsetAt(timeZone, instant.getTime());
  if (offset === null) return null;
  const shifted = new Date(instant.getTime() + offset);
  const year = shifted.getUTCFullYear();
  // toISOString writes other years with six digits and a sign.
  if (year < 1000 || year > 9999) return null;
  return { iso: shifted.toISOString().slice(0, 19), offset };
}

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function dateIn(timeZone: string, instant: Date): string {
  const wall = wallClock(timeZone, instant);
  if (wall) return wall.iso.slice(0, 10);
  const p = parts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** HH:MM on the clock of the zone. */
export function clockIn(timeZone: string, instant: Date): string {
  const wall = wallClock(timeZone, instant);
  if (wall) return wall.iso.slice(11, 16);
  const p = parts(instant, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** ISO 8601 with the zone's offset, e.g. 2024-11-18T14:00:00+09:00. */
export function localIso(timeZone: string, instant: Date): string {
  const wall = wallClock(timeZone, instant);
  if (wall) return wall.iso + offsetText(wall.offset);
  const p = parts(instant, timeZone);
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName.replace('GMT', '');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

/** +HH:MM, or +HH:MM:SS for the odd historical offset, as Intl writes them. */
function offsetText(offsetMs: number): string {
  const seconds = Math.abs(offsetMs) / 1000;
  const two = (n: number) => String(Math.floor(n)).padStart(2, '0');
  const text = `${offsetMs < 0 ? '-' : '+'}${two(seconds / 3600)}:${two((seconds % 3600) / 60)}`;
  return seconds % 60 ? `${text}:${two(seconds % 60)}` : text;
}

/** A duration as H:MM (hours unbounded), e.g. 1:30. */
export function hoursMinutes(from: Date, to: Date): string {
  const minutes = Math.round((to.getTime() - from.getTime()) / 60_000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}
