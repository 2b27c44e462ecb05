import type { ApolloServerPlugin } from '@apollo/server';
import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

// The headers that protect browsers and caches, by helmet and cors. Every answer is JSON unless a
// route says otherwise, so the default policy lets a page load nothing at all; the two pages (the
// explorer and the printable programme) set their own, as narrow as they can.

const NOTHING_ELSE = { 'base-uri': ["'none'"], 'form-action': ["'none'"], 'frame-ancestors': ["'none'"] };

/** helmet: CSP, no framing (X-Frame-Options and frame-ancestors), nosniff, no referrer, and the rest of its defaults. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], ...NOTHING_ELSE } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

const policy = (directives: Record<string, string[]>) =>
  Object.entries({ 'default-src': ["'none'"], ...directives, ...NOTHING_ELSE })
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');

/** The printable page: its own inline style sheet, nothing else. */
export const PRINTABLE_PAGE_POLICY = policy({ 'style-src': ["'unsafe-inline'"] });

/**
 * The explorer: its inline scripts by their hashes (no other script runs), its editors' workers
 * from blob: URLs, styles its editors add at run time, its data: icon and fonts, and calls to this
 * origin (HTTP and WebSocket).
 */
export const explorerPolicy = (scriptHashes: string[]) =>
  policy({
    'script-src': scriptHashes.map((hash) => `'sha256-${hash}'`),
    'worker-src': ['blob:'],
    'style-src': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
  });

/**
 * Browsers on the frontends' origins (CORS_ORIGINS; none by default) may call the API. A preflight
 * from any other origin is refused outright (403), so that nothing reads as allowed.
 */
export function corsFor(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  const handler = cors({
    origin: [...allowed],
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'accept', 'accept-language', 'apollo-require-preflight', 'x-request-id', 'if-none-match'],
    exposedHeaders: ['x-request-id', 'etag', 'retry-after'],
    maxAge: 600,
  });
  return (req, res, next) => {
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (preflight && (!origin || !allowed.has(origin))) {
      res.status(403).type('application/json').send(JSON.stringify({ errors: [{ message: 'This origin may not call the API', extensions: { code: 'FORBIDDEN' } }] }));
      return;
    }
    handler(req, res, next);
  };
}

/**
 * A signed-in caller's answers are theirs alone: never stored by a shared cache (nor by the
 * browser), and every answer varies with the Authorization header. Runs after the plugins that
 * set their own caching headers (release answers).
 */
export const privateAnswers: ApolloServerPlugin = {
  async requestDidStart({ request }) {
    const signedIn = Boolean(request.http?.headers.get('authorization'));
    return {
      async willSendResponse({ response }) {
        const headers = response.http.headers;
        const vary = headers.get('vary');
        if (!vary?.toLowerCase().split(/\s*,\s*/).includes('authorization')) headers.set('vary', vary ? `${vary}, Authorization` : 'Authorization');
        if (signedIn) headers.set('cache-control', 'private, no-store');
      },
    };
  },
};
