import fc from 'fast-check';
import { clockIn, dateIn, localIso } from '../src/common/time';

// time.ts reads offsets once per quarter hour of UTC; Intl, asked for each instant, is the reference.

const ZONES = [
  'Asia/Tokyo', 'Europe/Paris', 'UTC',
  'America/St_Johns', // -03:30, with summer time
  'Asia/Kathmandu', // +05:45, and +05:30 until 1986
  'Australia/Lord_Howe', // half an hour of summer time
  'Africa/Monrovia', // -00:44:30 until 1972
  'Pacific/Apia', // skipped 30 December 2011
];

function reference(timeZone: string, instant: Date): { date: string; clock: string; iso: string } {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23', timeZoneName: 'longOffset',
    }).formatToParts(instant).map((part) => [part.type, part.value]),
  );
  const year = p.year.padStart(4, '0');
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName.replace('GMT', '');
  return { date: `${year}-${p.month}-${p.day}`, clock: `${p.hour}:${p.minute}`, iso: `${year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}` };
}

const ours = (timeZone: string, instant: Date) => ({ date: dateIn(timeZone, instant), clock: clockIn(timeZone, instant), iso: localIso(timeZone, instant) });

it('agrees with Intl every few seconds around changes of offset', () => {
  const changes = [
    ['Europe/Paris', '2024-03-31T01:00:00Z'], ['Europe/Paris', '2024-10-27T01:00:00Z'],
    ['America/St_Johns', '2024-03-10T05:30:00Z'], ['Australia/Lord_Howe', '2024-04-06T15:00:00Z'],
    ['Asia/Kathmandu', '1985-12-31T18:30:00Z'], ['Africa/Monrovia', '1972-01-07T00:44:30Z'], ['Pacific/Apia', '2011-12-30T10:00:00Z'],
  ] as const;
  for (const [zone, at] of changes) {
    const middle = Date.parse(at);
    // A minute apart over six hours, and ten seconds apart over the 20 minutes of the change.
    for (let ms = middle - 3 * 3600_000; ms <= middle + 3 * 3600_000; ms += Math.abs(ms - middle) < 600_000 ? 10_000 : 60_000) {
      expect([zone, ours(zone, new Date(ms))]).toEqual([zone, reference(zone, new Date(ms))]);
    }
  }
});

it('agrees with Intl at any instant, from year 1 to 9999', () => {
  fc.assert(
    fc.property(fc.constantFrom(...ZONES), fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }), (zone, instant) => {
      expect(ours(zone, instant)).toEqual(reference(zone, instant));
    }),
    { numRuns: 3000 },
  );
});
