import { Router } from 'express';
import { Locale } from '../common/enums';
import { localeOf } from './locale';

// The page an invitation or reset link opens (PUBLIC_URL/account#token): the holder chooses a
// password there, is signed in, and sees the programme, with no GraphQL tool needed. One HTML page
// in the browser's language, one script and one stylesheet of our own: nothing from elsewhere, no
// inline script or style, so a strict Content-Security-Policy holds. The token stays in the
// fragment, which browsers never send, so no server log can hold it.

const TEXTS = {
  FR: {
    title: 'Choisissez votre mot de passe',
    intro: "Ce lien vous a été envoyé par le secrétariat des Rencontres franco-japonaises de la coopération décentralisée. Il ne sert qu'une fois.",
    password: 'Mot de passe (au moins 12 caractères)',
    confirm: 'Le même mot de passe, une seconde fois',
    submit: 'Ouvrir mon compte',
    mismatch: 'Les deux mots de passe diffèrent.',
    noToken: "Ce lien est incomplet : ouvrez le lien entier reçu par courriel, ou demandez-en un nouveau au secrétariat.",
    welcome: 'Bienvenue, {name} : votre compte est ouvert et vous êtes connecté(e).',
    program: 'Programme de travail',
    noProgram: "Aucun programme n'est encore en préparation.",
    failed: 'Le service ne répond pas ; réessayez dans un instant.',
  },
  JA: {
    title: 'パスワードの設定',
    intro: 'このリンクは日仏自治体交流会議の事務局からお送りしたものです。一度だけ使えます。',
    password: 'パスワード（12文字以上）',
    confirm: '確認のため、もう一度入力してください',
    submit: 'アカウントを開設する',
    mismatch: '二つのパスワードが一致しません。',
    noToken: 'リンクが不完全です。メールで受け取ったリンク全体を開くか、事務局に新しいリンクを依頼してください。',
    welcome: '{name}様、アカウントが開設され、ログインしました。',
    program: '作業中のプログラム',
    noProgram: '準備中のプログラムはまだありません。',
    failed: 'サービスが応答しません。しばらくしてから再度お試しください。',
  },
  EN: {
    title: 'Choose your password',
    intro: 'The secretariat of the Rencontres franco-japonaises de la coopération décentralisée sent you this link. It works once.',
    password: 'Password (at least 12 characters)',
    confirm: 'The same password again',
    submit: 'Open my account',
    mismatch: 'The two passwords differ.',
    noToken: 'This link is incomplete: open the whole link you received by email, or ask the secretariat for a new one.',
    welcome: 'Welcome, {name}: your account is open and you are signed in.',
    program: 'Draft programme',
    noProgram: 'No programme is being prepared yet.',
    failed: 'The service does not answer; try again shortly.',
  },
} satisfies Record<Locale, Record<string, string>>;

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(locale: Locale): string {
  const t = TEXTS[locale];
  const data = (['mismatch', 'noToken', 'welcome', 'program', 'noProgram', 'failed'] as const)
    .map((key) => `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${escape(t[key])}"`)
    .join(' ');
  return `<!doctype html>
<html lang="${locale.toLowerCase()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escape(t.title)}</title>
<link rel="stylesheet" href="account/page.css">
</head>
<body>
<main>
<h1>${escape(t.title)}</h1>
<p>${escape(t.intro)}</p>
<form id="choose" ${data}>
<label for="password">${escape(t.password)}</label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="12" required>
<label for="confirm">${escape(t.confirm)}</label>
<input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="12" required>
<button type="submit">${escape(t.submit)}</button>
</form>
<p id="status" role="status" aria-live="polite"></p>
<section id="program" hidden></section>
</main>
<script src="account/page.js" defer></script>
</body>
</html>
`;
}

const SCRIPT = `'use strict';
(function () {
  var form = document.getElementById('choose');
  var status = document.getElementById('status');
  var program = document.getElementById('program');
  var text = form.dataset;
  var locale = document.documentElement.lang.toUpperCase();
  var endpoint = new URL('graphql', document.baseURI).href;
  var token = decodeURIComponent(location.hash.slice(1));
  // The token leaves the address bar (and the history) at once.
  history.replaceState(null, '', location.pathname + location.search);
  if (!token) {
    status.textContent = text.noToken;
    form.hidden = true;
    return;
  }
  function call(query, variables, bearer) {
    var headers = { 'content-type': 'application/json' };
    if (bearer) headers.authorization = 'Bearer ' + bearer;
    return fetch(endpoint, { method: 'POST', headers: headers, body: JSON.stringify({ query: query, variables: variables }) })
      .then(function (response) { return response.json(); });
  }
  function firstError(body) {
    var error = body.errors && body.errors[0];
    if (!error) return null;
    var fields = error.extensions && error.extensions.fields;
    return fields && fields.length ? fields.map(function (f) { return f.message; }).join(' ; ') : error.message;
  }
  function add(parent, tag, content) {
    var element = document.createElement(tag);
    if (content !== undefined) element.textContent = content;
    parent.appendChild(element);
    return element;
  }
  function showProgram(bearer, seats) {
    return call('{ editions { number status } }', {}, bearer).then(function (body) {
      var numbers = seats.length ? seats : body.data.editions
        .filter(function (e) { return e.status === 'PLANNING' || e.status === 'PROGRAM_PUBLISHED'; })
        .map(function (e) { return e.number; });
      if (!numbers.length) { add(program, 'p', text.noProgram); program.hidden = false; return; }
      var number = Math.min.apply(null, numbers);
      return call('query ($n: Int!, $l: Locale!) { edition(number: $n) { title { text(locale: $l) } days { date sessions { id startsAt title { text(locale: $l) } workshops { title { text(locale: $l) } } } } } }',
        { n: number, l: locale }, bearer).then(function (answer) {
        var edition = answer.data.edition;
        add(program, 'h2', text.program + ' — ' + edition.title.text);
        edition.days.forEach(function (day) {
          add(program, 'h3', new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(day.date + 'T00:00:00Z')));
          var list = add(program, 'ul');
          day.sessions.forEach(function (session) {
            var item = add(list, 'li', session.title.text);
            item.className = 'session';
            if (session.workshops.length) {
              var workshops = add(item, 'ul');
              session.workshops.forEach(function (w) { add(workshops, 'li', w.title.text); });
            }
          });
        });
        program.hidden = false;
      });
    });
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (form.password.value !== form.confirm.value) { status.textContent = text.mismatch; return; }
    form.querySelector('button').disabled = true;
    call('mutation ($t: String!, $p: String!) { acceptInvitation(token: $t, password: $p) { token viewer { person { displayName } memberships { committee { edition { number } } } } } }',
      { t: token, p: form.password.value })
      .then(function (body) {
        var problem = firstError(body);
        if (problem) { status.textContent = problem; form.querySelector('button').disabled = false; return; }
        var signedIn = body.data.acceptInvitation;
        form.hidden = true;
        status.textContent = text.welcome.replace('{name}', signedIn.viewer.person.displayName);
        var seats = signedIn.viewer.memberships.map(function (m) { return m.committee.edition.number; });
        return showProgram(signedIn.token, seats);
      })
      .catch(function () { status.textContent = text.failed; form.querySelector('button').disabled = false; });
  });
})();
`;

const STYLE = `body { font-family: system-ui, sans-serif; margin: 0; background: #f6f5f2; color: #222; }
main { max-width: 40rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 8px; }
h1 { font-size: 1.4rem; }
form { display: grid; gap: .5rem; margin: 1rem 0; }
input { font-size: 1rem; padding: .5rem; }
button { font-size: 1rem; padding: .6rem; cursor: pointer; }
#status { font-weight: 600; }
#program ul { padding-left: 1.2rem; }
`;

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'self'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export function accountPageRoutes(): Router {
  const router = Router();
  router.get('/account', (req, res) => {
    res.set({ ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', Vary: 'Accept-Language' });
    res.send(page(localeOf(req.headers['accept-language'])));
  });
  router.get('/account/page.js', (_req, res) => {
    res.set({ ...SECURITY_HEADERS, 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
    res.send(SCRIPT);
  });
  router.get('/account/page.css', (_req, res) => {
    res.set({ ...SECURITY_HEADERS, 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
    res.send(STYLE);
  });
  return router;
}
