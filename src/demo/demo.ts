import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { hashPassword } from '../auth/passwords';
import {
  BallotChoice, CommitteeRole, Country, EditionStatus, LocalAuthorityKind, Locale, ParticipationStatus, SessionKind,
  SuggestionKind, SuggestionStatus, ThemeStatus, UserRole,
} from '../common/enums';
import { LocalizedTextValue } from '../common/localized-text';
import { Loaders } from '../db/loaders';
import { modules } from '../modules';
import type { RequestContext } from '../modules/context';
import { changesBetween, snapshotOf } from '../modules/releases/release.snapshot';

// The demo reads the tables it fills from the modules' registry.
const { Person, LocalAuthority } = modules.people.entities;
const { Edition, Room, Committee, CommitteeMember } = modules.editions.entities;
const { Theme, Ballot } = modules.themes.entities;
const { Session, Workshop, SessionTheme, SessionSpeaker, WorkshopTheme, WorkshopModerator, WorkshopSpeaker, WorkshopLocalAuthority } =
  modules.program.entities;
const { Suggestion } = modules.suggestions.entities;
const { Participation } = modules.participation.entities;
const { SteeringMeeting, AgendaItem } = modules.meetings.entities;
const { ProgramRelease } = modules.releases.entities;
type Row<E extends abstract new () => unknown> = InstanceType<E>;

// The embedded demo. Facts from the invitation letter of 11 July 2023 are real
// (dates, places, the French committee's president, the first meeting); everything else is
// sample data and says so: "[exemple]" / "[例]" in people's names, "Donnée d'exemple" in texts.

export const DEMO_EMAIL_DOMAIN = '@example.org';

const SAMPLE: LocalizedTextValue = {
  fr: "Donnée d'exemple pour la démonstration.",
  ja: 'デモ用のサンプルデータです。',
  en: 'Sample data for the demonstration.',
};
const sample = (fr: string, ja: string): LocalizedTextValue => ({ fr: `${fr} (${SAMPLE.fr})`, ja: `${ja}（${SAMPLE.ja}）` });

/** Builds the demo programme, `scale` times over: the benchmark and the N+1 test load larger copies. */
export interface DemoOptions {
  resetPasswords?: boolean;
  scale?: number;
  /**
   * What `npm start` shows at once (default): a published release 0.1 of the 8th edition, so that
   * every export answers, and a sample 9th edition a year ahead with open deadlines. Tests written
   * against a programme never published leave it out.
   */
  showcase?: boolean;
  /** When the demo is loaded: the sample edition is dated from it. */
  now?: Date;
}

const AUTHORITIES: Array<[string, LocalizedTextValue, Country, LocalAuthorityKind]> = [
  ['aix', { fr: 'Aix-en-Provence', ja: 'エクス＝アン＝プロヴァンス市' }, Country.FR, LocalAuthorityKind.COMMUNE],
  ['nancy', { fr: 'Métropole du Grand Nancy', ja: 'グラン・ナンシー都市圏' }, Country.FR, LocalAuthorityKind.INTERCOMMUNALITY],
  ['strasbourg', { fr: 'Strasbourg', ja: 'ストラスブール市' }, Country.FR, LocalAuthorityKind.COMMUNE],
  ['cvl', { fr: 'Région Centre-Val de Loire', ja: 'サントル＝ヴァル・ド・ロワール地域圏' }, Country.FR, LocalAuthorityKind.REGION],
  ['chartres', { fr: 'Chartres', ja: 'シャルトル市' }, Country.FR, LocalAuthorityKind.COMMUNE],
  ['shizuoka', { fr: 'Ville de Shizuoka', ja: '静岡市' }, Country.JP, LocalAuthorityKind.DESIGNATED_CITY],
  ['shizuoka-pref', { fr: 'Préfecture de Shizuoka', ja: '静岡県' }, Country.JP, LocalAuthorityKind.PREFECTURE],
  ['kyoto', { fr: 'Kyoto', ja: '京都市' }, Country.JP, LocalAuthorityKind.DESIGNATED_CITY],
  ['kanazawa', { fr: 'Kanazawa', ja: '金沢市' }, Country.JP, LocalAuthorityKind.CITY],
  ['okayama', { fr: 'Préfecture d’Okayama', ja: '岡山県' }, Country.JP, LocalAuthorityKind.PREFECTURE],
];

interface PersonSeed {
  key: string;
  /** Latin letters; for Japanese people also the native script and its kana reading. */
  name: { latin: string; native?: string; kana?: string };
  email: string;
  role: UserRole;
  locale: Locale;
  authority?: string;
  function?: LocalizedTextValue;
  organisation?: LocalizedTextValue;
  canLogIn: boolean;
}

const PEOPLE: PersonSeed[] = [
  { key: 'admin', name: { latin: 'Secrétariat CUF / CLAIR Paris [exemple]' }, email: 'admin', role: UserRole.ADMIN, locale: Locale.FR, canLogIn: true },
  // Named in the invitation letter as president of the French steering committee, with her functions as it gives them.
  {
    key: 'president.fr', name: { latin: 'Karima Zerkani-Raynal' }, email: 'president.fr', role: UserRole.COMMITTEE, locale: Locale.FR, canLogIn: true,
    function: {
      fr: "Adjointe au Maire déléguée aux Relations Internationales d'Aix-en-Provence, Présidente du Comité de pilotage français, Présidente du groupe-pays Japon de Cités Unies France",
      ja: 'エクス＝アン＝プロヴァンス市副市長（国際関係担当）、フランス側実行委員会委員長、シテ・ユニ・フランス日本グループ会長',
      en: 'Deputy Mayor of Aix-en-Provence for International Relations, President of the French steering committee, President of the Japan country group of Cités Unies France',
    },
  },
  { key: 'president.jp', name: { latin: 'YAMAMOTO Kenichi [exemple]', native: '山本 健一 [例]', kana: 'やまもと けんいち' }, email: 'president.jp', role: UserRole.COMMITTEE, locale: Locale.JA, canLogIn: true },
  { key: 'member1.fr', name: { latin: 'Claire Martin [exemple]' }, email: 'member1.fr', role: UserRole.COMMITTEE, locale: Locale.FR, canLogIn: true },
  { key: 'member2.fr', name: { latin: 'Julien Moreau [exemple]' }, email: 'member2.fr', role: UserRole.COMMITTEE, locale: Locale.FR, canLogIn: true },
  { key: 'member3.fr', name: { latin: 'Sophie Lefèvre [exemple]' }, email: 'member3.fr', role: UserRole.COMMITTEE, locale: Locale.FR, canLogIn: true },
  { key: 'member1.jp', name: { latin: 'SATO Misaki [exemple]', native: '佐藤 美咲 [例]', kana: 'さとう みさき' }, email: 'member1.jp', role: UserRole.COMMITTEE, locale: Locale.JA, canLogIn: true },
  { key: 'member2.jp', name: { latin: 'SUZUKI Daisuke [exemple]', native: '鈴木 大輔 [例]', kana: 'すずき だいすけ' }, email: 'member2.jp', role: UserRole.COMMITTEE, locale: Locale.JA, canLogIn: true },
  { key: 'member3.jp', name: { latin: 'TAKAHASHI Yuki [exemple]', native: '高橋 由紀 [例]', kana: 'たかはし ゆき' }, email: 'member3.jp', role: UserRole.COMMITTEE, locale: Locale.JA, canLogIn: true },
  // The co-organisers' secretariat seats (one each: a person holds at most one seat per edition).
  {
    key: 'secretariat.cuf', name: { latin: 'Secrétariat Cités Unies France [exemple]' }, email: 'secretariat.cuf', role: UserRole.COMMITTEE, locale: Locale.FR, canLogIn: true,
    organisation: { fr: 'Cités Unies France', ja: 'シテ・ユニ・フランス', en: 'Cités Unies France' },
  },
  {
    key: 'secretariat.clair', name: { latin: 'Secrétariat CLAIR Paris [exemple]', native: 'クレア・パリ事務所 事務局 [例]' }, email: 'secretariat.clair', role: UserRole.COMMITTEE, locale: Locale.JA, canLogIn: true,
    organisation: { fr: 'CLAIR Paris', ja: '一般財団法人自治体国際化協会パリ事務所', en: 'CLAIR Paris' },
  },
  { key: 'rep.shizuoka', name: { latin: 'MOCHIZUKI Yoko [exemple]', native: '望月 陽子 [例]', kana: 'もちづき ようこ' }, email: 'rep.shizuoka', role: UserRole.LOCAL_AUTHORITY, locale: Locale.JA, authority: 'shizuoka', canLogIn: true },
  { key: 'rep.aix', name: { latin: 'Marc Olivier [exemple]' }, email: 'rep.aix', role: UserRole.LOCAL_AUTHORITY, locale: Locale.FR, authority: 'aix', canLogIn: true },
  // Speakers and moderators: people of the programme, without an account (GUEST).
  {
    key: 'speaker.shizuoka', name: { latin: 'Maire de Shizuoka [exemple]', native: '静岡市長 [例]' }, email: 'speaker.shizuoka', role: UserRole.GUEST, locale: Locale.JA, authority: 'shizuoka', canLogIn: false,
    function: { fr: 'Maire de Shizuoka [exemple]', ja: '静岡市長 [例]' },
  },
  { key: 'speaker.kyoto', name: { latin: 'NAKAMURA Ryo [exemple]', native: '中村 亮 [例]', kana: 'なかむら りょう' }, email: 'speaker.kyoto', role: UserRole.GUEST, locale: Locale.JA, authority: 'kyoto', canLogIn: false },
  { key: 'speaker.nancy', name: { latin: 'Hélène Girard [exemple]' }, email: 'speaker.nancy', role: UserRole.GUEST, locale: Locale.FR, authority: 'nancy', canLogIn: false },
  { key: 'speaker.cvl', name: { latin: 'Thomas Roux [exemple]' }, email: 'speaker.cvl', role: UserRole.GUEST, locale: Locale.FR, authority: 'cvl', canLogIn: false },
  { key: 'speaker.kanazawa', name: { latin: 'HAYASHI Naoko [exemple]', native: '林 直子 [例]', kana: 'はやし なおこ' }, email: 'speaker.kanazawa', role: UserRole.GUEST, locale: Locale.JA, authority: 'kanazawa', canLogIn: false },
];

const at = (isoWithOffset: string) => new Date(isoWithOffset);

/** True when it loaded the demo, false when the database already held editions. */
export async function loadDemo(dataSource: DataSource, password: string, options: DemoOptions = {}): Promise<boolean> {
  const hash = await hashPassword(password);
  return dataSource.transaction(async (m) => {
    // Serialises concurrent first starts of several instances on one database.
    await m.query('SELECT pg_advisory_xact_lock(8008)');
    if (await m.exists(Edition, {})) {
      if (options.resetPasswords) {
        await m.query(`UPDATE person SET password_hash = $1 WHERE email = ANY($2)`, [
          hash,
          PEOPLE.filter((p) => p.canLogIn).map((p) => p.email + DEMO_EMAIL_DOMAIN),
        ]);
      }
      return false;
    }
    await seed(m, hash, options.scale ?? 1, options.showcase ?? true, options.now ?? new Date());
    return true;
  });
}

async function insert<T extends object>(m: EntityManager, entity: new () => T, values: Partial<T>): Promise<T> {
  const row = m.create(entity, values as never) as T;
  await m.insert(entity, row as never);
  return row;
}

async function seed(m: EntityManager, passwordHash: string, scale: number, showcase: boolean, now: Date): Promise<void> {
  const authority: Record<string, Row<typeof LocalAuthority>> = {};
  for (const [key, name, country, kind] of AUTHORITIES) authority[key] = await insert(m, LocalAuthority, { name, country, kind });

  const person: Record<string, Row<typeof Person>> = {};
  for (const p of PEOPLE) {
    person[p.key] = await insert(m, Person, {
      nameLatin: p.name.latin,
      nameNative: p.name.native ?? null,
      nameKana: p.name.kana ?? null,
      function: p.function ?? null,
      organisation: p.organisation ?? null,
      email: p.email + DEMO_EMAIL_DOMAIN,
      role: p.role,
      preferredLocale: p.locale,
      localAuthorityId: p.authority ? authority[p.authority].id : null,
      passwordHash: p.canLogIn ? passwordHash : null,
    });
  }

  const seventh = await insert(m, Edition, {
    number: 7,
    title: { fr: '7es Rencontres franco-japonaises de la coopération décentralisée', ja: '第7回日仏自治体交流会議' },
    hostCity: { fr: 'Aix-en-Provence', ja: 'エクス＝アン＝プロヴァンス' },
    hostCountry: Country.FR,
    startDate: '2022-10-03',
    endDate: '2022-10-06',
    timeZone: 'Europe/Paris',
    generalTheme: {
      fr: "Dans un monde post-Covid, l'urgence de l'innovation au service d'un territoire durable et inclusif",
      ja: 'ポストコロナの世界における、持続可能で包摂的な地域のためのイノベーションの緊急性',
    },
    status: EditionStatus.HELD,
  });
  const eighth = await insert(m, Edition, {
    number: 8,
    title: { fr: '8es Rencontres franco-japonaises de la coopération décentralisée', ja: '第8回日仏自治体交流会議' },
    hostCity: { fr: 'Shizuoka', ja: '静岡市' },
    hostCountry: Country.JP,
    startDate: '2024-11-18',
    endDate: '2024-11-21',
    timeZone: 'Asia/Tokyo',
    status: EditionStatus.PLANNING,
    // "à retourner avant le 4 septembre" (2023), in Paris.
    participationDeadline: at('2023-09-04T00:00:00+02:00'),
    // Sample: the end of the first steering-committee meeting, where suggestions were collected.
    suggestionDeadline: at('2023-09-18T18:00:00+02:00'),
  });

  const committee: Record<string, Row<typeof Committee>> = {};
  for (const edition of [seventh, eighth]) {
    for (const country of [Country.FR, Country.JP]) {
      const c = await insert(m, Committee, {
        editionId: edition.id,
        country,
        name: country === Country.FR
          ? { fr: 'Comité de pilotage français', ja: 'フランス側実行委員会', en: 'French steering committee' }
          : { fr: 'Comité de pilotage japonais', ja: '日本側実行委員会', en: 'Japanese steering committee' },
      });
      committee[`${edition.number}.${country}`] = c;
    }
  }
  const seat = (c: string, p: string, role: CommitteeRole) =>
    insert(m, CommitteeMember, { committeeId: committee[c].id, personId: person[p].id, role });
  await seat('8.FR', 'president.fr', CommitteeRole.PRESIDENT);
  await seat('8.JP', 'president.jp', CommitteeRole.PRESIDENT);
  await seat('8.FR', 'secretariat.cuf', CommitteeRole.SECRETARIAT);
  await seat('8.JP', 'secretariat.clair', CommitteeRole.SECRETARIAT);
  for (const n of [1, 2, 3]) {
    await seat('8.FR', `member${n}.fr`, CommitteeRole.MEMBER);
    await seat('8.JP', `member${n}.jp`, CommitteeRole.MEMBER);
  }
  await seat('7.FR', 'president.fr', CommitteeRole.PRESIDENT);
  await seat('7.JP', 'member1.jp', CommitteeRole.MEMBER);

  const room: Record<string, Row<typeof Room>> = {};
  for (const [key, fr, ja, capacity] of [
    ['hall', 'Grande salle', '大ホール', 800],
    ['a', 'Salle A', '会議室A', 120],
    ['b', 'Salle B', '会議室B', 120],
    ['c', 'Salle C', '会議室C', 80],
    ['d', 'Salle D', '会議室D', 60],
    ['reception', 'Salle de réception', 'レセプションホール', 400],
  ] as const) {
    room[key] = await insert(m, Room, { editionId: eighth.id, name: { fr, ja }, capacity });
  }

  const theme: Record<string, Row<typeof Theme>> = {};
  for (const [key, fr, ja, status] of [
    ['ecology', 'Transition écologique et énergétique', '環境・エネルギー転換', ThemeStatus.ADOPTED],
    ['tourism', 'Tourisme durable et patrimoine', '持続可能な観光と文化遺産', ThemeStatus.ADOPTED],
    ['youth', 'Jeunesse, éducation et échanges', '青少年・教育・交流', ThemeStatus.VOTING],
    ['inclusion', 'Société inclusive et vieillissement', '包摂社会と高齢化', ThemeStatus.VOTING],
    ['risks', 'Prévention des risques naturels', '自然災害の予防', ThemeStatus.PROPOSED],
    ['sports', 'Sport et grands événements', 'スポーツと大規模イベント', ThemeStatus.REJECTED],
  ] as const) {
    theme[key] = await insert(m, Theme, {
      editionId: eighth.id,
      title: { fr, ja },
      description: SAMPLE,
      status,
      proposedById: person[key === 'risks' ? 'president.jp' : 'president.fr'].id,
      votingOpenedAt: status === ThemeStatus.PROPOSED ? null : at('2024-03-01T10:00:00+09:00'),
      decidedAt: status === ThemeStatus.ADOPTED || status === ThemeStatus.REJECTED ? at('2024-04-01T10:00:00+09:00') : null,
    });
  }
  const vote = (t: string, voter: string, c: string, choice: BallotChoice) =>
    insert(m, Ballot, { themeId: theme[t].id, voterId: person[voter].id, committeeId: committee[c].id, choice, castAt: at('2024-03-05T10:00:00+09:00') });
  await vote('youth', 'president.fr', '8.FR', BallotChoice.FOR);
  await vote('youth', 'member1.fr', '8.FR', BallotChoice.FOR);
  await vote('youth', 'president.jp', '8.JP', BallotChoice.AGAINST);
  await vote('youth', 'member1.jp', '8.JP', BallotChoice.FOR);
  await vote('inclusion', 'member2.fr', '8.FR', BallotChoice.ABSTAIN);
  await vote('inclusion', 'member2.jp', '8.JP', BallotChoice.FOR);

  const speakers = ['speaker.shizuoka', 'speaker.kyoto', 'speaker.nancy', 'speaker.cvl', 'speaker.kanazawa', 'president.fr', 'president.jp'];
  const authorityKeys = AUTHORITIES.map(([key]) => key);
  let counter = 0;
  const next = <T>(list: readonly T[]) => list[counter++ % list.length];

  // One programme day by day; with scale > 1, further copies of the same days follow.
  for (let copy = 0; copy < scale; copy++) {
    const label = copy === 0 ? '' : ` #${copy + 1}`;
    const plain = async (kind: SessionKind, fr: string, ja: string, from: string, to: string, r: keyof typeof room | null, themes: string[] = [], who: string[] = []) => {
      const s = await insert(m, Session, {
        editionId: eighth.id, kind, title: { fr: fr + label, ja: ja + label }, description: SAMPLE,
        startsAt: at(from), endsAt: at(to), roomId: r ? room[r].id : null, interpretation: kind !== SessionKind.BREAK,
      });
      for (const [position, t] of themes.entries()) await insert(m, SessionTheme, { sessionId: s.id, themeId: theme[t].id, position });
      for (const [position, p] of who.entries()) await insert(m, SessionSpeaker, { sessionId: s.id, personId: person[p].id, position });
      return s;
    };
    const workshops = async (session: Row<typeof Session>, items: Array<[string, string, keyof typeof room, string]>) => {
      for (const [position, [fr, ja, r, t]] of items.entries()) {
        const w = await insert(m, Workshop, {
          sessionId: session.id, position, title: { fr: fr + label, ja: ja + label }, description: SAMPLE, roomId: room[r].id,
        });
        await insert(m, WorkshopTheme, { workshopId: w.id, themeId: theme[t].id, position: 0 });
        await insert(m, WorkshopModerator, { workshopId: w.id, personId: person[next(['member1.fr', 'member2.fr', 'member1.jp', 'member2.jp'])].id, position: 0 });
        const first = next(speakers);
        const second = next(speakers.filter((s) => s !== first));
        await insert(m, WorkshopSpeaker, { workshopId: w.id, personId: person[first].id, position: 0 });
        await insert(m, WorkshopSpeaker, { workshopId: w.id, personId: person[second].id, position: 1 });
        const a = next(authorityKeys);
        const b = next(authorityKeys.filter((k) => k !== a));
        await insert(m, WorkshopLocalAuthority, { workshopId: w.id, localAuthorityId: authority[a].id, position: 0 });
        await insert(m, WorkshopLocalAuthority, { workshopId: w.id, localAuthorityId: authority[b].id, position: 1 });
      }
    };
    await plain(SessionKind.OPENING, "Cérémonie d'ouverture", '開会式', '2024-11-18T14:00:00+09:00', '2024-11-18T15:00:00+09:00', 'hall', [], ['speaker.shizuoka', 'president.fr']);
    await plain(SessionKind.PLENARY, 'Séance plénière : la coopération décentralisée franco-japonaise', '全体会議：日仏自治体間協力', '2024-11-18T15:15:00+09:00', '2024-11-18T17:00:00+09:00', 'hall', ['ecology'], ['president.fr', 'president.jp']);
    await plain(SessionKind.RECEPTION, 'Réception de bienvenue', '歓迎レセプション', '2024-11-18T18:30:00+09:00', '2024-11-18T20:30:00+09:00', 'reception');
    const morning = await plain(SessionKind.WORKSHOPS, 'Ateliers parallèles (1)', '分科会（1）', '2024-11-19T09:30:00+09:00', '2024-11-19T12:00:00+09:00', null);
    await workshops(morning, [
      ['Transition énergétique et territoires durables', 'エネルギー転換と持続可能な地域', 'a', 'ecology'],
      ['Tourisme durable et patrimoine', '持続可能な観光と文化遺産', 'b', 'tourism'],
      ['Jeunesse et échanges scolaires', '青少年・学校交流', 'c', 'youth'],
    ]);
    await plain(SessionKind.BREAK, 'Déjeuner', '昼食', '2024-11-19T12:00:00+09:00', '2024-11-19T13:30:00+09:00', 'reception');
    const afternoon = await plain(SessionKind.WORKSHOPS, 'Ateliers parallèles (2)', '分科会（2）', '2024-11-19T13:30:00+09:00', '2024-11-19T16:00:00+09:00', null);
    await workshops(afternoon, [
      ['Inclusion et société vieillissante', '包摂と高齢化社会', 'a', 'inclusion'],
      ['Agriculture, alimentation et circuits courts', '農業・食・地産地消', 'b', 'ecology'],
      ['Prévention des catastrophes naturelles', '防災・減災', 'd', 'risks'],
    ]);
    await plain(SessionKind.PLENARY, 'Restitution des ateliers', '分科会報告', '2024-11-19T16:30:00+09:00', '2024-11-19T17:30:00+09:00', 'hall', ['ecology', 'tourism']);
    await plain(SessionKind.SITE_VISIT, 'Visites de terrain à Shizuoka', '静岡市内視察', '2024-11-20T09:00:00+09:00', '2024-11-20T17:00:00+09:00', null, ['tourism']);
    await plain(SessionKind.PLENARY, 'Déclaration commune de Shizuoka', '静岡共同宣言', '2024-11-21T10:00:00+09:00', '2024-11-21T11:30:00+09:00', 'hall', [], ['speaker.shizuoka', 'president.fr']);
    await plain(SessionKind.CLOSING, 'Cérémonie de clôture', '閉会式', '2024-11-21T11:30:00+09:00', '2024-11-21T12:00:00+09:00', 'hall');
  }

  const suggest = (a: string, author: string | null, kind: SuggestionKind, title: LocalizedTextValue, status: SuggestionStatus, extra: Partial<Row<typeof Suggestion>> = {}) =>
    insert(m, Suggestion, {
      editionId: eighth.id, localAuthorityId: authority[a].id, authorId: author ? person[author].id : null, kind, title,
      body: SAMPLE, status, submittedAt: at('2023-09-10T10:00:00+02:00'), ...extra,
    });
  const risks = await suggest('shizuoka', 'rep.shizuoka', SuggestionKind.THEME, sample('Prévention des catastrophes et résilience', '防災とレジリエンス'), SuggestionStatus.ACCEPTED, { resultingThemeId: theme.risks.id, reviewNote: 'Proposé comme thème.' });
  await m.update(Theme, { id: theme.risks.id }, { fromSuggestionId: risks.id });
  await suggest('aix', 'rep.aix', SuggestionKind.WORKSHOP, sample("Un atelier sur la gestion de l'eau", '水資源管理に関する分科会'), SuggestionStatus.SUBMITTED);
  await suggest('nancy', null, SuggestionKind.WORKSHOP, sample('Villes créatives et culture', '創造都市と文化'), SuggestionStatus.UNDER_REVIEW);
  await suggest('kyoto', null, SuggestionKind.THEME, sample('Patrimoine et artisanat', '文化遺産と伝統工芸'), SuggestionStatus.SUBMITTED);
  await suggest('kanazawa', null, SuggestionKind.OTHER, sample('Échanges de fonctionnaires territoriaux', '自治体職員の相互派遣'), SuggestionStatus.REJECTED, { reviewNote: 'Hors du champ du programme.' });

  await insert(m, Participation, {
    editionId: eighth.id, localAuthorityId: authority.aix.id, status: ParticipationStatus.REGISTERED, attendsSteeringMeeting: true,
    delegates: [
      { name: 'Marc Olivier [exemple]', function: 'Chargé de mission relations internationales', email: 'rep.aix@example.org' },
      { name: 'Anne Dubois [exemple]', function: 'Interprète', email: null },
    ],
    submittedAt: at('2023-08-28T09:00:00+02:00'),
  });
  await insert(m, Participation, {
    editionId: eighth.id, localAuthorityId: authority.shizuoka.id, status: ParticipationStatus.CONFIRMED, attendsSteeringMeeting: false,
    delegates: [{ name: '望月 陽子 [例]', function: '国際課', email: 'rep.shizuoka@example.org' }],
    submittedAt: at('2023-08-30T09:00:00+09:00'),
  });
  await insert(m, Participation, {
    editionId: eighth.id, localAuthorityId: authority.nancy.id, status: ParticipationStatus.REGISTERED, attendsSteeringMeeting: true,
    delegates: [{ name: 'Hélène Girard [exemple]', function: 'Adjointe aux relations internationales', email: 'speaker.nancy@example.org' }],
    submittedAt: at('2023-09-01T15:00:00+02:00'),
  });

  // The meeting of the invitation letter: Monday 18 September 2023, 16:30-18:00, Paris.
  const meeting = await insert(m, SteeringMeeting, {
    editionId: eighth.id,
    committeeId: committee['8.FR'].id,
    title: { fr: 'Première réunion du comité de pilotage large français des 8es Rencontres', ja: '第8回会議フランス側拡大実行委員会 第1回会合' },
    startsAt: at('2023-09-18T16:30:00+02:00'),
    endsAt: at('2023-09-18T18:00:00+02:00'),
    place: { fr: "Cité des Sciences et de l'Industrie, Paris", ja: 'シテ科学産業博物館（パリ）' },
    // The wide committee: every French authority is invited; "bulletin de participation à retourner avant le 4 septembre".
    openToLocalAuthorities: true,
    registrationDeadline: at('2023-09-04T00:00:00+02:00'),
  });
  for (const [position, fr, ja] of [
    [1, 'Présentation de la ville-hôte, Shizuoka', '開催都市・静岡市の紹介'],
    [2, 'Point sur le programme prévisionnel des 8es Rencontres', '第8回会議の暫定プログラムについて'],
    [3, 'Suggestions des collectivités : ateliers et thématiques', '自治体からの提案：分科会とテーマ'],
  ] as const) {
    await insert(m, AgendaItem, { meetingId: meeting.id, position, title: { fr, ja } });
  }

  if (!showcase) return;
  // Release 0.1 of the 8th edition (a sample publication): every public export answers at once.
  const publishedAt = at('2024-06-03T10:00:00+09:00');
  // The draft is read as the admin reads it (the snapshot keeps what a release may show).
  const admin = person.admin;
  const reader: Actor = {
    person: {
      id: admin.id, displayName: admin.nameNative ?? admin.nameLatin, nameLatin: admin.nameLatin, nameNative: admin.nameNative, nameKana: admin.nameKana,
      function: null, organisation: null, bio: null, active: true, email: admin.email!, role: admin.role, preferredLocale: admin.preferredLocale, localAuthorityId: null, version: 1,
    },
    memberships: [],
    tokenId: '',
  };
  const snapshotContext = { dataSource: m.connection, manager: m, loaders: new Loaders(m), actor: reader, now: () => publishedAt } as unknown as RequestContext;
  const snapshot = await snapshotOf(snapshotContext, eighth);
  await insert(m, ProgramRelease, {
    editionId: eighth.id, major: 0, minor: 1, publishedAt, publishedById: person['president.fr'].id,
    notes: sample('Première version publiée du programme prévisionnel', '暫定プログラムの初版'),
    snapshot, changes: changesBetween(null, snapshot),
  });

  // A sample 9th edition a year ahead, its deadlines open, so that a local authority can try them.
  const day = (offsetDays: number) => new Date(now.getTime() + offsetDays * 86_400_000);
  const ninth = await insert(m, Edition, {
    number: 9,
    title: { fr: '9es Rencontres franco-japonaises de la coopération décentralisée [exemple]', ja: '第9回日仏自治体交流会議 [例]' },
    hostCity: { fr: 'Ville hôte [exemple]', ja: '開催都市 [例]' },
    hostCountry: Country.FR,
    startDate: day(365).toISOString().slice(0, 10),
    endDate: day(368).toISOString().slice(0, 10),
    timeZone: 'Europe/Paris',
    generalTheme: SAMPLE,
    status: EditionStatus.PLANNING,
    suggestionDeadline: day(180),
    participationDeadline: day(270),
  });
  for (const country of [Country.FR, Country.JP]) {
    await insert(m, Committee, {
      editionId: ninth.id,
      country,
      name: country === Country.FR
        ? { fr: 'Comité de pilotage français [exemple]', ja: 'フランス側実行委員会 [例]', en: 'French steering committee [sample]' }
        : { fr: 'Comité de pilotage japonais [exemple]', ja: '日本側実行委員会 [例]', en: 'Japanese steering committee [sample]' },
    });
  }
}
