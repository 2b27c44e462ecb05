import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import postgres from 'postgres';

// The floor: the fastest way we found to give the same answers with no framework at all (what was tried,
// with its figures: BENCHMARKS.md's notes). A bare node:http server and a pool of the service's size;
// each endpoint answers from ONE hand-written SQL statement, prepared once per connection, which builds
// the JSON itself; PostgreSQL's bytes are sent as they come, never decoded nor parsed. No authentication.
//
//   GET  /program?number=8                the draft programme, as the `data` of bench/full-program.graphql
//   GET  /release?number=8                the latest release, as the `data` of bench/published-program.graphql
//   GET  /editions/8/program.json         the latest release as the service's schedule JSON (French)
//   POST /ballot   {themeId, voterId, committeeId, choice}     castBallot's guarded upsert and audit row
//   POST /session  {id, expectedVersion, title}                updateSession's versioned write and audit row

/** A LocalizedText as GraphQL returns it: the fields asked for, null when absent. */
const text = (column: string, langs = ['fr', 'ja']) =>
  `json_build_object(${langs.map((l) => `'${l}', ${column}->>'${l}'`).join(', ')})`;
/** A DateTime as graphql-scalars serialises a Date: toISOString(). */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const list = (element: string, order: string) => `coalesce(json_agg(${element} ORDER BY ${order}), '[]'::json)`;

// --- the draft programme: JSON written as text ---------------------------------------------------------
// json_build_object looks every argument's type up again on each call; the same objects written with ||
// cost half as much. Each builder below is an SQL expression of type text that holds JSON.

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
/** A JSON object from [key, JSON text] pairs, keys in the order given. */
const object = (fields: Array<[string, string]>) =>
  `(${fields.map(([key, value], i) => `${literal(`${i ? ',' : '{'}"${key}":`)} || ${value}`).join(' || ')} || '}')`;
const orNull = (json: string) => `coalesce(${json}, 'null')`;
/** A LocalizedText with the languages asked for: each value of the jsonb column is already JSON text. */
const localized = (column: string, langs = ['fr', 'ja']) => object(langs.map((l) => [l, orNull(`(${column}->'${l}')::text`)]));
/** Text typed by people, escaped. */
const string = (column: string) => `to_json(${column})::text`;
/** A value whose text never needs escaping: a uuid, an enum's code, a date. */
const quoted = (column: string) => `('"' || ${column} || '"')`;
const isoText = (column: string) => quoted(iso(column));
const arrayOr = (json: string) => `coalesce(${json}, '[]')`;
/** An authority shown with `fields`, or null when the person has none (`la` left joined). */
const authorityOf = (fields: Array<[string, string]>) => `CASE WHEN la.id IS NULL THEN 'null' ELSE ${object(fields)} END`;

/**
 * Per owner, the JSON array of `element` in `order`, from rows sorted by owner then order: string_agg
 * keeps its input order, so no sort runs per owner (an ORDER BY inside the aggregate does one per group).
 */
const listsBy = (owner: string, element: string, from: string, order: string) =>
  `SELECT k AS id, '[' || string_agg(x, ',') || ']' AS j FROM (SELECT ${owner} AS k, ${element} AS x FROM ${from} ORDER BY ${owner}, ${order}) o GROUP BY k`;

/** The quorum and majority of vote-rule.ts: the share compared in hundredths. */
const THEMES = `(SELECT '[' || string_agg(${object([
  ['id', quoted('t.id')], ['status', quoted('t.status')], ['title', localized('t.title')],
  ['tally', object([
    ['outcome', `CASE t.status WHEN 'ADOPTED' THEN '"ADOPTED"' WHEN 'REJECTED' THEN '"REJECTED"' ELSE '"PENDING"' END`],
    ['committees', `'[' || v.committees || ']'`]])]])}, ',' ORDER BY t.created_at, t.id) || ']'
   FROM theme t JOIN (
     SELECT v.theme_id, string_agg(${object([
       ['committee', object([['country', quoted('v.country')]])], ['eligible', 'v.eligible::text'],
       ['for', 'v.for::text'], ['against', 'v.against::text'], ['abstain', 'v.abstain::text'],
       ['quorumReached', `(v.eligible > 0 AND (v.for + v.against + v.abstain) * 100 >= round(e.quorum_share * 100) * v.eligible)::text`],
       ['majorityFor', '(v.for > v.against)::text']])}, ',' ORDER BY v.country, v.id) AS committees
       FROM (
         SELECT t.id AS theme_id, c.id, c.country, count(m.id)::int AS eligible,
                count(b.id) FILTER (WHERE b.choice = 'FOR')::int AS for,
                count(b.id) FILTER (WHERE b.choice = 'AGAINST')::int AS against,
                count(b.id) FILTER (WHERE b.choice = 'ABSTAIN')::int AS abstain
           FROM theme t JOIN committee c ON c.edition_id = t.edition_id
           LEFT JOIN committee_member m ON m.committee_id = c.id AND m.role IN ('PRESIDENT', 'MEMBER')
           LEFT JOIN ballot b ON b.theme_id = t.id AND b.voter_id = m.person_id AND b.committee_id = c.id
          WHERE t.edition_id = e.id
          GROUP BY t.id, c.id, c.country) v
      GROUP BY v.theme_id) v ON v.theme_id = t.id
  WHERE t.edition_id = e.id)`;

const COMMITTEES = `(SELECT '[' || string_agg(${object([['country', quoted('c.country')], ['members', `'[' || coalesce(m.j, '') || ']'`]])}, ',' ORDER BY c.country) || ']'
   FROM committee c LEFT JOIN (
     SELECT m.committee_id, string_agg(${object([['role', quoted('m.role')], ['person', object([
       ['displayName', string('p.display_name')], ['localAuthority', authorityOf([['name', localized('la.name')]])]])]])}, ',' ORDER BY m.role DESC, m.id) AS j
       FROM committee c JOIN committee_member m ON m.committee_id = c.id JOIN person p ON p.id = m.person_id
       LEFT JOIN local_authority la ON la.id = p.local_authority_id
      WHERE c.edition_id = e.id GROUP BY m.committee_id) m ON m.committee_id = c.id
  WHERE c.edition_id = e.id)`;

const SUGGESTIONS = `(SELECT '[' || string_agg(${object([
    ['id', quoted('g.id')], ['kind', quoted('g.kind')], ['status', quoted('g.status')], ['title', localized('g.title')],
    ['localAuthority', object([['name', localized('a.name')]])]])}, ',' ORDER BY g.submitted_at, g.id) || ']'
   FROM suggestion g JOIN local_authority a ON a.id = g.local_authority_id WHERE g.edition_id = e.id)`;

/** The opening of an object: its first fields, the last one's value left open (`days` follows). */
const opening = (fields: Array<[string, string]>) => object(fields).replace(/ \|\| '\}'\)$/, ')');

/**
 * The `data` of bench/full-program.graphql, as a committee member reads it, in rows: the edition's
 * head (up to `"days":[`), one row per session in programme order with its local date, then the tail
 * (the themes and the suggestions); `draftProgramme` joins them, opening a day where the date changes.
 * The edition's rooms and themes, which many rows share, are written once per request in the shape each
 * place shows them. People and authorities are written where they appear (PostgreSQL inlines their
 * CTEs into each list's join): finding first who appears, to write each once, cost more than it saved
 * below ×100. Each list is aggregated once per owner for the whole edition.
 */
export const DRAFT_PROGRAM_SQL = `
WITH e AS MATERIALIZED (SELECT id, number, title, time_zone, quorum_share FROM edition WHERE number = $1),
s AS MATERIALIZED (
  SELECT s.id, s.kind, s.version, s.starts_at, s.ends_at, s.interpretation, s.title, s.room_id,
         to_char(s.starts_at AT TIME ZONE e.time_zone, 'YYYY-MM-DD') AS date
    FROM e JOIN session s ON s.edition_id = e.id),
w AS MATERIALIZED (SELECT w.id, w.session_id, w.version, w.position, w.created_at, w.title, w.room_id FROM s JOIN workshop w ON w.session_id = s.id),
session_room AS MATERIALIZED (SELECT r.id, ${object([['name', localized('r.name')], ['capacity', orNull('r.capacity::text')]])} AS j FROM e JOIN room r ON r.edition_id = e.id),
workshop_room AS MATERIALIZED (SELECT r.id, ${object([['name', localized('r.name')]])} AS j FROM e JOIN room r ON r.edition_id = e.id),
session_theme_json AS MATERIALIZED (SELECT t.id, ${object([['id', quoted('t.id')], ['title', localized('t.title')], ['status', quoted('t.status')]])} AS j FROM e JOIN theme t ON t.edition_id = e.id),
workshop_theme_json AS MATERIALIZED (SELECT t.id, ${object([['id', quoted('t.id')], ['title', localized('t.title')]])} AS j FROM e JOIN theme t ON t.edition_id = e.id),
moderator_json AS (SELECT p.id, ${object([['displayName', string('p.display_name')]])} AS j FROM person p),
workshop_speaker_json AS (
  SELECT p.id, ${object([['displayName', string('p.display_name')], ['localAuthority', authorityOf([['name', localized('la.name')]])]])} AS j
    FROM person p LEFT JOIN local_authority la ON la.id = p.local_authority_id),
session_speaker_json AS (
  SELECT p.id, ${object([['displayName', string('p.display_name')],
    ['localAuthority', authorityOf([['name', localized('la.name')], ['country', quoted('la.country')]])]])} AS j
    FROM person p LEFT JOIN local_authority la ON la.id = p.local_authority_id),
authority_json AS (
  SELECT a.id, ${object([['name', localized('a.name')], ['country', quoted('a.country')], ['kind', quoted('a.kind')]])} AS j FROM local_authority a),
workshop_themes AS (${listsBy('l.workshop_id', 'd.j', 'w JOIN workshop_theme l ON l.workshop_id = w.id JOIN workshop_theme_json d ON d.id = l.theme_id', 'l.position')}),
workshop_moderators AS (${listsBy('l.workshop_id', 'd.j', 'w JOIN workshop_moderator l ON l.workshop_id = w.id JOIN moderator_json d ON d.id = l.person_id', 'l.position')}),
workshop_speakers AS (${listsBy('l.workshop_id', 'd.j', 'w JOIN workshop_speaker l ON l.workshop_id = w.id JOIN workshop_speaker_json d ON d.id = l.person_id', 'l.position')}),
workshop_authorities AS (${listsBy('l.workshop_id', 'd.j', 'w JOIN workshop_local_authority l ON l.workshop_id = w.id JOIN authority_json d ON d.id = l.local_authority_id', 'l.position')}),
session_workshops AS (${listsBy('w.session_id', object([
    ['id', quoted('w.id')], ['version', 'w.version::text'], ['title', localized('w.title', ['fr', 'ja', 'en'])], ['room', orNull('r.j')],
    ['themes', arrayOr('wt.j')], ['moderators', arrayOr('wm.j')], ['speakers', arrayOr('ws.j')], ['localAuthorities', arrayOr('wa.j')]]),
  `w LEFT JOIN workshop_room r ON r.id = w.room_id
     LEFT JOIN workshop_themes wt ON wt.id = w.id LEFT JOIN workshop_moderators wm ON wm.id = w.id
     LEFT JOIN workshop_speakers ws ON ws.id = w.id LEFT JOIN workshop_authorities wa ON wa.id = w.id`,
  'w.position, w.created_at, w.id')}),
session_themes AS (${listsBy('l.session_id', 'd.j', 's JOIN session_theme l ON l.session_id = s.id JOIN session_theme_json d ON d.id = l.theme_id', 'l.position')}),
session_speakers AS (${listsBy('l.session_id', 'd.j', 's JOIN session_speaker l ON l.session_id = s.id JOIN session_speaker_json d ON d.id = l.person_id', 'l.position')})
SELECT date, json FROM (
  SELECT 0 AS part, NULL AS date, NULL::timestamptz AS starts_at, NULL::timestamptz AS ends_at, NULL::uuid AS id,
         '{"edition":' || ${opening([['number', 'e.number::text'], ['title', localized('e.title')], ['timeZone', string('e.time_zone')],
           ['committees', arrayOr(COMMITTEES)], ['days', `'['`]])} AS json
    FROM e
  UNION ALL
  SELECT 1, s.date, s.starts_at, s.ends_at, s.id, ${object([
    ['id', quoted('s.id')], ['kind', quoted('s.kind')], ['version', 's.version::text'],
    ['startsAt', isoText('s.starts_at')], ['endsAt', isoText('s.ends_at')], ['interpretation', 's.interpretation::text'],
    ['title', localized('s.title', ['fr', 'ja', 'en'])], ['room', orNull('r.j')],
    ['themes', arrayOr('st.j')], ['speakers', arrayOr('sp.j')], ['workshops', arrayOr('sw.j')]])}
    FROM s LEFT JOIN session_room r ON r.id = s.room_id
    LEFT JOIN session_themes st ON st.id = s.id LEFT JOIN session_speakers sp ON sp.id = s.id LEFT JOIN session_workshops sw ON sw.id = s.id
  UNION ALL
  SELECT 2, NULL, NULL, NULL, NULL, '],"themes":' || ${arrayOr(THEMES)} || ',"suggestions":' || ${arrayOr(SUGGESTIONS)} || '}}' FROM e) x
ORDER BY part, date, starts_at, ends_at, id`;

const DAY_OPEN = Buffer.from('{"date":"'), SESSIONS_OPEN = Buffer.from('","sessions":['), DAY_CLOSE = Buffer.from(']}');
const COMMA = Buffer.from(','), NO_EDITION = Buffer.from('{"edition":null}');

/** The draft programme from the rows of DRAFT_PROGRAM_SQL ([date, json], as bytes), days opened where the date changes. */
export function draftProgramme(rows: Buffer[][]): Buffer {
  if (rows.length === 0) return NO_EDITION;
  const parts = [rows[0][1]];
  let date = '';
  for (const [day, session] of rows.slice(1, -1)) {
    const next = day.toString();
    if (next === date) parts.push(COMMA);
    else parts.push(...(date ? [DAY_CLOSE, COMMA] : []), DAY_OPEN, day, SESSIONS_OPEN);
    date = next;
    parts.push(session);
  }
  if (date) parts.push(DAY_CLOSE);
  parts.push(rows[rows.length - 1][1]);
  return Buffer.concat(parts);
}

/** The latest release of an edition (highest major.minor), or none. */
const LATEST = `(SELECT r.* FROM program_release r WHERE r.edition_id = e.id ORDER BY r.major DESC, r.minor DESC LIMIT 1)`;

const RELEASED_WORKSHOP = `json_build_object(
  'id', w->'id', 'title', ${text('(w->\'title\')', ['fr', 'ja', 'en'])}, 'description', CASE WHEN jsonb_typeof(w->'description') = 'object' THEN ${text('(w->\'description\')', ['fr', 'ja', 'en'])} END,
  'roomName', CASE WHEN jsonb_typeof(w->'roomName') = 'object' THEN ${text('(w->\'roomName\')')} END,
  'themeTitles', (SELECT ${list(text('x'), 'i')} FROM jsonb_array_elements(w->'themeTitles') WITH ORDINALITY AS a(x, i)),
  'moderatorNames', w->'moderatorNames', 'speakerNames', w->'speakerNames',
  'localAuthorityNames', (SELECT ${list(text('x'), 'i')} FROM jsonb_array_elements(w->'localAuthorityNames') WITH ORDINALITY AS a(x, i)))`;

const RELEASED_SESSION = `json_build_object(
  'id', s->'id', 'kind', s->'kind', 'title', ${text('(s->\'title\')', ['fr', 'ja', 'en'])},
  'description', CASE WHEN jsonb_typeof(s->'description') = 'object' THEN ${text('(s->\'description\')', ['fr', 'ja', 'en'])} END,
  'startsAt', s->'startsAt', 'endsAt', s->'endsAt',
  'roomName', CASE WHEN jsonb_typeof(s->'roomName') = 'object' THEN ${text('(s->\'roomName\')')} END,
  'interpretation', s->'interpretation',
  'themeTitles', (SELECT ${list(text('x'), 'i')} FROM jsonb_array_elements(s->'themeTitles') WITH ORDINALITY AS a(x, i)),
  'speakerNames', s->'speakerNames',
  'workshops', (SELECT ${list(RELEASED_WORKSHOP, 'wi')} FROM jsonb_array_elements(s->'workshops') WITH ORDINALITY AS ws(w, wi)))`;

/** The `data` of bench/published-program.graphql, read from the stored snapshot. */
export const RELEASE_SQL = `
SELECT json_build_object('edition', (
  SELECT json_build_object('latestRelease', (
    SELECT json_build_object('version', r.major || '.' || r.minor, 'publishedAt', ${iso('r.published_at')},
      'days', (SELECT ${list(`json_build_object('date', d->'date', 'sessions', (
                 SELECT ${list(RELEASED_SESSION, 'si')} FROM jsonb_array_elements(d->'sessions') WITH ORDINALITY AS ss(s, si)))`, 'di')}
                 FROM jsonb_array_elements(r.snapshot->'days') WITH ORDINALITY AS ds(d, di)))
      FROM ${LATEST} r))
  FROM edition e WHERE e.number = $1))::text AS json`;

/** The text of export-model.ts's textIn for French: fr, else the first language present. */
const french = (value: string) => `coalesce(nullif(${value}->>'fr', ''), nullif(${value}->>'ja', ''), nullif(${value}->>'en', ''))`;
/** common/time.ts's localIso: the wall clock of the zone and its offset, e.g. 2024-11-18T14:00:00+09:00. */
const localIso = (instant: string, zone: string) => `(
  SELECT to_char(${instant} AT TIME ZONE ${zone}, 'YYYY-MM-DD"T"HH24:MI:SS')
         || CASE WHEN o.minutes < 0 THEN '-' ELSE '+' END
         || lpad((abs(o.minutes) / 60)::text, 2, '0') || ':' || lpad((abs(o.minutes) % 60)::text, 2, '0')
    FROM (SELECT (extract(epoch FROM (${instant} AT TIME ZONE ${zone}) - (${instant} AT TIME ZONE 'UTC')) / 60)::int AS minutes) o)`;

/** schedule-json.ts's event kinds. */
const EVENT_TYPE = `CASE WHEN w IS NOT NULL THEN 'workshop' ELSE CASE s->>'kind'
  WHEN 'OPENING' THEN 'ceremony' WHEN 'CLOSING' THEN 'ceremony' WHEN 'PLENARY' THEN 'talk' WHEN 'WORKSHOPS' THEN 'workshop'
  WHEN 'SITE_VISIT' THEN 'visit' WHEN 'RECEPTION' THEN 'social' WHEN 'BREAK' THEN 'break' ELSE 'other' END END`;

/** A workshop's people: its moderators, then its speakers who do not moderate it. */
const PERSONS = `CASE WHEN w IS NULL
  THEN (SELECT ${list(`json_build_object('name', n)`, 'i')} FROM jsonb_array_elements_text(s->'speakerNames') WITH ORDINALITY AS p(n, i))
  ELSE (SELECT ${list(`json_build_object('name', n)`, 'k, i')} FROM (
          SELECT n, i, 0 AS k FROM jsonb_array_elements_text(w->'moderatorNames') WITH ORDINALITY AS m(n, i)
          UNION ALL
          SELECT n, i, 1 FROM jsonb_array_elements_text(w->'speakerNames') WITH ORDINALITY AS p(n, i)
           WHERE NOT (w->'moderatorNames') ? n) p) END`;

/**
 * The service's /editions/:n/program.json (schedule-json.ts, locale fr), from the stored snapshot:
 * every session then its workshops (`item`: the workshop, or the session itself), grouped per day by
 * room name in order of first appearance. $2 is the origin that the page links start with.
 */
export const SCHEDULE_JSON_SQL = `
WITH r AS (
  SELECT r.*, e.number, r.snapshot->'edition'->>'timeZone' AS zone FROM edition e, LATERAL ${LATEST} r WHERE e.number = $1),
days AS (SELECT d, di FROM r, jsonb_array_elements(r.snapshot->'days') WITH ORDINALITY AS ds(d, di)),
events AS (
  SELECT di, si * 1000000 + wi AS ord, s, w, coalesce(w, s) AS item,
         (s->>'startsAt')::timestamptz AS starts_at, (s->>'endsAt')::timestamptz AS ends_at
    FROM days, jsonb_array_elements(d->'sessions') WITH ORDINALITY AS ss(s, si),
         LATERAL (SELECT NULL::jsonb, 0::bigint UNION ALL SELECT * FROM jsonb_array_elements(s->'workshops') WITH ORDINALITY) AS ws(w, wi)),
rendered AS (
  SELECT di, ord, coalesce(${french(`item->'roomName'`)}, 'Lieu à préciser') AS room, item, s, w, starts_at, ends_at FROM events),
rooms AS (
  SELECT di, room, min(ord) AS first, json_agg(json_build_object(
    'id', (item->>'itemNumber')::int, 'guid', item->>'id',
    'date', ${localIso('starts_at', 'r.zone')}, 'start', ${localIso('starts_at', 'r.zone')},
    'duration', (round(extract(epoch FROM ends_at - starts_at) / 60)::int / 60)::text || ':'
                || lpad((round(extract(epoch FROM ends_at - starts_at) / 60)::int % 60)::text, 2, '0'),
    'room', room,
    'slug', 'rfj' || r.number || '-' || (item->>'itemNumber'),
    'url', $2 || '/editions/' || r.number || '/program.html?version=' || r.major || '.' || r.minor
           || '#' || CASE WHEN w IS NULL THEN 'session' ELSE 'workshop' END || '-' || (item->>'id'),
    'title', coalesce(${french(`item->'title'`)}, ''),
    'subtitle', NULL,
    'track', (SELECT coalesce(${french('x')}, '') FROM jsonb_array_elements(item->'themeTitles') WITH ORDINALITY AS t(x, i) ORDER BY i LIMIT 1),
    'type', ${EVENT_TYPE},
    'language', 'fr', 'abstract', NULL,
    'description', CASE WHEN jsonb_typeof(item->'description') = 'object' THEN ${french(`item->'description'`)} END,
    'persons', ${PERSONS},
    'links', '[]'::json, 'attachments', '[]'::json) ORDER BY ord) AS events
    FROM rendered, r GROUP BY di, room)
SELECT json_build_object(
  '$schema', 'https://c3voc.de/schedule/schema.json',
  'generator', json_build_object('name', 'rencontres-franco-japonaises-programme', 'version', '1'),
  'schedule', json_build_object(
    'version', r.major || '.' || r.minor,
    'conference', json_build_object(
      'acronym', 'rfj' || r.number,
      'title', coalesce(${french(`r.snapshot->'edition'->'title'`)}, ''),
      'start', r.snapshot->'edition'->'startDate', 'end', r.snapshot->'edition'->'endDate',
      'daysCount', jsonb_array_length(r.snapshot->'days'),
      'timeslot_duration', '00:15',
      'time_zone_name', r.zone,
      'days', (
        SELECT ${list(`json_build_object('index', days.di, 'date', days.d->'date',
                 'day_start', (SELECT ${localIso('min(starts_at)', 'r.zone')} FROM events WHERE events.di = days.di),
                 'day_end', (SELECT ${localIso('max(ends_at)', 'r.zone')} FROM events WHERE events.di = days.di),
                 'rooms', (SELECT json_object_agg(room, events ORDER BY first) FROM rooms WHERE rooms.di = days.di))`, 'days.di')}
          FROM days))))::text AS json
  FROM r`;

const NOTIFY = (editionId: string, eventId: string) =>
  `pg_notify('program_changed', json_build_object('editionId', ${editionId}, 'eventId', ${eventId})::text)`;

/** castBallot in one statement: the upsert while the vote is open (share lock on the theme), its audit row and NOTIFY. */
export const BALLOT_SQL = `
WITH b AS (
  INSERT INTO ballot (theme_id, voter_id, committee_id, choice, comment, cast_at)
  SELECT t.id, $2::uuid, $3::uuid, $4::text, NULL, now() FROM theme t
   WHERE t.id = $1::uuid AND t.status = 'VOTING' AND (t.voting_closes_at IS NULL OR t.voting_closes_at > now())
     FOR SHARE OF t
  ON CONFLICT (theme_id, voter_id) DO UPDATE
     SET committee_id = EXCLUDED.committee_id, choice = EXCLUDED.choice, comment = EXCLUDED.comment, cast_at = EXCLUDED.cast_at
  RETURNING id, (xmax = 0) AS inserted),
e AS (
  INSERT INTO change_event (edition_id, actor_id, action, entity_type, entity_id, changes)
  SELECT t.edition_id, $2::uuid, CASE WHEN b.inserted THEN 'CREATE' ELSE 'UPDATE' END, 'Ballot', b.id::text, '{}'::jsonb
    FROM b, theme t WHERE t.id = $1::uuid
  RETURNING id, edition_id)
SELECT json_build_object('id', b.id)::text AS json, ${NOTIFY('e.edition_id', 'e.id')} FROM b, e`;

/** updateSession's title change in one statement: applied only at the quoted version, audited and announced. */
export const SESSION_UPDATE_SQL = `
WITH u AS (
  UPDATE session SET title = $3::jsonb, version = version + 1, updated_at = now(), updated_by_id = NULL
   WHERE id = $1::uuid AND version = $2::int
  RETURNING id, edition_id, version),
e AS (
  INSERT INTO change_event (edition_id, action, entity_type, entity_id, changes)
  SELECT u.edition_id, 'UPDATE', 'Session', u.id::text, jsonb_build_object('title', jsonb_build_object('to', $3::jsonb)) FROM u
  RETURNING id, edition_id)
SELECT json_build_object('id', u.id, 'version', u.version)::text AS json, ${NOTIFY('e.edition_id', 'e.id')} FROM u, e`;

async function body(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, json: Buffer): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': json.length, 'x-sql-statements': '1' });
  res.end(json);
}

const NOT_FOUND = Buffer.from('{"error":"not found"}'), CONFLICT = Buffer.from('{"error":"CONFLICT"}');

export interface Floor {
  origin: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts the floor on `port` (0: a free one) against the database at `databaseUrl`. */
export async function startFloor(databaseUrl: string, port = 0): Promise<Floor> {
  // The service's pool size (ormconfig.ts), so that both wait on PostgreSQL alike. JIT off: the planner
  // guesses 100 rows for every jsonb_array_elements, and would spend a second compiling statements
  // that run in a millisecond. Raw rows: each value as the bytes PostgreSQL sent.
  const sql = postgres(databaseUrl, { max: 10, connection: { jit: 'off' }, onnotice: () => undefined });
  // Each parameter is sent in the type PostgreSQL gives it in the statement (a jsonb one as JSON).
  const rows = (statement: string, params: postgres.JSONValue[]) =>
    sql.unsafe(statement, params, { prepare: true }).raw() as Promise<Buffer[][]>;
  /** The first column of the first row, as it came. */
  const one = async (res: ServerResponse, statement: string, params: postgres.JSONValue[], missing = 404) => {
    const [first] = await rows(statement, params);
    if (first?.[0]) send(res, 200, first[0]);
    else send(res, missing, missing === 409 ? CONFLICT : NOT_FOUND);
  };
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://floor');
      const number = Number(url.searchParams.get('number') ?? 8);
      if (req.method === 'GET' && url.pathname === '/program') return send(res, 200, draftProgramme(await rows(DRAFT_PROGRAM_SQL, [number])));
      if (req.method === 'GET' && url.pathname === '/release') return await one(res, RELEASE_SQL, [number]);
      const exported = /^\/editions\/(\d{1,4})\/program\.json$/.exec(url.pathname);
      if (req.method === 'GET' && exported) {
        return await one(res, SCHEDULE_JSON_SQL, [Number(exported[1]), `http://${req.headers.host}`]);
      }
      if (req.method === 'POST' && url.pathname === '/ballot') {
        const b = await body(req);
        return await one(res, BALLOT_SQL, [b.themeId, b.voterId, b.committeeId, b.choice], 409);
      }
      if (req.method === 'POST' && url.pathname === '/session') {
        const b = await body(req);
        return await one(res, SESSION_UPDATE_SQL, [b.id, b.expectedVersion, b.title], 409);
      }
      if (url.pathname === '/healthz') return send(res, 200, Buffer.from('{"status":"ok"}'));
      send(res, 404, NOT_FOUND);
    } catch (error) {
      send(res, 500, Buffer.from(JSON.stringify({ error: (error as Error).message })));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    server,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await sql.end();
    },
  };
}

// Run on its own (the benchmark starts it as a child process): DATABASE_URL, PORT.
if (require.main === module) {
  startFloor(process.env.DATABASE_URL!, Number(process.env.PORT ?? 0)).then(
    (floor) => {
      console.log(`floor listening on ${floor.origin}`);
      const stop = () => void floor.close().then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
