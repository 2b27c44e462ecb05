import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Locale } from '../src/common/enums';
import { textIn } from '../src/common/localized-text';
import type { LocalizedTextValue } from '../src/common/localized-text';
import { clockIn } from '../src/common/time';
import { sessionKindName } from '../src/modules/releases/exports/export-model';
import { toICalendar } from '../src/modules/releases/exports/ical';
import type { ProgramSnapshot, ReleasedDayValue } from '../src/modules/releases/release.types';

// `npm run program -- --edition 8 [--release latest|0.2] [--format table|json|markdown|ics]`:
// prints the draft or a release of an edition, read from a running service.

const HELP = `Print the programme of an edition of the Rencontres franco-japonaises.

Usage: npm run program -- --edition <number> [options]

  --edition, -e <n>     edition number (e.g. 8)                                    required
  --release, -r <v>     a published release: "latest" or a version such as 0.2;
                        without it, the working draft (needs a token)
  --format, -f <f>      table (default), json, markdown or ics
  --locale, -l <l>      fr (default), ja or en
  --url, -u <url>       the service, default $PROGRAM_URL or http://127.0.0.1:4000
  --token, -t <token>   a bearer token (login or createPersonalToken), default $PROGRAM_TOKEN
  --help, -h            this text

Exit codes: 0 printed; 1 the service failed or could not be reached; 2 wrong usage;
3 no such edition or release; 4 the token was refused or lacks the right.

Examples:
  npm run program -- -e 8 -r latest -f markdown -l ja
  PROGRAM_TOKEN=rfj_... npm run program -- -e 8 -f json > draft.json
  npm run program -- -e 8 -r 0.1 -f ics > programme-0.1.ics`;

class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

const LOCALES: Record<string, Locale> = { fr: Locale.FR, ja: Locale.JA, en: Locale.EN };
const FORMATS = ['table', 'json', 'markdown', 'ics'] as const;
type Format = (typeof FORMATS)[number];

interface Options {
  edition: number;
  release: string | null;
  format: Format;
  locale: Locale;
  url: string;
  token: string | null;
}

function readOptions(argv: string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        edition: { type: 'string', short: 'e' },
        release: { type: 'string', short: 'r' },
        format: { type: 'string', short: 'f', default: 'table' },
        locale: { type: 'string', short: 'l', default: 'fr' },
        url: { type: 'string', short: 'u', default: process.env.PROGRAM_URL ?? 'http://127.0.0.1:4000' },
        token: { type: 'string', short: 't', default: process.env.PROGRAM_TOKEN },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\nRun with --help for usage.`, 2);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (!v.edition || !/^\d+$/.test(v.edition)) throw new CliError('--edition needs an edition number, e.g. --edition 8', 2);
  if (!FORMATS.includes(v.format as Format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')}`, 2);
  if (!LOCALES[v.locale!]) throw new CliError('--locale must be fr, ja or en', 2);
  if (v.release && v.release !== 'latest' && !/^\d+\.\d+$/.test(v.release)) throw new CliError('--release must be "latest" or a version such as 0.2', 2);
  try {
    new URL(v.url!);
  } catch {
    throw new CliError(`--url is not a URL: ${v.url}`, 2);
  }
  return {
    edition: Number(v.edition),
    release: v.release ?? null,
    format: v.format as Format,
    locale: LOCALES[v.locale!],
    url: v.url!.replace(/\/+$/, ''),
    token: v.token || null,
  };
}

async function graphql<T>(options: Options, query: string, variables: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${options.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new CliError(`Cannot reach ${options.url}: ${(error as Error).cause ?? (error as Error).message}`, 1);
  }
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> } | null;
  const error = body?.errors?.[0];
  if (error) {
    const code = error.extensions?.code;
    if (code === 'UNAUTHENTICATED') throw new CliError(`${error.message}${options.token ? '' : ' (pass --token or set PROGRAM_TOKEN to read the draft)'}`, 4);
    if (code === 'FORBIDDEN') throw new CliError(error.message, 4);
    throw new CliError(`The service answered: ${error.message}`, 1);
  }
  if (!body?.data) throw new CliError(`Unexpected answer from ${options.url} (HTTP ${response.status})`, 1);
  return body.data;
}

const TEXT = 'fr ja en';
const RELEASED_SESSION = `id kind title { ${TEXT} } description { ${TEXT} } startsAt endsAt roomName { ${TEXT} } interpretation
  themeTitles { ${TEXT} } speakerNames workshops { id title { ${TEXT} } description { ${TEXT} } roomName { ${TEXT} } themeTitles { ${TEXT} }
  moderatorNames speakerNames localAuthorityNames { ${TEXT} } }`;
const EDITION = `number title { ${TEXT} } hostCity { ${TEXT} } timeZone startDate endDate`;

interface Loaded {
  snapshot: ProgramSnapshot;
  /** The source for scripts: "draft" or "release 0.2" (the JSON's `source`). */
  label: string;
  /** The release's version; null for the draft. */
  version: string | null;
  publishedAt: Date;
}

// What people read: headings, column names and session kinds in the language of --locale.
const WORDS = {
  FR: {
    source: (version: string | null) => (version ? `version ${version}` : 'programme de travail'),
    table: ['Date', 'Heure', 'Type', 'Titre', 'Salle'],
    markdown: ['Heure', 'Séance', 'Salle', 'Intervenants'],
    dateLocale: 'fr-FR',
  },
  JA: {
    source: (version: string | null) => (version ? `${version}版` : '作業中のプログラム案'),
    table: ['日付', '時間', '種別', 'タイトル', '会場'],
    markdown: ['時間', 'セッション', '会場', '登壇者'],
    dateLocale: 'ja-JP',
  },
  EN: {
    source: (version: string | null) => (version ? `release ${version}` : 'working draft'),
    table: ['Date', 'Time', 'Kind', 'Title', 'Room'],
    markdown: ['Time', 'Session', 'Room', 'Speakers'],
    dateLocale: 'en-GB',
  },
};

async function load(options: Options): Promise<Loaded> {
  if (options.release) {
    const data = await graphql<{ edition: any }>(options, `query ($n: Int!) { edition(number: $n) { ${EDITION}
      releases { version publishedAt days { date sessions { ${RELEASED_SESSION} } } } } }`, { n: options.edition });
    if (!data.edition) throw new CliError(`No edition ${options.edition}`, 3);
    const releases = data.edition.releases as Array<{ version: string; publishedAt: string; days: ReleasedDayValue[] }>;
    const release = options.release === 'latest' ? releases.at(-1) : releases.find((r) => r.version === options.release);
    if (!release) throw new CliError(releases.length ? `No release ${options.release} of edition ${options.edition} (published: ${releases.map((r) => r.version).join(', ')})` : `Edition ${options.edition} has no release yet`, 3);
    const { releases: _all, ...edition } = data.edition;
    return { snapshot: { edition, days: release.days }, label: `release ${release.version}`, version: release.version, publishedAt: new Date(release.publishedAt) };
  }
  // People's names as a reader of --locale reads them: native script for Japanese, Latin letters for French and English.
  const PERSON = `displayName: nameFor(locale: ${options.locale})`;
  const data = await graphql<{ edition: any }>(options, `query ($n: Int!) { edition(number: $n) { ${EDITION}
    days { date sessions { id kind title { ${TEXT} } description { ${TEXT} } startsAt endsAt room { name { ${TEXT} } } interpretation
      themes { title { ${TEXT} } } speakers { ${PERSON} }
      workshops { id title { ${TEXT} } description { ${TEXT} } room { name { ${TEXT} } } themes { title { ${TEXT} } }
        moderators { ${PERSON} } speakers { ${PERSON} } localAuthorities { name { ${TEXT} } } } } } } }`, { n: options.edition });
  if (!data.edition) throw new CliError(`No edition ${options.edition}`, 3);
  const { days, ...edition } = data.edition;
  const names = (people: Array<{ displayName: string }>) => people.map((p) => p.displayName);
  return {
    label: 'draft',
    version: null,
    publishedAt: new Date(),
    snapshot: {
      edition,
      days: days.map((day: any) => ({
        date: day.date,
        sessions: day.sessions.map((s: any) => ({
          id: s.id, itemNumber: 0, kind: s.kind, title: s.title, description: s.description, startsAt: s.startsAt, endsAt: s.endsAt,
          roomName: s.room?.name ?? null, interpretation: s.interpretation, themeTitles: s.themes.map((t: any) => t.title), speakerNames: names(s.speakers),
          workshops: s.workshops.map((w: any) => ({
            id: w.id, itemNumber: 0, title: w.title, description: w.description, roomName: w.room?.name ?? null,
            themeTitles: w.themes.map((t: any) => t.title), moderatorNames: names(w.moderators), speakerNames: names(w.speakers),
            localAuthorityNames: w.localAuthorities.map((a: any) => a.name),
          })),
        })),
      })),
    },
  };
}

function render(loaded: Loaded, options: Options): string {
  const { snapshot } = loaded;
  const zone = snapshot.edition.timeZone;
  const text = (value: LocalizedTextValue | null | undefined) => (value ? textIn(value, options.locale) ?? '' : '');
  const time = (s: { startsAt: string; endsAt: string }) => `${clockIn(zone, new Date(s.startsAt))}–${clockIn(zone, new Date(s.endsAt))}`;
  const words = WORDS[options.locale];
  const heading = `${text(snapshot.edition.title)} — ${words.source(loaded.version)} (${zone})`;
  const dayTitle = (date: string) =>
    new Intl.DateTimeFormat(words.dateLocale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${date}T00:00:00Z`));
  switch (options.format) {
    case 'json':
      return JSON.stringify({ edition: snapshot.edition, source: loaded.label, days: snapshot.days }, null, 2);
    case 'ics':
      return toICalendar({ snapshot, version: loaded.label, publishedAt: loaded.publishedAt, locale: options.locale, pageUrl: `${options.url}/editions/${snapshot.edition.number}/program.html` });
    case 'markdown': {
      const lines = [`# ${heading}`];
      for (const day of snapshot.days) {
        lines.push('', `## ${dayTitle(day.date)}`, '', `| ${words.markdown.join(' | ')} |`, '|---|---|---|---|');
        for (const s of day.sessions) {
          const cell = (v: string) => v.replace(/\|/g, '\\|');
          lines.push(`| ${time(s)} | ${cell(text(s.title))} | ${cell(text(s.roomName))} | ${cell(s.speakerNames.join(', '))} |`);
          for (const w of s.workshops) lines.push(`| | ↳ ${cell(text(w.title))} | ${cell(text(w.roomName))} | ${cell([...w.moderatorNames, ...w.speakerNames].join(', '))} |`);
        }
      }
      return lines.join('\n');
    }
    case 'table': {
      const rows: string[][] = [];
      for (const day of snapshot.days) {
        for (const s of day.sessions) {
          rows.push([day.date, time(s), sessionKindName(s.kind, options.locale), text(s.title), text(s.roomName)]);
          for (const w of s.workshops) rows.push(['', '', '', `  · ${text(w.title)}`, text(w.roomName)]);
        }
      }
      const header = words.table;
      // East Asian characters take two columns in a terminal.
      const width = (v: string) => [...v].reduce((n, c) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);
      const widths = header.map((h, i) => Math.min(60, Math.max(width(h), ...rows.map((r) => width(r[i])))));
      const line = (r: string[]) => r.map((v, i) => v + ' '.repeat(Math.max(0, widths[i] - width(v)))).join('  ').trimEnd();
      return [heading, '', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
    }
  }
}

export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const options = readOptions(argv);
    if (options === 'help') return { code: 0, out: HELP, err: '' };
    return { code: 0, out: render(await load(options), options), err: '' };
  } catch (error) {
    if (error instanceof CliError) return { code: error.exitCode, out: '', err: error.message };
    return { code: 1, out: '', err: String((error as Error).stack ?? error) };
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then(({ code, out, err }) => {
    if (out) process.stdout.write(out + '\n');
    if (err) process.stderr.write(err + '\n');
    process.exitCode = code;
  });
}
