import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

// The explorer: one self-contained page (scripts, styles and workers inlined), so it works offline.

export const EXAMPLE_OPERATIONS = `# Programme-planning API of the Rencontres franco-japonaises.
#
# Anyone can read editions and published releases. To work on the draft programme:
#  1. run the Login operation below with your email and password;
#  2. copy the token it returns into the Headers tab:  {"Authorization": "Bearer <token>"}
# Scripts can ask for a longer-lived token with createPersonalToken(label: "...").
# Press the run button and pick an operation; ids come from the answers of Editions or Programme.

query Editions {
  editions {
    id
    number
    title { fr ja }
    hostCity { fr ja }
    startDate
    endDate
    timeZone
    status
    latestRelease { version publishedAt }
  }
}

mutation Login {
  login(email: "president.fr@example.org", password: "<your password>") {
    token
    viewer { person { displayName role } memberships { role committee { country } } }
  }
}

query Programme {
  edition(number: 8) {
    days {
      date
      sessions {
        id kind version startsAt endsAt
        title { fr ja }
        room { name { fr ja } }
        speakers { displayName }
        workshops { id title { fr ja } room { name { fr ja } } moderators { displayName } }
      }
    }
    programIssues { kind message { fr ja } }
  }
}

mutation ProposeTheme {
  proposeTheme(input: {
    editionId: "<edition id from Editions>"
    title: { fr: "Villes et mobilités durables", ja: "持続可能な都市交通" }
  }) { id status version }
}

mutation Vote {
  castBallot(input: { themeId: "<theme id>", choice: FOR, comment: "D'accord / 賛成" }) {
    choice castAt
    theme { tally { outcome committees { committee { country } for against abstain quorumReached } } }
  }
}

subscription Changes {
  programChanged(editionId: "<edition id from Editions>") {
    at action entityType entityId changes actor { displayName }
  }
}
`;

interface Page {
  html: string;
  gzip: Buffer;
  etag: string;
}

let page: Page | undefined;

function renderPage(): Page {
  const html = renderGraphiQL({
    title: 'Rencontres franco-japonaises · GraphiQL',
    endpoint: '/graphql',
    defaultQuery: EXAMPLE_OPERATIONS,
    headers: JSON.stringify({ Authorization: '' }, null, 2),
    subscriptionsProtocol: 'WS',
    shouldPersistHeaders: true,
  } as Parameters<typeof renderGraphiQL>[0]);
  const gzip = gzipSync(html, { level: 9 });
  return { html, gzip, etag: `"${createHash('sha256').update(gzip).digest('base64url').slice(0, 27)}"` };
}

/** A browser's GET of the endpoint (it asks for HTML and sends no query). */
export function wantsExplorer(req: Request): boolean {
  return req.method === 'GET' && req.query.query === undefined && (req.headers.accept ?? '').includes('text/html');
}

export function serveExplorer(req: Request, res: Response): void {
  page ??= renderPage();
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('ETag', page.etag);
  res.setHeader('Vary', 'Accept, Accept-Encoding');
  if (req.headers['if-none-match'] === page.etag) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  // About 9 MB of inlined scripts, under 3 MB compressed.
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    res.setHeader('Content-Encoding', 'gzip');
    res.send(page.gzip);
  } else {
    res.send(page.html);
  }
}
