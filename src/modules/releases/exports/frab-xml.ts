import { create } from 'xmlbuilder2';
import { ExportContext } from './export-model';
import { scheduleModel } from './schedule-json';

/** frab's schedule XML, built by xmlbuilder2 from the same model as the schedule JSON. */
export function toFrabXml(ctx: ExportContext): string {
  const model = scheduleModel(ctx);
  // A character that XML 1.0 cannot hold (a control character, half a surrogate pair) would make the
  // document unreadable: each is written as U+FFFD. Markup characters are escaped by xmlbuilder2.
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' }).ele('schedule');
  root.ele('generator', { name: 'rencontres-franco-japonaises-programme', version: '1' });
  root.ele('version').txt(model.version);
  const conference = root.ele('conference');
  conference.ele('acronym').txt(model.conference.acronym);
  conference.ele('title').txt(model.conference.title);
  conference.ele('start').txt(model.conference.start);
  conference.ele('end').txt(model.conference.end);
  conference.ele('days').txt(String(model.conference.daysCount));
  conference.ele('timeslot_duration').txt(model.conference.timeslot_duration);
  conference.ele('time_zone_name').txt(model.conference.time_zone_name);
  for (const day of model.days) {
    const dayNode = root.ele('day', { index: day.index, date: day.date, start: day.day_start, end: day.day_end });
    for (const [roomName, events] of day.rooms) {
      const roomNode = dayNode.ele('room', { name: roomName });
      for (const e of events) {
        const node = roomNode.ele('event', { guid: e.guid, id: e.id });
        node.ele('date').txt(e.date);
        node.ele('start').txt(e.startClock);
        node.ele('duration').txt(e.duration.padStart(5, '0'));
        node.ele('room').txt(e.room);
        node.ele('slug').txt(e.slug);
        node.ele('url').txt(e.url);
        node.ele('title').txt(e.title);
        node.ele('subtitle').txt(e.subtitle ?? '');
        node.ele('track').txt(e.track ?? '');
        node.ele('type').txt(e.type);
        node.ele('language').txt(e.language);
        node.ele('abstract');
        node.ele('description').txt(e.description ?? '');
        const persons = node.ele('persons');
        for (const person of e.persons) persons.ele('person').txt(person.name);
        node.ele('links');
        node.ele('attachments');
      }
    }
  }
  return root.end({ prettyPrint: true });
}
