import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';
import { css, editorWorkerService, favicon, graphqlWorker, js, jsonWorker } from '@graphql-yoga/render-graphiql/graphiql';
import { Locale } from '../common/enums';
import { explorerPolicy } from './http-headers';
import { localeOf } from './locale';

// The explorer: one self-contained page (scripts, styles and workers inlined), so it works offline.
// GraphiQL comes from @graphql-yoga/render-graphiql; the page is ours so that its fetcher can sign
// subscriptions in with the headers of the Headers tab (graphql-ws's browser client, inlined too).

/** The example operations, the same in every language; the instructions above them are translated. */
export const EXAMPLE_OPERATIONS = `query Editions {
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

query ThemesUnderVote {
  edition(number: 8) {
    id
    themes(status: VOTING) {
      id
      title { fr ja }
      votingClosesAt
      myBallot { choice }
    }
  }
}

mutation Vote {
  castBallot(input: {
    themeId: "<theme id from ThemesUnderVote>"
    choice: FOR
    comment: "D'accord / 賛成"
  }) {
    choice castAt
    theme {
      tally {
        outcome
        committees { committee { country } for against abstain quorumReached }
      }
    }
  }
}

subscription Changes {
  programChanged(editionId: "<edition id from Editions>") {
    at action entityType entityId changes actor { displayName }
  }
}
`;

interface PageText {
  lang: string;
  title: string;
  instructions: string;
  noScript: string;
  /** The subscription's connection was refused: the token of the Headers tab is wrong or expired. */
  refused: string;
  /** The subscription's connection closed; {code} is its close code. */
  closed: string;
}

const TEXT: Record<Locale, PageText> = {
  [Locale.EN]: {
    lang: 'en',
    title: 'Rencontres franco-japonaises · GraphiQL',
    instructions: `# Programme-planning API of the Rencontres
# franco-japonaises de la coopération décentralisée.
#
# Anyone can read editions and published releases.
# To work on the draft programme, vote or follow
# the changes:
#  1. run the Login operation below with your email
#     and password;
#  2. copy the token it returns into the Headers tab,
#     at the bottom:
#       {"Authorization": "Bearer <token>"}
#     The headers stay in this browser for your next
#     visits and browser tabs, and sign in the Changes
#     subscription too. A new explorer tab (+) starts
#     without them: paste them there as well.
# Press the run button and pick an operation. Ids come
# from the answers of Editions, ThemesUnderVote and
# Programme. Scripts can ask for a longer-lived token
# with createPersonalToken(label: "...").
`,
    noScript: 'The explorer needs JavaScript.',
    refused: 'The service refused the token of the Headers tab: run Login again and copy the new token there.',
    closed: 'The connection of the subscription closed (code {code}).',
  },
  [Locale.FR]: {
    lang: 'fr',
    title: 'Rencontres franco-japonaises · GraphiQL',
    instructions: `# API de planification du programme des Rencontres
# franco-japonaises de la coopération décentralisée.
#
# Tout le monde peut lire les éditions et les versions
# publiées. Pour travailler sur le programme
# provisoire, voter ou suivre les changements :
#  1. lancez l'opération Login ci-dessous avec votre
#     e-mail et votre mot de passe ;
#  2. copiez le jeton qu'elle renvoie dans l'onglet
#     Headers, en bas :
#       {"Authorization": "Bearer <jeton>"}
#     Les en-têtes restent dans ce navigateur pour vos
#     prochaines visites et vos autres onglets du
#     navigateur ; ils connectent aussi l'abonnement
#     Changes. Un nouvel onglet de l'explorateur (+)
#     démarre sans eux : collez-les-y aussi.
# Appuyez sur le bouton d'exécution et choisissez une
# opération. Les identifiants (id) viennent des
# réponses de Editions, ThemesUnderVote et Programme.
# Un script peut demander un jeton de plus longue
# durée avec createPersonalToken(label: "...").
`,
    noScript: "L'explorateur a besoin de JavaScript.",
    refused: "Le service a refusé le jeton de l'onglet Headers : relancez Login et copiez-y le nouveau jeton.",
    closed: "La connexion de l'abonnement s'est fermée (code {code}).",
  },
  [Locale.JA]: {
    lang: 'ja',
    title: '日仏自治体交流会議 · GraphiQL',
    instructions: `# 日仏自治体交流会議（Rencontres
# franco-japonaises de la coopération
# décentralisée）のプログラム編成 API です。
#
# 開催回と公開済みの版はどなたでも閲覧
# できます。プログラム案の編集、投票、
# 変更の追跡には：
#  1. 下の Login 操作をご自分のメール
#     アドレスとパスワードで実行し、
#  2. 返されたトークンを画面下部の
#     Headers タブに貼り付けてください：
#       {"Authorization": "Bearer <トークン>"}
#     ヘッダーはこのブラウザに保存され、
#     次回以降やブラウザの別タブでも使われ、
#     Changes の購読の認証にも使われます。
#     エクスプローラー内の新しいタブ（＋）
#     には引き継がれないため、そこにも
#     貼り付けてください。
# 実行ボタンを押して操作を選びます。
# id は Editions、ThemesUnderVote、
# Programme の結果から取得できます。
# スクリプトは createPersonalToken
# (label: "...") で有効期間の長い
# トークンを取得できます。
`,
    noScript: 'エクスプローラーには JavaScript が必要です。',
    refused: 'Headers タブのトークンが拒否されました。Login をもう一度実行し、新しいトークンを貼り付けてください。',
    closed: '購読の接続が切断されました（コード {code}）。',
  },
};

const GRAPHQL_WS_CLIENT = readFileSync(path.join(path.dirname(require.resolve('graphql-ws/package.json')), 'umd', 'graphql-ws.min.js'), 'utf8');

/** A value written into an inline script: JSON that cannot end the script element. */
const inScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

// GraphiQL calls the fetcher with the parsed headers of the tab. Queries and mutations go over
// HTTP with them; a subscription opens a graphql-ws connection whose init payload is those headers
// (the service reads Authorization there), one connection per subscription, so a new token counts at once.
const FETCHER = `
function explorerFetcher(endpoint, text) {
  var httpUrl = new URL(endpoint, location.href).href;
  var socketUrl = httpUrl.replace(/^http/, 'ws');
  function operationOf(params, documentAST) {
    var operations = documentAST ? documentAST.definitions.filter(function (d) { return d.kind === 'OperationDefinition'; }) : [];
    if (operations.length === 1) return operations[0];
    return operations.find(function (d) { return d.name && d.name.value === params.operationName; });
  }
  function subscribe(params, headers) {
    return {
      subscribe: function (sink) {
        var client = graphqlWs.createClient({ url: socketUrl, connectionParams: headers, retryAttempts: 0 });
        var finish = function () { client.dispose(); };
        // Every failure is shown as an answer's errors, as the service words them or in the page's language.
        var fail = function (errors) { finish(); sink.next({ errors: errors }); sink.complete(); };
        var stop = client.subscribe(params, {
          next: function (value) { sink.next(value); },
          complete: function () { finish(); sink.complete(); },
          error: function (error) {
            if (Array.isArray(error)) return fail(error);
            if (error && typeof error.code === 'number') {
              return fail([{ message: error.code === 4403 ? text.refused : text.closed.replace('{code}', error.code + (error.reason ? ' ' + error.reason : '')) }]);
            }
            fail([{ message: error instanceof Error ? error.message : String(error) }]);
          },
        });
        return { unsubscribe: function () { stop(); finish(); } };
      },
    };
  }
  return function (params, options) {
    var headers = (options && options.headers) || {};
    var operation = operationOf(params, options && options.documentAST);
    if (operation && operation.operation === 'subscription') return subscribe(params, headers);
    return fetch(httpUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: Object.assign({ 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' }, headers),
      body: JSON.stringify(params),
    }).then(function (response) {
      return response.json().catch(function () { throw new Error('HTTP ' + response.status + ' ' + response.statusText); });
    });
  };
}`;

function renderPage(locale: Locale): string {
  const text = TEXT[locale];
  const options = {
    title: text.title,
    defaultQuery: `${text.instructions}\n${EXAMPLE_OPERATIONS}`,
    headers: JSON.stringify({ Authorization: '' }, null, 2),
    shouldPersistHeaders: true,
  };
  return `<!doctype html>
<html lang="${text.lang}">
<head>
<meta charset="utf-8">
<title>${text.title}</title>
<link rel="icon" href="${favicon}">
<style>${css}</style>
</head>
<body>
<noscript>${text.noScript}</noscript>
<div id="root"></div>
<script>${GRAPHQL_WS_CLIENT}</script>
<script>
// GraphiQL's editors run their language services in workers, made from inlined sources.
var workers = {
  editorWorkerService: URL.createObjectURL(new Blob([${inScript(editorWorkerService)}], { type: 'application/javascript' })),
  json: URL.createObjectURL(new Blob([${inScript(jsonWorker)}], { type: 'application/javascript' })),
  graphql: URL.createObjectURL(new Blob([${inScript(graphqlWorker)}], { type: 'application/javascript' })),
};
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: function (_moduleId, label) { return workers[label]; } };
${js};
${FETCHER}
var options = ${inScript(options)};
options.fetcher = explorerFetcher('/graphql', ${inScript({ refused: text.refused, closed: text.closed })});
YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
</script>
</body>
</html>
`;
}

interface Page {
  gzip: Buffer;
  etag: string;
  /** Its Content-Security-Policy: its own inline scripts, by hash, and nothing else. */
  policy: string;
}

/** The SHA-256 of each inline script of `html`, as a CSP names it. */
const scriptHashes = (html: string) =>
  [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => createHash('sha256').update(match[1]).digest('base64'));

// Each language's page is rendered once, on first demand, and kept compressed (about 3 MB of 9).
const pages = new Map<Locale, Page>();

function pageIn(locale: Locale): Page {
  let page = pages.get(locale);
  if (!page) {
    const html = renderPage(locale);
    const gzip = gzipSync(html, { level: 9 });
    page = { gzip, etag: `"${createHash('sha256').update(gzip).digest('base64url').slice(0, 27)}"`, policy: explorerPolicy(scriptHashes(html)) };
    pages.set(locale, page);
  }
  return page;
}

/** A browser's GET of the endpoint (it asks for HTML and sends no query). */
export function wantsExplorer(req: Request): boolean {
  return req.method === 'GET' && req.query.query === undefined && (req.headers.accept ?? '').includes('text/html');
}

export function serveExplorer(req: Request, res: Response): void {
  const page = pageIn(localeOf(req.headers['accept-language']));
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Content-Security-Policy', page.policy);
  res.setHeader('ETag', page.etag);
  res.setHeader('Vary', 'Accept, Accept-Encoding, Accept-Language');
  if (req.headers['if-none-match'] === page.etag) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    res.setHeader('Content-Encoding', 'gzip');
    res.send(page.gzip);
  } else {
    res.send(gunzipSync(page.gzip));
  }
}
