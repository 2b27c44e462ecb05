import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { Locale } from '../common/enums';
import { ReleaseCache } from '../modules/releases/release.cache';
import { publishedRelease, snapshotOfRelease, versionOf } from '../modules/releases/release.service';
import { ExportContext } from '../modules/releases/exports/export-model';
import { toFrabXml } from '../modules/releases/exports/frab-xml';
import { toHtml, toNotPublishedHtml } from '../modules/releases/exports/html';
import { toICalendar } from '../modules/releases/exports/ical';
import { toScheduleJson } from '../modules/releases/exports/schedule-json';
import { PRINTABLE_PAGE_POLICY } from './http-headers';
import { localeOf } from './locale';

const FORMATS = {
  'program.ics': { type: 'text/calendar; charset=utf-8', render: (ctx: ExportContext) => toICalendar(ctx) },
  'program.json': { type: 'application/json; charset=utf-8', render: (ctx: ExportContext) => toScheduleJson(ctx) },
  'program.xml': { type: 'application/xml; charset=utf-8', render: (ctx: ExportContext) => toFrabXml(ctx) },
  'program.html': { type: 'text/html; charset=utf-8', render: (ctx: ExportContext, bilingual: boolean) => toHtml(ctx, bilingual) },
} as const;

const LOCALES: Record<string, Locale> = { fr: Locale.FR, ja: Locale.JA, en: Locale.EN };

function problem(res: import('express').Response, status: number, message: string) {
  res.status(status).type('application/json').send(JSON.stringify({ error: message }));
}

/**
 * Public exports of published releases: GET /editions/:number/program.{ics,json,xml,html}[?version=&locale=].
 * Their links start with `publicUrl()` (PUBLIC_URL), never with the request's Host header: a cached
 * export must not send readers to whatever host one caller named.
 */
export function exportRoutes(dataSource: () => DataSource | undefined, cache: ReleaseCache, publicUrl: () => string): Router {
  const router = Router();
  router.get('/editions/:number/:file', async (req, res, next) => {
    try {
      const format = FORMATS[req.params.file as keyof typeof FORMATS];
      if (!format) return problem(res, 404, 'Exports are program.ics, program.json, program.xml and program.html');
      if (!/^\d{1,4}$/.test(req.params.number)) return problem(res, 404, `No edition ${req.params.number}`);
      const version = typeof req.query.version === 'string' ? req.query.version : undefined;
      const asked = typeof req.query.locale === 'string' ? req.query.locale.toLowerCase() : undefined;
      if (asked !== undefined && !LOCALES[asked]) return problem(res, 400, 'locale must be fr, ja or en');
      const bilingual = req.params.file === 'program.html' && !asked;
      const locale = asked ? LOCALES[asked] : localeOf(req.headers['accept-language'], Locale.FR);

      const source = dataSource();
      if (!source) return problem(res, 503, 'The service is starting; try again shortly');
      const found = await publishedRelease(cache, source.manager, Number(req.params.number), version);
      if (found.edition === 'missing') return problem(res, 404, `No edition ${req.params.number}`);
      if (!found.release && !version && req.params.file === 'program.html') {
        // A person who follows the page's address before the first release reads why there is nothing yet.
        res.setHeader('Cache-Control', 'no-cache');
        res.setHeader('Content-Security-Policy', PRINTABLE_PAGE_POLICY);
        return void res.status(404).type(format.type).send(toNotPublishedHtml(Number(req.params.number), bilingual ? [Locale.FR, Locale.JA] : [locale]));
      }
      if (!found.release) return problem(res, 404, version ? `No release ${version} of edition ${req.params.number}` : 'No release has been published yet');
      const release = found.release;

      const base = `${publicUrl()}/editions/${req.params.number}/program.html`;
      const key = ReleaseCache.keyOf([release.id], req.params.file, bilingual ? 'fr+ja' : locale, base);
      const page = cache.rendered(key, () => {
        return format.render(
          { snapshot: snapshotOfRelease(release), version: versionOf(release), publishedAt: release.publishedAt, locale, pageUrl: `${base}?version=${versionOf(release)}` },
          bilingual,
        );
      });
      // A given version never changes; "latest" may move on when a new release is published.
      res.setHeader('Cache-Control', version ? 'public, max-age=31536000, immutable' : 'public, max-age=60, must-revalidate');
      res.setHeader('ETag', page.etag);
      res.setHeader('Vary', 'Accept-Language');
      res.setHeader('X-Program-Version', versionOf(release));
      if (req.params.file === 'program.html') res.setHeader('Content-Security-Policy', PRINTABLE_PAGE_POLICY);
      if (req.headers['if-none-match'] === page.etag) return void res.status(304).end();
      res.type(format.type).send(page.body);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
