import { stringify } from 'csv-stringify/sync';
import { Router } from 'express';
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { can, Right } from '../auth/rights';
import { Locale, ThemeStatus } from '../common/enums';
import { DomainError } from '../common/errors';
import type { LocalizedTextValue } from '../common/localized-text';
import { currentScope } from '../common/request-scope';
import { delegatesAsSeenBy } from '../modules/authority-records/delegates';
import type { RequestContext } from '../modules/context';
import { Committee } from '../modules/editions/committee.entity';
import type { Edition } from '../modules/editions/edition.entity';
import { editionByNumber } from '../modules/editions/edition.service';
import { meetingsOf } from '../modules/meetings/meeting.service';
import { registrationsOf } from '../modules/meetings/registration.service';
import { participationsOfEdition } from '../modules/participation/participation.service';
import { LocalAuthority } from '../modules/people/local-authority.entity';
import { displayNameOf, Person } from '../modules/people/person.entity';
import { suggestionsOf } from '../modules/suggestions/suggestion.service';
import { themesOf } from '../modules/themes/theme.service';
import { tallyOf } from '../modules/themes/vote.service';
import { Language, messageOf } from './messages';

// The secretariat's spreadsheets: the records of an edition as CSV, under the same rights as the API
// (the services that answer GraphQL answer here too, with the caller's token). UTF-8 with a byte order
// mark, so that spreadsheet programs read French and Japanese; one header line; a cell that a
// spreadsheet would take for a formula is written as text.

type Row = Record<string, string | number | boolean | null>;
type ContextFor = (scope: NonNullable<ReturnType<typeof currentScope>>, log: Logger, authorization: unknown, clientAddress: string) => Promise<RequestContext>;

/** Cells that start a formula (=, +, -, @) or a tab or return, which some programs drop, become text with a leading apostrophe (OWASP's advice). */
export const neutralised = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export function toCsv(columns: string[], rows: Row[]): string {
  return stringify(rows, {
    bom: true,
    header: true,
    columns,
    record_delimiter: 'windows',
    cast: { boolean: (v) => (v ? 'yes' : 'no'), string: neutralised },
  });
}

const text = (value: LocalizedTextValue | null | undefined, lang: 'fr' | 'ja') => value?.[lang] ?? '';
const instant = (value: Date | null | undefined) => (value ? value.toISOString() : '');

async function authorityNames(ctx: RequestContext, id: string) {
  const authority = await ctx.loaders.byId(LocalAuthority).load(id);
  return { authority_fr: text(authority?.name, 'fr'), authority_ja: text(authority?.name, 'ja'), country: authority?.country ?? '' };
}

const DELEGATE_COLUMNS = ['name', 'native_name', 'function', 'email', 'head', 'language', 'needs', 'session_ids'];

function delegateCells(d: ReturnType<typeof delegatesAsSeenBy>[number] | null): Row {
  return {
    name: d?.name ?? '', native_name: d?.nativeName ?? '', function: d?.function ?? '', email: d?.email ?? '', head: d ? d.head : '',
    language: d?.language ?? '', needs: d?.needs ?? '', session_ids: d?.sessionIds.join(' ') ?? '',
  };
}

const TABLES: Record<string, (ctx: RequestContext, edition: Edition, req: Request) => Promise<{ columns: string[]; rows: Row[] }>> = {
  /** One line per delegate (a form with none has one line of its own). */
  'participations.csv': async (ctx, edition) => {
    const rows: Row[] = [];
    for (const form of await participationsOfEdition(ctx, edition)) {
      const confirmedBy = form.confirmedById ? await ctx.loaders.byId(Person).load(form.confirmedById) : null;
      const base = {
        ...(await authorityNames(ctx, form.localAuthorityId)), status: form.status, attends_steering_meeting: form.attendsSteeringMeeting,
        submitted_at: instant(form.submittedAt), confirmed_at: instant(form.confirmedAt), confirmed_by: confirmedBy ? displayNameOf({ latin: confirmedBy.nameLatin, native: confirmedBy.nameNative }) : '',
      };
      const delegates = delegatesAsSeenBy(ctx, form.delegates, form);
      for (const d of delegates.length ? delegates : [null]) rows.push({ ...base, ...delegateCells(d) });
    }
    return {
      columns: ['authority_fr', 'authority_ja', 'country', 'status', 'attends_steering_meeting', 'submitted_at', 'confirmed_at', 'confirmed_by', ...DELEGATE_COLUMNS],
      rows,
    };
  },
  /** One line per attendee; `?meeting=<id>` keeps one meeting's. */
  'registrations.csv': async (ctx, edition, req) => {
    const only = typeof req.query.meeting === 'string' ? req.query.meeting : null;
    const rows: Row[] = [];
    for (const meeting of (await meetingsOf(ctx, edition)).filter((m) => !only || m.id === only)) {
      for (const registration of await registrationsOf(ctx, meeting)) {
        const base = {
          meeting_id: meeting.id, meeting_fr: text(meeting.title, 'fr'), meeting_ja: text(meeting.title, 'ja'), meeting_starts_at: instant(meeting.startsAt),
          ...(await authorityNames(ctx, registration.localAuthorityId)), online: registration.online, submitted_at: instant(registration.submittedAt),
        };
        for (const d of delegatesAsSeenBy(ctx, registration.attendees, registration)) rows.push({ ...base, ...delegateCells(d) });
      }
    }
    return {
      columns: ['meeting_id', 'meeting_fr', 'meeting_ja', 'meeting_starts_at', 'authority_fr', 'authority_ja', 'country', 'online', 'submitted_at', ...DELEGATE_COLUMNS],
      rows,
    };
  },
  'suggestions.csv': async (ctx, edition) => {
    const rows: Row[] = [];
    for (const s of await suggestionsOf(ctx, edition)) {
      rows.push({
        ...(await authorityNames(ctx, s.localAuthorityId)), kind: s.kind, status: s.status, title_fr: text(s.title, 'fr'), title_ja: text(s.title, 'ja'),
        body_fr: text(s.body, 'fr'), body_ja: text(s.body, 'ja'), submitted_at: instant(s.submittedAt), review_note: s.reviewNote ?? '',
      });
    }
    return { columns: ['authority_fr', 'authority_ja', 'country', 'kind', 'status', 'title_fr', 'title_ja', 'body_fr', 'body_ja', 'submitted_at', 'review_note'], rows };
  },
  /** One line per theme and committee; outside the edition's committees, closed votes only. */
  'votes.csv': async (ctx, edition) => {
    const insider = can(ctx, Right.EditProgram, edition.id);
    const closed = [ThemeStatus.ADOPTED, ThemeStatus.REJECTED];
    const rows: Row[] = [];
    for (const theme of await themesOf(ctx, edition)) {
      if (!insider && !closed.includes(theme.status)) continue;
      if (theme.status === ThemeStatus.PROPOSED) continue;
      const tally = await tallyOf(ctx, theme);
      for (const count of tally.committees) {
        const committee = await ctx.loaders.byId(Committee).load(count.committeeId);
        rows.push({
          theme_fr: text(theme.title, 'fr'), theme_ja: text(theme.title, 'ja'), status: theme.status, committee: committee?.country ?? '',
          eligible: count.eligible, for: count.for, against: count.against, abstain: count.abstain,
          quorum_reached: count.quorumReached, majority_for: count.majorityFor, outcome: tally.outcome,
        });
      }
    }
    return { columns: ['theme_fr', 'theme_ja', 'status', 'committee', 'eligible', 'for', 'against', 'abstain', 'quorum_reached', 'majority_for', 'outcome'], rows };
  },
};

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, SERVICE_UNAVAILABLE: 503 };
const LANGUAGE_OF: Record<Locale, Language> = { [Locale.EN]: 'en', [Locale.FR]: 'fr', [Locale.JA]: 'ja' };

function refuse(res: Response, error: unknown): boolean {
  const domain = error instanceof DomainError ? error : error instanceof GraphQLError && error.originalError instanceof DomainError ? error.originalError : null;
  if (!domain || !STATUS[domain.code]) return false;
  const lang = LANGUAGE_OF[currentScope()?.locale ?? Locale.EN];
  res.status(STATUS[domain.code]).type('application/json').send(JSON.stringify({ error: messageOf(domain, lang), code: domain.code, ...domain.extensions }));
  return true;
}

/** GET /editions/:number/{participations,registrations,suggestions,votes}.csv, with `Authorization: Bearer <token>`. */
export function spreadsheetRoutes(contextFor: ContextFor): Router {
  const router = Router();
  router.get('/editions/:number/:file', async (req, res, next) => {
    const table = TABLES[req.params.file];
    if (!table) return next();
    try {
      const ctx = await contextFor(currentScope()!, req.log, req.headers.authorization, req.ip ?? 'unknown');
      const edition = /^\d{1,4}$/.test(req.params.number) ? await editionByNumber(ctx, Number(req.params.number)) : null;
      if (!edition) return void res.status(404).type('application/json').send(JSON.stringify({ error: `No edition ${req.params.number}` }));
      const { columns, rows } = await table(ctx, edition, req);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Disposition', `attachment; filename="edition-${edition.number}-${req.params.file}"`);
      res.type('text/csv; charset=utf-8').send(toCsv(columns, rows));
    } catch (error) {
      if (!refuse(res, error)) next(error);
    }
  });
  return router;
}
