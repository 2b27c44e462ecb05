import { Locale } from '../../../common/enums';
import type { LocalizedTextValue } from '../../../common/localized-text';
import { clockIn } from '../../../common/time';
import type { ReleasedName, ReleasedSessionValue, ReleasedWorkshopValue } from '../release.types';
import { ExportContext, localized, namesFor, noRoomLabel } from './export-model';

const escape = (text: string) =>
  text
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
    // Control characters are no text in HTML (parse errors): shown as U+FFFD.
    .replace(/[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/g, '\uFFFD');

const LABELS = {
  FR: { program: 'Programme prévisionnel', speakers: 'Intervenants', moderators: 'Modération', authorities: 'Collectivités', interpretation: 'Interprétation français-japonais', workshops: 'Ateliers' },
  JA: { program: '暫定プログラム', speakers: '登壇者', moderators: 'モデレーター', authorities: '自治体', interpretation: '日仏通訳あり', workshops: '分科会' },
  EN: { program: 'Provisional programme', speakers: 'Speakers', moderators: 'Moderators', authorities: 'Local authorities', interpretation: 'French-Japanese interpretation', workshops: 'Workshops' },
};
const DATE_LOCALES = { FR: 'fr-FR', JA: 'ja-JP', EN: 'en-GB' };
/** Between the items of a list, as each language writes it. */
const LIST_SEPARATOR = { FR: ', ', JA: '、', EN: ', ' };
/** The release line, in HTML; `when` is the publication's date, clock and zone name, in the edition's zone. */
const RELEASED = {
  FR: (version: string, when: string) => `version ${version}, publiée le ${when}`,
  JA: (version: string, when: string) => `${version}版（${when} 公開）`,
  EN: (version: string, when: string) => `version ${version}, published ${when}`,
};

/**
 * A printable page of the release: French and Japanese side by side (the default, for the two
 * committees), or one language with `?locale=`. Plain HTML and CSS, readable on paper and on a phone.
 */
export function toHtml(ctx: ExportContext, bilingual: boolean): string {
  const locales: Locale[] = bilingual ? [Locale.FR, Locale.JA] : [ctx.locale];
  const { edition } = ctx.snapshot;
  const zone = edition.timeZone;
  const inLanguage = (locale: Locale, html: string, tag = 'span') => `<${tag} lang="${locale.toLowerCase()}" class="lang">${html}</${tag}>`;
  // Each language on a line of its own when both are shown.
  const both = (value: LocalizedTextValue | null | undefined, tag = 'span') =>
    locales
      .map((l) => localized(value, l))
      .map((text, i) => (text ? inLanguage(locales[i], escape(text), tag) : ''))
      .join('');
  // Short texts (a room, a city) stay on one line: "Salle A / 会議室A".
  const inline = (value: LocalizedTextValue) =>
    locales
      .map((l) => localized(value, l))
      .map((text, i) => (text ? `<span lang="${locales[i].toLowerCase()}">${escape(text)}</span>` : ''))
      .filter(Boolean)
      .join(' / ');
  // A list reads "A, B" in each language ("A、B" in Japanese), one line per language.
  const list = (values: LocalizedTextValue[]) =>
    locales.map((l) => inLanguage(l, values.map((v) => escape(localized(v, l) ?? '')).join(LIST_SEPARATOR[l]))).join('');
  const label = (key: keyof (typeof LABELS)['FR']) => locales.map((l) => LABELS[l][key]).join(' / ');
  // Each language's readers get names in their script: « SUZUKI Nobuhiro » in French, 「鈴木 信宏」 in Japanese.
  const people = (key: 'speakers' | 'moderators', forms: ReleasedName[] | undefined, stored: string[]) =>
    stored.length
      ? `<p class="people"><span class="label">${escape(label(key))}</span> ${locales
          .map((l) => inLanguage(l, namesFor(forms, stored, l).map(escape).join(LIST_SEPARATOR[l])))
          .join('')}</p>`
      : '';
  const room = (name: LocalizedTextValue | null) =>
    name ? inline(name) : escape(locales.map(noRoomLabel).join(' / '));

  const workshop = (w: ReleasedWorkshopValue) => `
        <li class="workshop" id="workshop-${w.id}">
          <h4>${both(w.title)}</h4>
          <p class="room">${room(w.roomName)}</p>
          ${people('moderators', w.moderators, w.moderatorNames)}
          ${people('speakers', w.speakers, w.speakerNames)}
          ${w.localAuthorityNames.length ? `<p class="people"><span class="label">${escape(label('authorities'))}</span> ${list(w.localAuthorityNames)}</p>` : ''}
        </li>`;
  const session = (s: ReleasedSessionValue) => `
      <article class="session kind-${s.kind.toLowerCase()}" id="session-${s.id}">
        <p class="time">${clockIn(zone, new Date(s.startsAt))}–${clockIn(zone, new Date(s.endsAt))}</p>
        <div class="body">
          <h3>${both(s.title)}</h3>
          <p class="room">${room(s.roomName)}${s.interpretation ? ` · <span class="interpretation">${escape(label('interpretation'))}</span>` : ''}</p>
          ${s.description ? `<div class="description">${both(s.description, 'p')}</div>` : ''}
          ${people('speakers', s.speakers, s.speakerNames)}
          ${s.workshops.length ? `<ul class="workshops" aria-label="${escape(label('workshops'))}">${s.workshops.map(workshop).join('')}</ul>` : ''}
        </div>
      </article>`;
  const dayTitle = (date: string) =>
    locales
      .map((l) => new Intl.DateTimeFormat(DATE_LOCALES[l], { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${date}T00:00:00Z`)))
      .join(' / ');
  // The date and clock of the edition's zone, with the zone's name: a reader elsewhere knows which time it is.
  const published = locales
    .map((l) => {
      const when = new Intl.DateTimeFormat(DATE_LOCALES[l], { timeZone: zone, year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'long' }).format(ctx.publishedAt);
      return inLanguage(l, RELEASED[l](escape(ctx.version), `<time datetime="${ctx.publishedAt.toISOString()}">${escape(when)}</time>`));
    })
    .join('');

  return `<!doctype html>
<html lang="${bilingual ? 'fr' : locales[0].toLowerCase()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(locales.map((l) => localized(edition.title, l)).join(' / '))} — ${escape(label('program'))} ${escape(ctx.version)}</title>
<style>
  :root { font-family: system-ui, "Hiragino Sans", "Noto Sans JP", "Yu Gothic", sans-serif; line-height: 1.45; color: #1a1a1a; }
  body { margin: 0 auto; max-width: 60rem; padding: 1rem; }
  header h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
  header p { margin: 0 0 .25rem; color: #555; }
  header p:last-child { margin-bottom: 1rem; }
  h2 { font-size: 1.15rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .2rem; margin-top: 2rem; }
  .session { display: grid; grid-template-columns: 7rem 1fr; gap: .5rem 1rem; padding: .6rem 0; border-bottom: 1px solid #ddd; break-inside: avoid; }
  .time { font-variant-numeric: tabular-nums; font-weight: 600; margin: 0; }
  h3 { font-size: 1rem; margin: 0; }
  h4 { font-size: .95rem; margin: 0; }
  .bilingual .lang { display: block; }
  .lang + .lang { color: #444; }
  .room, .people { margin: .15rem 0; font-size: .9rem; }
  .label { font-weight: 600; }
  .description { font-size: .9rem; color: #333; }
  .description p { margin: .2rem 0; }
  .workshops { list-style: none; padding: 0; margin: .5rem 0 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .5rem; }
  .workshop { border: 1px solid #ccc; border-radius: .3rem; padding: .4rem .6rem; break-inside: avoid; }
  .kind-break, .kind-reception { color: #555; }
  @media (max-width: 36rem) { .session { grid-template-columns: 1fr; } }
  @page { margin: 15mm 12mm; }
  @media print { body { max-width: none; padding: 0; font-size: 10pt; } h2 { break-after: avoid; } section.day { break-before: page; } section.day:first-of-type { break-before: auto; } }
</style>
</head>
<body${bilingual ? ' class="bilingual"' : ''}>
<header>
  <h1>${both(edition.title)}</h1>
  <p>${escape(label('program'))} — ${inline(edition.hostCity)}</p>
  <p class="release">${published}</p>
</header>
<main>
${ctx.snapshot.days.map((day) => `  <section class="day" id="day-${day.date}">
    <h2>${escape(dayTitle(day.date))}</h2>${day.sessions.map(session).join('')}
  </section>`).join('\n')}
</main>
</body>
</html>
`;
}

const NOT_PUBLISHED = {
  FR: (edition: number) => ({
    title: 'Programme non publié',
    text: `Aucun programme de la ${edition === 1 ? '1re' : `${edition}e`} édition n'a encore été publié.`,
    next: 'Le programme prévisionnel paraîtra ici dès sa première version.',
  }),
  JA: (edition: number) => ({
    title: 'プログラム未公開',
    text: `第${edition}回のプログラムはまだ公開されていません。`,
    next: '暫定プログラムは最初の版の公開後、このページに掲載されます。',
  }),
  EN: (edition: number) => ({
    title: 'Programme not published',
    text: `No programme of edition ${edition} has been published yet.`,
    next: 'The provisional programme will appear here as soon as its first version is published.',
  }),
};

/** The page a reader gets at the address of the printable page before the edition's first release. */
export function toNotPublishedHtml(edition: number, locales: Locale[]): string {
  const texts = locales.map((l) => ({ lang: l.toLowerCase(), ...NOT_PUBLISHED[l](edition) }));
  return `<!doctype html>
<html lang="${texts[0].lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(texts.map((t) => t.title).join(' / '))}</title>
<style>
  :root { font-family: system-ui, "Hiragino Sans", "Noto Sans JP", "Yu Gothic", sans-serif; line-height: 1.45; color: #1a1a1a; }
  body { margin: 0 auto; max-width: 40rem; padding: 2rem 1rem; }
  h1 { font-size: 1.3rem; margin: 0 0 .5rem; }
  section + section { margin-top: 1.5rem; }
</style>
</head>
<body>
${texts.map((t) => `<section lang="${t.lang}">
  <h1>${escape(t.title)}</h1>
  <p>${escape(t.text)}</p>
  <p>${escape(t.next)}</p>
</section>`).join('\n')}
</body>
</html>
`;
}
