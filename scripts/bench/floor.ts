import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';

// The floor: what the same answers cost with no framework at all. A bare node:http server and a pg
// pool of the service's size; each endpoint answers from ONE hand-written SQL statement, which
// builds the JSON itself (PostgreSQL's text is sent as is, never parsed). No authentication.
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
const authority = (alias: string, fields: string) =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object(${fields}) END`;

/** People of a link table, in link order: `select` is the JSON of one person `p` (with `la`, their authority). */
const people = (link: string, owner: string, ownerId: string, select: string) => `(
  SELECT ${list(select, 'l.position')}
    FROM ${link} l JOIN person p ON p.id = l.person_id LEFT JOIN local_authority la ON la.id = p.local_authority_id
   WHERE l.${owner} = ${ownerId})`;

const themesOf = (link: string, owner: string, ownerId: string, select: string) => `(
  SELECT ${list(select, 'l.position')} FROM ${link} l JOIN theme t ON t.id = l.theme_id WHERE l.${owner} = ${ownerId})`;

const roomOf = (roomId: string, editionId: string, select: string) =>
  `(SELECT ${select} FROM room r WHERE r.id = ${roomId} AND r.edition_id = ${editionId})`;

const WORKSHOP = `json_build_object(
  'id', w.id, 'version', w.version,
  'title', ${text('w.title', ['fr', 'ja', 'en'])},
  'room', ${roomOf('w.room_id', 's.edition_id', `json_build_object('name', ${text('r.name')})`)},
  'themes', ${themesOf('workshop_theme', 'workshop_id', 'w.id', `json_build_object('id', t.id, 'title', ${text('t.title')})`)},
  'moderators', ${people('workshop_moderator', 'workshop_id', 'w.id', `json_build_object('displayName', p.display_name)`)},
  'speakers', ${people('workshop_speaker', 'workshop_id', 'w.id',
    `json_build_object('displayName', p.display_name, 'localAuthority', ${authority('la', `'name', ${text('la.name')}`)})`)},
  'localAuthorities', (
    SELECT ${list(`json_build_object('name', ${text('a.name')}, 'country', a.country, 'kind', a.kind)`, 'l.position')}
      FROM workshop_local_authority l JOIN local_authority a ON a.id = l.local_authority_id WHERE l.workshop_id = w.id))`;

const SESSION = `json_build_object(
  'id', s.id, 'kind', s.kind, 'version', s.version, 'startsAt', ${iso('s.starts_at')}, 'endsAt', ${iso('s.ends_at')},
  'interpretation', s.interpretation,
  'title', ${text('s.title', ['fr', 'ja', 'en'])},
  'room', ${roomOf('s.room_id', 's.edition_id', `json_build_object('name', ${text('r.name')}, 'capacity', r.capacity)`)},
  'themes', ${themesOf('session_theme', 'session_id', 's.id', `json_build_object('id', t.id, 'title', ${text('t.title')}, 'status', t.status)`)},
  'speakers', ${people('session_speaker', 'session_id', 's.id',
    `json_build_object('displayName', p.display_name, 'localAuthority', ${authority('la', `'name', ${text('la.name')}, 'country', la.country`)})`)},
  'workshops', (SELECT ${list(WORKSHOP, 'w.position, w.created_at, w.id')} FROM workshop w WHERE w.session_id = s.id))`;

/** The quorum and majority of vote-rule.ts: the share compared in hundredths. */
const COMMITTEE_TALLY = `json_build_object(
  'committee', json_build_object('country', v.country), 'eligible', v.eligible, 'for', v.for, 'against', v.against, 'abstain', v.abstain,
  'quorumReached', v.eligible > 0 AND (v.for + v.against + v.abstain) * 100 >= round(e.quorum_share * 100) * v.eligible,
  'majorityFor', v.for > v.against)`;

const THEME = `json_build_object(
  'id', t.id, 'status', t.status, 'title', ${text('t.title')},
  'tally', json_build_object(
    'outcome', CASE t.status WHEN 'ADOPTED' THEN 'ADOPTED' WHEN 'REJECTED' THEN 'REJECTED' ELSE 'PENDING' END,
    'committees', (
      SELECT ${list(COMMITTEE_TALLY, 'v.country, v.id')} FROM (
        SELECT c.id, c.country, count(m.id)::int AS eligible,
               count(b.id) FILTER (WHERE b.choice = 'FOR')::int AS for,
               count(b.id) FILTER (WHERE b.choice = 'AGAINST')::int AS against,
               count(b.id) FILTER (WHERE b.choice = 'ABSTAIN')::int AS abstain
          FROM committee c
          LEFT JOIN committee_member m ON m.committee_id = c.id AND m.role IN ('PRESIDENT', 'MEMBER')
          LEFT JOIN ballot b ON b.theme_id = t.id AND b.voter_id = m.person_id AND b.committee_id = c.id
         WHERE c.edition_id = t.edition_id
         GROUP BY c.id, c.country) v)))`;

/** The `data` of bench/full-program.graphql, as a committee member reads it. */
export const DRAFT_PROGRAM_SQL = `
SELECT json_build_object('edition', (
  SELECT json_build_object(
    'number', e.number, 'title', ${text('e.title')}, 'timeZone', e.time_zone,
    'committees', (
      SELECT ${list(`json_build_object('country', c.country, 'members', (
        SELECT ${list(`json_build_object('role', m.role, 'person', json_build_object('displayName', p.display_name,
                   'localAuthority', ${authority('la', `'name', ${text('la.name')}`)}))`, 'm.role DESC, m.id')}
          FROM committee_member m JOIN person p ON p.id = m.person_id LEFT JOIN local_authority la ON la.id = p.local_authority_id
         WHERE m.committee_id = c.id))`, 'c.country')}
        FROM committee c WHERE c.edition_id = e.id),
    'days', (
      SELECT ${list(`json_build_object('date', d.date, 'sessions', d.sessions)`, 'd.date')} FROM (
        SELECT to_char(s.starts_at AT TIME ZONE e.time_zone, 'YYYY-MM-DD') AS date,
               json_agg(${SESSION} ORDER BY s.starts_at, s.ends_at, s.id) AS sessions
          FROM session s WHERE s.edition_id = e.id GROUP BY 1) d),
    'themes', (SELECT ${list(THEME, 't.created_at, t.id')} FROM theme t WHERE t.edition_id = e.id),
    'suggestions', (
      SELECT ${list(`json_build_object('id', g.id, 'kind', g.kind, 'status', g.status, 'title', ${text('g.title')},
                 'localAuthority', json_build_object('name', ${text('a.name')}))`, 'g.submitted_at, g.id')}
        FROM suggestion g JOIN local_authority a ON a.id = g.local_authority_id WHERE g.edition_id = e.id))
  FROM edition e WHERE e.number = $1))::text AS json`;

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

function send(res: ServerResponse, status: number, json: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), 'x-sql-statements': '1' });
  res.end(json);
}

export interface Floor {
  origin: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts the floor on `port` (0: a free one) against the database at `databaseUrl`. */
export async function startFloor(databaseUrl: string, port = 0): Promise<Floor> {
  // The service's pool size (ormconfig.ts), so that both wait on PostgreSQL alike. JIT off: the planner
  // guesses 100 rows for every jsonb_array_elements, and would spend a second compiling statements
  // that run in a millisecond.
  const pool = new Pool({ connectionString: databaseUrl, max: 10, options: '-c jit=off' });
  const one = async (res: ServerResponse, sql: string, params: unknown[], missing = 404) => {
    const { rows } = await pool.query(sql, params);
    if (rows.length && rows[0].json !== null) send(res, 200, rows[0].json);
    else send(res, missing, missing === 409 ? '{"error":"CONFLICT"}' : '{"error":"not found"}');
  };
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://floor');
      const number = Number(url.searchParams.get('number') ?? 8);
      if (req.method === 'GET' && url.pathname === '/program') return await one(res, DRAFT_PROGRAM_SQL, [number]);
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
        return await one(res, SESSION_UPDATE_SQL, [b.id, b.expectedVersion, JSON.stringify(b.title)], 409);
      }
      if (url.pathname === '/healthz') return send(res, 200, '{"status":"ok"}');
      send(res, 404, '{"error":"not found"}');
    } catch (error) {
      send(res, 500, JSON.stringify({ error: (error as Error).message }));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    server,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
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
