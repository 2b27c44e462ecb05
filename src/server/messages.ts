import { Right } from '../auth/rights';
import { Locale, SuggestionKind, SuggestionStatus, ThemeStatus } from '../common/enums';
import { textIn } from '../common/localized-text';
import type { LocalizedTextValue } from '../common/localized-text';
import type { PasswordResetRequested } from '../modules/accounts/account-events';
import { NotificationFacts, NotificationKind } from '../modules/notifications/notification.kinds';
import type {
  DeadlineKind, DomainError, ErrorCode, FieldProblemKey, Problem, SignInProblem, StateProblem, Throttle, Unavailability, VoteClosure,
} from '../common/errors';

// The one catalogue of the service's messages, in English, French and Japanese: every error code,
// every right, every entity type, every input problem and every reason has its entry in each
// language (test/messages.test.ts fails on a missing one). Errors carry a key and the facts they
// name; the texts are written here, and only here.

export type Language = 'en' | 'fr' | 'ja';
export const LANGUAGES: readonly Language[] = ['en', 'fr', 'ja'];

type Phrase = Record<Language, string>;
type Say<P> = Record<Language, (p: P) => string>;
type Params = Record<string, unknown>;

// --- shared pieces ----------------------------------------------------------------------------------

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** French « de » before a phrase: « d'ouvrir », « de modifier ». */
const frDe = (phrase: string) => (/^[aeéèêiîoôuh]/i.test(phrase) ? `d'${phrase}` : `de ${phrase}`);

/** A list joined as each language joins one: "a, b or c" / « a, b ou c » / 「a、b、c」. */
function list(items: string[], lang: Language, word: Phrase): string {
  if (lang === 'ja') return items.map((item) => `「${item}」`).join('、');
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word[lang]} ${items[items.length - 1]}`;
}
const OR: Phrase = { en: 'or', fr: 'ou', ja: 'または' };

/** An instant as a reader of `lang` tells it, on the clock of `timeZone` (UTC when none), naming the zone. */
export function toldInstant(instant: Date, timeZone: string | null, lang: Language): { date: string; time: string; zone: string } {
  const zone = timeZone ?? 'UTC';
  const parts = (options: Intl.DateTimeFormatOptions) =>
    Object.fromEntries(new Intl.DateTimeFormat(lang, { timeZone: zone, ...options }).formatToParts(instant).map((p) => [p.type, p.value]));
  const date = new Intl.DateTimeFormat(lang, { timeZone: zone, year: 'numeric', month: 'long', day: 'numeric' }).format(instant);
  const clock = parts({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const time = lang === 'fr' ? `${Number(clock.hour)} h ${clock.minute}` : `${clock.hour}:${clock.minute}`;
  return { date, time, zone: parts({ timeZoneName: 'longGeneric' }).timeZoneName };
}

const when: Say<{ at: Date; timeZone: string | null }> = {
  en: ({ at, timeZone }) => {
    const t = toldInstant(at, timeZone, 'en');
    return `${t.date} at ${t.time} (${t.zone})`;
  },
  fr: ({ at, timeZone }) => {
    const t = toldInstant(at, timeZone, 'fr');
    return `le ${t.date} à ${t.time}, ${t.zone}`;
  },
  ja: ({ at, timeZone }) => {
    const t = toldInstant(at, timeZone, 'ja');
    return `${t.date} ${t.time}（${t.zone}）`;
  },
};

// --- rights ------------------------------------------------------------------------------------------

/** What each right lets one do: an infinitive in English and French, a noun phrase in Japanese. */
export const RIGHTS: Record<Right, Phrase> = {
  [Right.ReadDraft]: {
    en: 'read the draft programme, its history and its changes',
    fr: 'lire le programme de travail, son historique et ses modifications',
    ja: '作業中のプログラムとその変更履歴の閲覧',
  },
  [Right.SeeAllThemes]: { en: 'see the themes not adopted yet', fr: 'voir les thèmes non encore adoptés', ja: '未採択のテーマの閲覧' },
  [Right.SeeVoteProgress]: {
    en: 'see who voted and when, and the tallies of votes not closed yet',
    fr: 'voir qui a voté et quand, et les décomptes des votes non encore clos',
    ja: '投票者と投票日時、および締め切り前の投票の集計の閲覧',
  },
  [Right.SeeOthersBallots]: { en: "see other people's ballots", fr: "voir les bulletins de vote d'autrui", ja: '他の人の投票内容の閲覧' },
  [Right.ReadAuthorityRecords]: {
    en: 'read the suggestions and participation forms of local authorities',
    fr: 'consulter les suggestions et les bulletins de participation des collectivités',
    ja: '自治体の提案と参加申込書の閲覧',
  },
  [Right.SeeDelegateEmails]: {
    en: "see the delegates' contact details and needs",
    fr: 'voir les coordonnées et les besoins des délégués',
    ja: '代表団の連絡先と要望の閲覧',
  },
  [Right.RegisterForMeeting]: {
    en: "register this local authority for the meeting (its representatives and the edition's secretariat do)",
    fr: "inscrire cette collectivité à la réunion (ce que font ses représentants et le secrétariat de l'édition)",
    ja: 'この自治体の会議への参加登録（その自治体の担当者と事務局が行います）',
  },
  [Right.RegisterAfterDeadline]: {
    en: 'register after the deadline (the secretariat and admins do)',
    fr: "inscrire après la date limite (ce que font le secrétariat et les administrateurs)",
    ja: '締め切り後の参加登録（事務局と管理者が行います）',
  },
  [Right.ApproveRelease]: {
    en: "approve or refuse this release (a president or the secretariat of the committee that did not publish it does)",
    fr: "approuver ou refuser cette version (ce que fait un président ou le secrétariat du comité qui ne l'a pas publiée)",
    ja: 'この版の承認・却下（公開しなかった側の委員会の委員長または事務局が行います）',
  },
  [Right.ReadPendingReleases]: {
    en: "see the releases awaiting approval (this edition's committee members do)",
    fr: "voir les versions en attente d'approbation (ce que font les membres des comités de cette édition)",
    ja: '承認待ちの版の閲覧（この回の両委員会の委員が行います）',
  },
  [Right.ConfirmParticipation]: {
    en: "confirm participation forms (the edition's secretariat and admins do)",
    fr: "confirmer les bulletins de participation (ce que font le secrétariat de l'édition et les administrateurs)",
    ja: '参加申込の確定（事務局と管理者が行います）',
  },
  [Right.EditProgram]: {
    en: "edit this edition's programme and themes and review its suggestions (its committees' members do)",
    fr: 'modifier le programme et les thèmes de cette édition et en examiner les suggestions (ce que font les membres de ses comités)',
    ja: 'この回のプログラムとテーマの編集および提案の審査（両委員会の委員が行います）',
  },
  [Right.ManageEdition]: {
    en: "open and close this edition's votes, schedule its meetings and publish its programme (its committees' presidents and secretariat do)",
    fr: 'ouvrir et clore les votes de cette édition, convoquer ses réunions et publier son programme (ce que font les présidents et le secrétariat de ses comités)',
    ja: 'この回の投票の開始・締め切り、会議の設定、プログラムの公開（両委員会の委員長と事務局が行います）',
  },
  [Right.CastBallot]: {
    en: "vote on the themes of this edition (only its committees' presidents and members vote)",
    fr: 'voter sur les thèmes de cette édition (seuls les présidents et les membres de ses comités votent)',
    ja: 'この回のテーマへの投票（投票できるのは両委員会の委員長と委員のみです）',
  },
  [Right.SubmitForAuthority]: {
    en: 'send suggestions and participation forms for this local authority (its representatives do)',
    fr: 'envoyer des suggestions et des bulletins de participation pour cette collectivité (ce que font ses représentants)',
    ja: 'この自治体の提案・参加申込書の提出（その自治体の担当者が行います）',
  },
  [Right.SubmitAfterDeadline]: { en: 'submit after the deadline', fr: 'soumettre après la date limite', ja: '締め切り後の提出' },
  [Right.ReadMeetings]: { en: 'read the steering meetings', fr: 'consulter les réunions des comités de pilotage', ja: '実行委員会会議の閲覧' },
  [Right.SeeEmail]: { en: "see this person's email address", fr: "voir l'adresse électronique de cette personne", ja: 'この人のメールアドレスの閲覧' },
  [Right.ListPeople]: {
    en: "find people and add speakers, moderators and delegates (committee members, secretariat seats and admins do)",
    fr: 'rechercher des personnes et ajouter intervenants, modérateurs et délégués (ce que font les membres des comités, le secrétariat et les administrateurs)',
    ja: '人物の検索と登壇者・モデレーター・代表団員の追加（委員会の委員、事務局、管理者が行います）',
  },
  [Right.UpdatePerson]: {
    en: "change this person's details (the person themself and admins do)",
    fr: 'modifier les informations de cette personne (ce que font la personne elle-même et les administrateurs)',
    ja: 'この人の情報の変更（本人と管理者が行います）',
  },
  [Right.UpdatePersonAccount]: {
    en: "change a person's email, role or local authority (admins do)",
    fr: "modifier l'adresse électronique, le rôle ou la collectivité d'une personne (ce que font les administrateurs)",
    ja: '人物のメールアドレス・役割・自治体の変更（管理者が行います）',
  },
  [Right.InvitePeople]: {
    en: 'invite this kind of account or reset its password (admins do; secretariat seats for local authority and committee accounts)',
    fr: "inviter ce type de compte ou en réinitialiser le mot de passe (ce que font les administrateurs ; le secrétariat pour les comptes de collectivité et de comité)",
    ja: 'この種類のアカウントの招待とパスワード再設定（管理者が行います。自治体と委員会のアカウントは事務局も行えます）',
  },
  [Right.DeactivatePeople]: { en: 'deactivate people (admins do)', fr: 'désactiver des personnes (ce que font les administrateurs)', ja: '人物の無効化（管理者が行います）' },
  [Right.ManageRooms]: {
    en: "change and delete this edition's rooms (its committees' presidents and secretariat do)",
    fr: 'modifier et supprimer les salles de cette édition (ce que font les présidents et le secrétariat de ses comités)',
    ja: 'この回の会場の変更・削除（両委員会の委員長と事務局が行います）',
  },
  [Right.UpdateLocalAuthority]: {
    en: 'change local authorities (secretariat seats and admins do)',
    fr: 'modifier les collectivités (ce que font le secrétariat et les administrateurs)',
    ja: '自治体の情報の変更（事務局と管理者が行います）',
  },
  [Right.ManageOwnTokens]: { en: 'manage your sign-ins and tokens', fr: 'gérer vos connexions et vos jetons', ja: 'ログインとトークンの管理' },
  [Right.ManageOwnNotifications]: { en: 'read your notifications and set them', fr: 'lire et régler vos notifications', ja: '自分の通知の閲覧と設定' },
  [Right.ManageWebhooks]: { en: 'manage webhooks', fr: 'gérer les webhooks', ja: 'Webhookの管理' },
  [Right.ManageEditions]: {
    en: 'create and change editions and their rooms (admins do)',
    fr: 'créer et modifier les éditions et leurs salles (ce que font les administrateurs)',
    ja: '回と会場の作成・変更（管理者が行います）',
  },
  [Right.ManageCommittees]: {
    en: 'seat people on committees and unseat them (admins do)',
    fr: 'nommer et retirer les membres des comités (ce que font les administrateurs)',
    ja: '委員会の委員の任命と解任（管理者が行います）',
  },
  [Right.ManagePeople]: {
    en: 'create people and local authorities (admins do)',
    fr: 'créer des personnes et des collectivités (ce que font les administrateurs)',
    ja: '人物と自治体の登録（管理者が行います）',
  },
};

const SIGN_IN: Record<SignInProblem, Phrase> = {
  wrongCredentials: { en: 'Wrong email or password', fr: 'Adresse électronique ou mot de passe incorrect.', ja: 'メールアドレスまたはパスワードが正しくありません。' },
  badToken: {
    en: 'The token is unknown, expired or revoked; log in again',
    fr: 'Jeton inconnu, expiré ou révoqué : reconnectez-vous.',
    ja: 'トークンが無効か期限切れです。再度ログインしてください。',
  },
};

// --- entities ----------------------------------------------------------------------------------------

/** Each GraphQL type an error may name, with its article where the language has one. */
export const ENTITIES: Record<string, Phrase> = {
  Edition: { en: 'the edition', fr: "l'édition", ja: '回' },
  Room: { en: 'the room', fr: 'la salle', ja: '会場' },
  Committee: { en: 'the committee', fr: 'le comité', ja: '委員会' },
  CommitteeMember: { en: 'the committee seat', fr: 'le siège au comité', ja: '委員' },
  Person: { en: 'the person', fr: 'la personne', ja: '人物' },
  LocalAuthority: { en: 'the local authority', fr: 'la collectivité', ja: '自治体' },
  AccessToken: { en: 'the token', fr: 'le jeton', ja: 'トークン' },
  Invitation: { en: 'the invitation', fr: "l'invitation", ja: '招待' },
  Session: { en: 'the session', fr: 'la séance', ja: 'セッション' },
  Workshop: { en: 'the workshop', fr: "l'atelier", ja: '分科会' },
  Theme: { en: 'the theme', fr: 'le thème', ja: 'テーマ' },
  Ballot: { en: 'the ballot', fr: 'le bulletin de vote', ja: '投票' },
  Notification: { en: 'the notification', fr: 'la notification', ja: '通知' },
  NotificationSettings: { en: 'the notification settings', fr: 'les réglages des notifications', ja: '通知設定' },
  Suggestion: { en: 'the suggestion', fr: 'la suggestion', ja: '提案' },
  Participation: { en: 'the participation form', fr: 'le bulletin de participation', ja: '参加申込書' },
  SteeringMeeting: { en: 'the meeting', fr: 'la réunion', ja: '会議' },
  AgendaItem: { en: 'the agenda item', fr: "le point de l'ordre du jour", ja: '議題' },
  MeetingRegistration: { en: 'the meeting registration', fr: "l'inscription à la réunion", ja: '会議への参加登録' },
  ProgramRelease: { en: 'the release', fr: 'la version publiée', ja: '公開版' },
  ChangeEvent: { en: 'the change', fr: 'la modification', ja: '変更' },
};

// --- statuses ----------------------------------------------------------------------------------------

export const THEME_STATUSES: Record<ThemeStatus, Phrase> = {
  [ThemeStatus.PROPOSED]: { en: 'proposed', fr: 'proposé', ja: '提案中' },
  [ThemeStatus.VOTING]: { en: 'under vote', fr: 'en cours de vote', ja: '投票中' },
  [ThemeStatus.ADOPTED]: { en: 'adopted', fr: 'adopté', ja: '採択' },
  [ThemeStatus.REJECTED]: { en: 'rejected', fr: 'rejeté', ja: '否決' },
  [ThemeStatus.WITHDRAWN]: { en: 'withdrawn', fr: 'retiré', ja: '取り下げ' },
};

export const SUGGESTION_STATUSES: Record<SuggestionStatus, Phrase> = {
  [SuggestionStatus.SUBMITTED]: { en: 'submitted', fr: 'soumise', ja: '提出済み' },
  [SuggestionStatus.UNDER_REVIEW]: { en: 'under review', fr: "en cours d'examen", ja: '審査中' },
  [SuggestionStatus.ACCEPTED]: { en: 'accepted', fr: 'acceptée', ja: '採用' },
  [SuggestionStatus.MERGED]: { en: 'merged', fr: 'fusionnée', ja: '統合' },
  [SuggestionStatus.REJECTED]: { en: 'rejected', fr: 'rejetée', ja: '不採用' },
};

export const SUGGESTION_KINDS: Record<SuggestionKind, Phrase> = {
  [SuggestionKind.THEME]: { en: 'theme', fr: 'thème', ja: 'テーマ' },
  [SuggestionKind.WORKSHOP]: { en: 'workshop', fr: 'atelier', ja: '分科会' },
  [SuggestionKind.SESSION]: { en: 'session', fr: 'séance', ja: 'セッション' },
  [SuggestionKind.OTHER]: { en: 'other', fr: 'autre', ja: 'その他' },
};

const theme = (status: unknown, lang: Language) => THEME_STATUSES[status as ThemeStatus][lang];
const suggestion = (status: unknown, lang: Language) => SUGGESTION_STATUSES[status as SuggestionStatus][lang];
const kind = (value: unknown, lang: Language) => SUGGESTION_KINDS[value as SuggestionKind][lang];

// --- why a state refuses an action ---------------------------------------------------------------------

export const STATES: Record<StateProblem, Say<Params>> = {
  themeUnderVote: {
    en: () => 'This theme is under vote: it cannot be changed until the vote ends (the ballots are on its text as it was when the vote opened)',
    fr: () => "Ce thème est en cours de vote : il ne peut pas être modifié avant la fin du vote (les bulletins portent sur son texte tel qu'il était à l'ouverture).",
    ja: () => 'このテーマは投票中のため、投票が終わるまで変更できません（投票は開始時点の文面に対して行われています）。',
  },
  themeWithdrawn: {
    en: () => 'This theme was withdrawn: it can no longer be changed',
    fr: () => 'Ce thème a été retiré : il ne peut plus être modifié.',
    ja: () => 'このテーマは取り下げられたため、変更できません。',
  },
  withdrawUndecidedOnly: {
    en: (p) => `Only a proposed theme or one under vote can be withdrawn; this one is ${theme(p.status, 'en')}`,
    fr: (p) => `Seul un thème proposé ou en cours de vote peut être retiré ; celui-ci est ${theme(p.status, 'fr')}.`,
    ja: (p) => `取り下げられるのは提案中または投票中のテーマだけです。このテーマは「${theme(p.status, 'ja')}」です。`,
  },
  voteEnded: {
    en: () => 'The vote on this theme has ended; its outcome stands, and the theme can no longer be withdrawn',
    fr: () => "Le vote sur ce thème est terminé ; son résultat est acquis et le thème ne peut plus être retiré.",
    ja: () => 'このテーマの投票は終了しました。結果は確定しており、取り下げはできません。',
  },
  voteProposedOnly: {
    en: (p) => `Only a proposed theme can be put to the vote; this one is ${theme(p.status, 'en')}`,
    fr: (p) => `Seul un thème proposé peut être mis au vote ; celui-ci est ${theme(p.status, 'fr')}.`,
    ja: (p) => `投票にかけられるのは提案中のテーマだけです。このテーマは「${theme(p.status, 'ja')}」です。`,
  },
  closeVotingOnly: {
    en: (p) => `Only a vote in progress can be closed; this theme is ${theme(p.status, 'en')}`,
    fr: (p) => `Seul un vote en cours peut être clos ; ce thème est ${theme(p.status, 'fr')}.`,
    ja: (p) => `締め切れるのは投票中の投票だけです。このテーマは「${theme(p.status, 'ja')}」です。`,
  },
  suggestionMove: {
    en: (p) =>
      `A ${suggestion(p.status, 'en')} suggestion cannot become ${suggestion(p.to, 'en')}; ` +
      (nextStatuses(p, 'en') ? `it can become ${nextStatuses(p, 'en')}` : 'its review is over'),
    fr: (p) =>
      `Une suggestion ${suggestion(p.status, 'fr')} ne peut pas devenir ${suggestion(p.to, 'fr')} ; ` +
      (nextStatuses(p, 'fr') ? `elle peut devenir ${nextStatuses(p, 'fr')}.` : 'son examen est terminé.'),
    ja: (p) =>
      `「${suggestion(p.status, 'ja')}」の提案は「${suggestion(p.to, 'ja')}」にできません。` +
      (nextStatuses(p, 'ja') ? `次にできるのは${nextStatuses(p, 'ja')}です。` : '審査は終了しています。'),
  },
  suggestionKind: {
    en: (p) => `This is a ${kind(p.kind, 'en')} suggestion; only a ${kind(p.expected, 'en')} suggestion can be accepted this way`,
    fr: (p) => `Cette suggestion est de type « ${kind(p.kind, 'fr')} » ; seule une suggestion de type « ${kind(p.expected, 'fr')} » peut être acceptée ainsi.`,
    ja: (p) => `この提案の種類は「${kind(p.kind, 'ja')}」です。この方法で採用できるのは「${kind(p.expected, 'ja')}」の提案だけです。`,
  },
  participationCancelled: {
    en: () => 'This participation is already cancelled; submitting the form again registers the authority again',
    fr: () => 'Cette participation est déjà annulée ; soumettre de nouveau le bulletin inscrit de nouveau la collectivité.',
    ja: () => 'この参加はすでに取り消されています。参加申込書を再提出すると再び登録されます。',
  },
  releaseNotAwaiting: {
    en: (p) => `Only a release awaiting approval can be approved or refused; this one is ${{ PUBLISHED: 'published already', REJECTED: 'refused or replaced' }[String(p.status)] ?? String(p.status)}`,
    fr: (p) => `Seule une version en attente d'approbation peut être approuvée ou refusée ; celle-ci est ${{ PUBLISHED: 'déjà publiée', REJECTED: 'refusée ou remplacée' }[String(p.status)] ?? String(p.status)}.`,
    ja: (p) => `承認・却下できるのは承認待ちの版だけです。この版は${{ PUBLISHED: 'すでに公開されています', REJECTED: '却下または差し替え済みです' }[String(p.status)] ?? String(p.status)}。`,
  },
  meetingNotOpen: {
    en: () => 'This meeting is for its committee only: it is not open to local authorities',
    fr: () => "Cette réunion est réservée à son comité : elle n'est pas ouverte aux collectivités.",
    ja: () => 'この会議は委員会のみが対象で、自治体には開かれていません。',
  },
  confirmRegisteredOnly: {
    en: (p) => `Only a registered participation can be confirmed; this one is ${String(p.status).toLowerCase()}`,
    fr: (p) => `Seule une participation enregistrée peut être confirmée ; celle-ci est ${{ CONFIRMED: 'déjà confirmée', CANCELLED: 'annulée' }[String(p.status)] ?? String(p.status)}.`,
    ja: (p) => `確定できるのは登録済みの参加だけです。この参加は「${{ CONFIRMED: '確定済み', CANCELLED: '取り消し' }[String(p.status)] ?? String(p.status)}」です。`,
  },
};

function nextStatuses(p: Params, lang: Language): string {
  return list((p.allowed as string[]).map((s) => suggestion(s, lang)), lang, OR);
}

// --- ballots and deadlines -----------------------------------------------------------------------------

export const VOTE_CLOSED: Record<VoteClosure, Say<Params>> = {
  notOpenYet: {
    en: () => 'Voting on this theme has not opened yet',
    fr: () => "Le vote sur ce thème n'est pas encore ouvert.",
    ja: () => 'このテーマの投票はまだ始まっていません。',
  },
  withdrawn: {
    en: () => 'This theme was withdrawn: there is no vote on it',
    fr: () => "Ce thème a été retiré : il n'est plus soumis au vote.",
    ja: () => 'このテーマは取り下げられたため、投票できません。',
  },
  closed: {
    en: (p) => `Voting on this theme is closed: the theme is ${theme(p.status, 'en')}`,
    fr: (p) => `Le vote sur ce thème est clos : le thème est ${theme(p.status, 'fr')}.`,
    ja: (p) => `このテーマの投票は締め切られました（テーマは「${theme(p.status, 'ja')}」です）。`,
  },
};

export const DEADLINES: Record<DeadlineKind, Phrase> = {
  SUGGESTION: { en: 'suggestions', fr: 'des suggestions', ja: '提案' },
  PARTICIPATION: { en: 'participation forms', fr: 'des bulletins de participation', ja: '参加申込' },
  MEETING_REGISTRATION: { en: 'registrations for this meeting', fr: "d'inscription à cette réunion", ja: 'この会議への参加登録' },
};

const UNAVAILABLE: Record<Unavailability, Phrase> = {
  starting: {
    en: 'The service is starting: the database is not ready yet; try again shortly',
    fr: "Le service démarre : la base de données n'est pas encore prête ; réessayez dans un instant.",
    ja: 'サービスの起動中で、データベースの準備ができていません。しばらくしてから再度お試しください。',
  },
  databaseUnreachable: {
    en: 'The database is not reachable; try again shortly',
    fr: 'La base de données ne répond pas ; réessayez dans un instant.',
    ja: 'データベースに接続できません。しばらくしてから再度お試しください。',
  },
  timedOut: {
    en: 'The database did not answer in time; try again shortly',
    fr: "La base de données n'a pas répondu à temps ; réessayez dans un instant.",
    ja: 'データベースが時間内に応答しませんでした。しばらくしてから再度お試しください。',
  },
};

// --- input problems ------------------------------------------------------------------------------------

const n = (value: unknown) => String(value);

export const FIELD_PROBLEM_TEXTS: Record<FieldProblemKey, Say<Params>> = {
  tooLong: { en: (p) => `must be at most ${n(p.max)} characters`, fr: (p) => `doit compter au plus ${n(p.max)} caractères`, ja: (p) => `${n(p.max)}文字以内で入力してください` },
  tooShort: { en: (p) => `must be at least ${n(p.min)} characters long`, fr: (p) => `doit compter au moins ${n(p.min)} caractères`, ja: (p) => `${n(p.min)}文字以上で入力してください` },
  controlCharacters: { en: () => 'must not contain control characters', fr: () => 'ne doit pas contenir de caractères de contrôle', ja: () => '制御文字は使用できません' },
  lineBreak: { en: () => 'must be one line, with no line break', fr: () => 'doit tenir sur une ligne, sans saut de ligne', ja: () => '改行を含まない1行で入力してください' },
  invalidUnicode: { en: () => 'must be valid Unicode text', fr: () => 'doit être un texte Unicode valide', ja: () => '正しいUnicodeの文字列で入力してください' },
  needsFrenchOrJapanese: { en: () => 'needs a French or a Japanese text', fr: () => 'demande un texte en français ou en japonais', ja: () => 'フランス語または日本語の入力が必要です' },
  required: { en: () => 'is required', fr: () => 'est obligatoire', ja: () => '必須です' },
  notEmpty: { en: () => 'must not be empty', fr: () => 'ne doit pas être vide', ja: () => '空にできません' },
  notText: { en: () => 'must be a string', fr: () => 'doit être un texte', ja: () => '文字列で入力してください' },
  emailAddress: { en: () => 'must be an email address', fr: () => 'doit être une adresse électronique', ja: () => 'メールアドレスの形式で入力してください' },
  timeZone: {
    en: () => 'must be an IANA time zone such as Asia/Tokyo',
    fr: () => 'doit être un fuseau horaire IANA, par exemple Asia/Tokyo',
    ja: () => 'Asia/Tokyo のようなIANAタイムゾーンを指定してください',
  },
  cannotBeCleared: { en: () => 'cannot be cleared', fr: () => 'ne peut pas être effacé', ja: () => '削除できません' },
  invalid: { en: () => 'is invalid', fr: () => "n'est pas valide", ja: () => '正しくありません' },
  wholeNumber: { en: () => 'must be a whole number', fr: () => 'doit être un nombre entier', ja: () => '整数で入力してください' },
  moreThanZero: { en: () => 'must be more than 0', fr: () => 'doit être supérieur à 0', ja: () => '0より大きい値にしてください' },
  atLeast: { en: (p) => `must be at least ${n(p.min)}`, fr: (p) => `doit valoir au moins ${n(p.min)}`, ja: (p) => `${n(p.min)}以上にしてください` },
  atMost: { en: (p) => `must be at most ${n(p.max)}`, fr: (p) => `doit valoir au plus ${n(p.max)}`, ja: (p) => `${n(p.max)}以下にしてください` },
  range: { en: (p) => `must be from ${n(p.min)} to ${n(p.max)}`, fr: (p) => `doit être compris entre ${n(p.min)} et ${n(p.max)}`, ja: (p) => `${n(p.min)}から${n(p.max)}までにしてください` },
  atMostTwoDecimals: { en: () => 'must have at most two decimals', fr: () => 'doit avoir au plus deux décimales', ja: () => '小数点以下は2桁までにしてください' },
  wholeDays: {
    en: (p) => `must be a whole number of days from ${n(p.min)} to ${n(p.max)}`,
    fr: (p) => `doit être un nombre entier de jours entre ${n(p.min)} et ${n(p.max)}`,
    ja: (p) => `${n(p.min)}から${n(p.max)}までの日数（整数）にしてください`,
  },
  notEmptyList: { en: () => 'must list at least one item', fr: () => 'doit contenir au moins un élément', ja: () => '1件以上指定してください' },
  atMostItems: { en: (p) => `must list at most ${n(p.max)} items`, fr: (p) => `doit contenir au plus ${n(p.max)} éléments`, ja: (p) => `${n(p.max)}件以内にしてください` },
  listedTwice: { en: () => 'lists the same id twice', fr: () => 'contient deux fois le même identifiant', ja: () => '同じIDが重複しています' },
  nestedTooDeep: {
    en: (p) => `must not nest lists or objects more than ${n(p.max)} levels deep`,
    fr: (p) => `ne doit pas imbriquer listes ou objets sur plus de ${n(p.max)} niveaux`,
    ja: (p) => `リストやオブジェクトの入れ子は${n(p.max)}段までにしてください`,
  },
  inTheFuture: { en: () => 'must be in the future', fr: () => 'doit être dans le futur', ja: () => '未来の日時にしてください' },
  notBeforeStartDate: { en: () => 'must not be before startDate', fr: () => 'ne doit pas précéder la date de début', ja: () => '開始日より前にはできません' },
  editionExists: { en: (p) => `edition ${n(p.number)} already exists`, fr: (p) => `l'édition ${n(p.number)} existe déjà`, ja: (p) => `第${n(p.number)}回は既に存在します` },
  authorityCannotSit: {
    en: () => 'a local authority representative cannot sit on a steering committee',
    fr: () => "le représentant d'une collectivité ne peut pas siéger à un comité de pilotage",
    ja: () => '自治体の担当者は実行委員会の委員になれません',
  },
  alreadyOnCommittee: { en: () => 'this person already sits on this committee', fr: () => 'cette personne siège déjà à ce comité', ja: () => 'この人は既にこの委員会の委員です' },
  seatedInEdition: {
    en: (p) => `this person already holds a seat in this edition, on the ${n(p.country)} committee`,
    fr: (p) => `cette personne siège déjà dans cette édition, au comité ${n(p.country)}`,
    ja: (p) => `この人は既にこの回の委員会（${n(p.country)}）の委員です`,
  },
  requiredForAuthority: {
    en: () => 'is required for a LOCAL_AUTHORITY person',
    fr: () => 'est obligatoire pour une personne LOCAL_AUTHORITY',
    ja: () => 'LOCAL_AUTHORITY の人物には必須です',
  },
  noSuchAuthority: { en: () => 'names no local authority', fr: () => "ne désigne aucune collectivité", ja: () => '該当する自治体がありません' },
  emailTaken: { en: () => 'is already used by another person', fr: () => 'est déjà utilisée par une autre personne', ja: () => '既に他の人が使用しています' },
  adminNamesAuthority: {
    en: () => 'is required for an admin: name the local authority',
    fr: () => 'est obligatoire pour un administrateur : indiquez la collectivité',
    ja: () => '管理者は自治体を指定する必要があります',
  },
  passwordIsEmail: { en: () => 'must not be your email address', fr: () => 'ne doit pas être votre adresse électronique', ja: () => 'メールアドレスと同じものは使えません' },
  passwordIsServiceName: {
    en: () => "must not be the service's name",
    fr: () => 'ne doit pas être le nom du service',
    ja: () => 'サービスの名前は使えません',
  },
  wrongPassword: { en: () => 'is not your current password', fr: () => "n'est pas votre mot de passe actuel", ja: () => '現在のパスワードと一致しません' },
  invitationUnusable: {
    en: () => 'this link is unknown, expired, already used or withdrawn: ask for a new one',
    fr: () => 'ce lien est inconnu, expiré, déjà utilisé ou retiré : demandez-en un nouveau',
    ja: () => 'このリンクは無効、期限切れ、使用済み、または取り消されています。新しいリンクを依頼してください',
  },
  alreadyHasAccount: {
    en: () => 'this person already has an account: issue a password reset instead',
    fr: () => 'cette personne a déjà un compte : émettez plutôt une réinitialisation du mot de passe',
    ja: () => 'この人は既にアカウントを持っています。パスワード再設定を発行してください',
  },
  guestCannotSignIn: {
    en: () => 'this person has no account (GUEST): invite them first',
    fr: () => "cette personne n'a pas de compte (GUEST) : invitez-la d'abord",
    ja: () => 'この人はアカウントを持っていません（GUEST）。先に招待してください',
  },
  roomInUse: {
    en: (p) => `the room is used by ${n(p.items)}: move them to another room first`,
    fr: (p) => `la salle est utilisée par ${n(p.items)} : déplacez-les d'abord dans une autre salle`,
    ja: (p) => `この会場は ${n(p.items)} で使われています。先に別の会場に移してください`,
  },
  invitableRole: {
    en: (p) => `must be one of ${n(p.roles)}`,
    fr: (p) => `doit être l'un de ${n(p.roles)}`,
    ja: (p) => `${n(p.roles)} のいずれかにしてください`,
  },
  afterStart: { en: () => 'must be after startsAt', fr: () => 'doit suivre le début (startsAt)', ja: () => '開始時刻（startsAt）より後にしてください' },
  roomOfAnotherEdition: { en: () => 'names a room of another edition', fr: () => "désigne une salle d'une autre édition", ja: () => '別の回の会場です' },
  themeOfAnotherEdition: { en: () => 'names a theme of another edition', fr: () => "désigne un thème d'une autre édition", ja: () => '別の回のテーマです' },
  sessionOfAnotherEdition: { en: () => 'names a session of another edition', fr: () => "désigne une séance d'une autre édition", ja: () => '別の回のセッションです' },
  committeeOfAnotherEdition: { en: () => 'names a committee of another edition', fr: () => "désigne un comité d'une autre édition", ja: () => '別の回の委員会です' },
  workshopsSessionOnly: {
    en: (p) => `names a ${n(p.kind)} session; workshops belong to WORKSHOPS sessions`,
    fr: (p) => `désigne une séance ${n(p.kind)} ; les ateliers appartiennent aux séances WORKSHOPS`,
    ja: (p) => `${n(p.kind)} のセッションです。分科会は WORKSHOPS のセッションにしか置けません`,
  },
  sessionHoldsWorkshops: { en: () => 'the session still holds workshops', fr: () => 'la séance contient encore des ateliers', ja: () => 'このセッションにはまだ分科会があります' },
  agendaFull: {
    en: (p) => `the agenda already holds ${n(p.max)} items`,
    fr: (p) => `l'ordre du jour compte déjà ${n(p.max)} points`,
    ja: (p) => `議題は既に${n(p.max)}件あります`,
  },
  notOnAgenda: {
    en: (p) => `${n(p.id)} is not an item of this meeting's agenda`,
    fr: (p) => `${n(p.id)} n'est pas un point de l'ordre du jour de cette réunion`,
    ja: (p) => `${n(p.id)} はこの会議の議題ではありません`,
  },
  wholeAgenda: {
    en: (p) => `must list all ${n(p.count)} items of the agenda`,
    fr: (p) => `doit citer les ${n(p.count)} points de l'ordre du jour`,
    ja: (p) => `議題${n(p.count)}件をすべて指定してください`,
  },
  oneHead: {
    en: (p) => `names ${n(p.count)} heads of delegation; a delegation has one`,
    fr: (p) => `désigne ${n(p.count)} chefs de délégation ; une délégation n'en a qu'un`,
    ja: (p) => `団長が${n(p.count)}人指定されています。団長は1人です`,
  },
  csvColumns: {
    en: (p) => `lacks the column(s) ${n(p.missing)} in its header line`,
    fr: (p) => `n'a pas la ou les colonnes ${n(p.missing)} dans sa ligne d'en-tête`,
    ja: (p) => `見出し行に列 ${n(p.missing)} がありません`,
  },
  changeEventId: { en: () => 'must be the id of a change event', fr: () => "doit être l'identifiant d'une modification", ja: () => '変更履歴のIDを指定してください' },
  feedCursor: { en: () => 'must be the cursor of a change event', fr: () => "doit être le curseur d'une modification", ja: () => '変更のカーソルを指定してください' },
};

const PROBLEM_SEPARATOR: Phrase = { en: '; ', fr: ' ; ', ja: '、' };

/** What is wrong with one field, in `lang`; the problems of one field are joined. */
export function fieldMessage(problems: Problem[], lang: Language): string {
  return problems
    .map((one) => {
      const text = FIELD_PROBLEM_TEXTS[one.key][lang](one.params ?? {});
      if (!one.language) return text;
      return lang === 'en' ? `${one.language} ${text}` : lang === 'fr' ? `${one.language} : ${text}` : `${one.language}：${text}`;
    })
    .join(PROBLEM_SEPARATOR[lang]);
}

// --- the message of each code --------------------------------------------------------------------------

const right = (key: string, lang: Language) => RIGHTS[key as Right][lang];
const entity = (key: string, lang: Language) => ENTITIES[key][lang];
const isRight = (key: string) => key in RIGHTS;

type Render = (error: DomainError, lang: Language) => string;

const byLanguage = (say: Record<Language, (error: DomainError) => string>): Render => (error, lang) => say[lang](error);

export const CODES: Record<ErrorCode, Render> = {
  UNAUTHENTICATED: (e, lang) =>
    isRight(e.key)
      ? { en: `Sign in to ${right(e.key, 'en')}`, fr: `Connectez-vous pour ${right(e.key, 'fr')}.`, ja: `${right(e.key, 'ja')}にはログインが必要です。` }[lang]
      : SIGN_IN[e.key as SignInProblem][lang],
  FORBIDDEN: byLanguage({
    en: (e) => `You are not allowed to ${right(e.key, 'en')}`,
    fr: (e) => `Vous n'avez pas le droit ${frDe(right(e.key, 'fr'))}.`,
    ja: (e) => `${right(e.key, 'ja')}の権限がありません。`,
  }),
  NOT_FOUND: byLanguage({
    en: (e) => `${capital(entity(e.key, 'en'))} ${e.params.id} does not exist`,
    fr: (e) => `${capital(entity(e.key, 'fr'))} ${e.params.id} n'existe pas.`,
    ja: (e) => `${entity(e.key, 'ja')} ${e.params.id} は見つかりません。`,
  }),
  BAD_USER_INPUT: (e, lang) => {
    const fields = (e.params.fields as Array<{ field: string; problems: Problem[] }>).map((f) =>
      lang === 'en' ? `${f.field}: ${fieldMessage(f.problems, lang)}` : `${f.field} : ${fieldMessage(f.problems, lang)}`,
    );
    return { en: `Invalid input: ${fields.join('; ')}`, fr: `Saisie invalide : ${fields.join(' ; ')}`, ja: `入力が正しくありません：${fields.join('、')}` }[lang];
  },
  CONFLICT: byLanguage({
    en: (e) =>
      `${e.params.updatedBy ?? 'Someone'} changed ${entity(e.key, 'en')} ${e.params.id} on ${when.en(changedAt(e))}: its current version is ${e.params.currentVersion}. ` +
      'Reload it and apply your change again.',
    fr: (e) =>
      `${e.params.updatedBy ?? "Quelqu'un"} a modifié ${entity(e.key, 'fr')} ${e.params.id} ${when.fr(changedAt(e))} : sa version actuelle est ${e.params.currentVersion}. ` +
      `Rechargez ${entity(e.key, 'fr')} et appliquez de nouveau votre modification.`,
    ja: (e) =>
      `${entity(e.key, 'ja')} ${e.params.id} は${when.ja(changedAt(e))}に${e.params.updatedBy ? `${e.params.updatedBy}さん` : '他の人'}が更新しました` +
      `（現在のバージョン：${e.params.currentVersion}）。再読み込みしてから、もう一度変更してください。`,
  }),
  VOTING_CLOSED: (e, lang) => VOTE_CLOSED[e.key as VoteClosure][lang](e.params),
  DEADLINE_PASSED: byLanguage({
    en: (e) => `The deadline for ${DEADLINES[e.key as DeadlineKind].en} was ${when.en(deadlineOf(e))}`,
    fr: (e) => `La date limite ${DEADLINES[e.key as DeadlineKind].fr} était ${when.fr(deadlineOf(e))}.`,
    ja: (e) => `${DEADLINES[e.key as DeadlineKind].ja}の締め切りは${when.ja(deadlineOf(e))}でした。`,
  }),
  INVALID_STATE: (e, lang) => STATES[e.key as StateProblem][lang](e.params),
  SERVICE_UNAVAILABLE: (e, lang) => UNAVAILABLE[e.key as Unavailability][lang],
  TOO_MANY_REQUESTS: (e, lang) => THROTTLED[e.key as Throttle][lang](e),
  INTERNAL_SERVER_ERROR: byLanguage({
    en: (e) => `Internal server error (request ${e.params.requestId ?? 'unknown'})`,
    fr: (e) => `Erreur interne (requête ${e.params.requestId ?? 'inconnue'}).`,
    ja: (e) => `内部エラーが発生しました（リクエスト ${e.params.requestId ?? '不明'}）。`,
  }),
};

const changedAt = (e: DomainError) => ({ at: e.params.updatedAt as Date, timeZone: e.params.timeZone as string | null });
const deadlineOf = (e: DomainError) => ({ at: e.params.deadline as Date, timeZone: e.params.timeZone as string });
const minutes = (e: DomainError) => Math.max(1, Math.ceil((e.params.retryAfterSeconds as number) / 60));
const seconds = (e: DomainError) => Math.max(1, Math.ceil(e.params.retryAfterSeconds as number));

const THROTTLED: Record<Throttle, Record<Language, (e: DomainError) => string>> = {
  failedLogins: {
    en: (e) => `Too many failed attempts; try again in ${minutes(e)} minute${minutes(e) === 1 ? '' : 's'}`,
    fr: (e) => `Trop de tentatives échouées ; réessayez dans ${minutes(e)} minute${minutes(e) === 1 ? '' : 's'}.`,
    ja: (e) => `失敗が多すぎます。${minutes(e)}分後に再度お試しください。`,
  },
  queryBudget: {
    en: (e) => `Too many requests: this token has used its query budget (${e.params.limit} per ${e.params.windowSeconds} s); try again in ${seconds(e)} s`,
    fr: (e) => `Trop de requêtes : ce jeton a épuisé son budget de requêtes (${e.params.limit} par ${e.params.windowSeconds} s) ; réessayez dans ${seconds(e)} s.`,
    ja: (e) => `リクエストが多すぎます。このトークンのクエリ予算（${e.params.windowSeconds}秒あたり${e.params.limit}）を使い切りました。${seconds(e)}秒後に再度お試しください。`,
  },
  subscriptionsPerConnection: {
    en: (e) => `Too many operations on this connection (at most ${e.params.limit} at a time); end one first`,
    fr: (e) => `Trop d'opérations sur cette connexion (${e.params.limit} au plus à la fois) ; terminez-en une d'abord.`,
    ja: (e) => `この接続の操作が多すぎます（同時に最大${e.params.limit}件）。先にいずれかを終了してください。`,
  },
};

/** The message of a domain error in `lang`. Throws when the catalogue lacks its entry (which a test forbids). */
export function messageOf(error: DomainError, lang: Language): string {
  const text = CODES[error.code](error, lang);
  if (!text) throw new Error(`The message catalogue has no ${lang} text for ${error.code} ${error.key}`);
  return text;
}

// --- notifications ---------------------------------------------------------------------------------------

const LOCALE_OF: Record<Language, Locale> = { en: Locale.EN, fr: Locale.FR, ja: Locale.JA };

/** What a notification's texts are written from, as its language tells them. */
interface Told {
  title: string;
  edition: string;
  at: string;
  outcome: string;
  deadline: string;
  release: string;
}

const NOTIFICATIONS: Record<NotificationKind, Record<Language, (t: Told) => { subject: string; body: string }>> = {
  [NotificationKind.RELEASE_PUBLISHED]: {
    en: (t) => ({ subject: `Programme ${t.release} published`, body: `Version ${t.release} of the programme of ${t.edition} is published.` }),
    fr: (t) => ({ subject: `Programme ${t.release} publié`, body: `La version ${t.release} du programme de ${t.edition} est publiée.` }),
    ja: (t) => ({ subject: `プログラム ${t.release} 公開`, body: `${t.edition}のプログラム ${t.release} が公開されました。` }),
  },
  [NotificationKind.RELEASE_AWAITING_APPROVAL]: {
    en: (t) => ({ subject: `Programme ${t.release} awaits your approval`, body: `Version ${t.release} of the programme of ${t.edition} awaits the approval of your committee.` }),
    fr: (t) => ({ subject: `Programme ${t.release} en attente de votre approbation`, body: `La version ${t.release} du programme de ${t.edition} attend l'approbation de votre comité.` }),
    ja: (t) => ({ subject: `プログラム ${t.release} の承認待ち`, body: `${t.edition}のプログラム ${t.release} が貴委員会の承認を待っています。` }),
  },
  [NotificationKind.VOTE_OPENED]: {
    en: (t) => ({ subject: `Vote open: ${t.title}`, body: `The vote on the theme "${t.title}" (${t.edition}) is open${t.at ? ` until ${t.at}` : ''}.` }),
    fr: (t) => ({ subject: `Vote ouvert : ${t.title}`, body: `Le vote sur le thème « ${t.title} » (${t.edition}) est ouvert${t.at ? ` jusqu'au ${t.at.replace(/^le /, '')}` : ''}.` }),
    ja: (t) => ({ subject: `投票開始：${t.title}`, body: `テーマ「${t.title}」（${t.edition}）の投票が始まりました${t.at ? `。締め切りは${t.at}です` : ''}。` }),
  },
  [NotificationKind.VOTE_CLOSING_SOON]: {
    en: (t) => ({ subject: `Vote closing soon: ${t.title}`, body: `The vote on the theme "${t.title}" (${t.edition}) closes ${t.at}, and you have not voted yet.` }),
    fr: (t) => ({ subject: `Vote bientôt clos : ${t.title}`, body: `Le vote sur le thème « ${t.title} » (${t.edition}) sera clos ${t.at}, et vous n'avez pas encore voté.` }),
    ja: (t) => ({ subject: `投票締め切り間近：${t.title}`, body: `テーマ「${t.title}」（${t.edition}）の投票は${t.at}に締め切られます。まだ投票されていません。` }),
  },
  [NotificationKind.VOTE_CLOSED]: {
    en: (t) => ({ subject: `Vote closed: ${t.title} (${t.outcome})`, body: `The vote on the theme "${t.title}" (${t.edition}) closed ${t.at}: the theme is ${t.outcome}.` }),
    fr: (t) => ({ subject: `Vote clos : ${t.title} (${t.outcome})`, body: `Le vote sur le thème « ${t.title} » (${t.edition}) a été clos ${t.at} : le thème est ${t.outcome}.` }),
    ja: (t) => ({ subject: `投票終了：${t.title}（${t.outcome}）`, body: `テーマ「${t.title}」（${t.edition}）の投票は${t.at}に締め切られ、${t.outcome}となりました。` }),
  },
  [NotificationKind.SUGGESTION_REVIEWED]: {
    en: (t) => ({ subject: `Suggestion reviewed: ${t.title}`, body: `Your suggestion "${t.title}" (${t.edition}) is now ${t.outcome}.` }),
    fr: (t) => ({ subject: `Suggestion examinée : ${t.title}`, body: `Votre suggestion « ${t.title} » (${t.edition}) est désormais ${t.outcome}.` }),
    ja: (t) => ({ subject: `提案の審査：${t.title}`, body: `貴自治体の提案「${t.title}」（${t.edition}）は「${t.outcome}」になりました。` }),
  },
  [NotificationKind.PARTICIPATION_CONFIRMED]: {
    en: (t) => ({ subject: `Participation confirmed`, body: `Your participation in ${t.edition} is confirmed.` }),
    fr: (t) => ({ subject: `Participation confirmée`, body: `Votre participation à ${t.edition} est confirmée.` }),
    ja: (t) => ({ subject: `参加確定`, body: `${t.edition}への参加が確定しました。` }),
  },
  [NotificationKind.DEADLINE_APPROACHING]: {
    en: (t) => ({ subject: `Deadline approaching: ${t.deadline}`, body: `The deadline for ${t.deadline} of ${t.edition} is ${t.at}, and your authority has submitted nothing yet.` }),
    fr: (t) => ({ subject: `Date limite proche : ${t.deadline}`, body: `La date limite ${t.deadline} de ${t.edition} est ${t.at}, et votre collectivité n'a encore rien envoyé.` }),
    ja: (t) => ({ subject: `締め切り間近：${t.deadline}`, body: `${t.edition}の${t.deadline}の締め切りは${t.at}です。貴自治体はまだ何も提出していません。` }),
  },
  [NotificationKind.MEETING_SCHEDULED]: {
    en: (t) => ({ subject: `Meeting scheduled: ${t.title}`, body: `The meeting "${t.title}" (${t.edition}) is scheduled ${t.at}.` }),
    fr: (t) => ({ subject: `Réunion prévue : ${t.title}`, body: `La réunion « ${t.title} » (${t.edition}) est prévue ${t.at}.` }),
    ja: (t) => ({ subject: `会議の予定：${t.title}`, body: `会議「${t.title}」（${t.edition}）は${t.at}に予定されています。` }),
  },
  [NotificationKind.MEETING_CHANGED]: {
    en: (t) => ({ subject: `Meeting changed: ${t.title}`, body: `The meeting "${t.title}" (${t.edition}) changed; it is now ${t.at}.` }),
    fr: (t) => ({ subject: `Réunion modifiée : ${t.title}`, body: `La réunion « ${t.title} » (${t.edition}) a changé ; elle a lieu ${t.at}.` }),
    ja: (t) => ({ subject: `会議の変更：${t.title}`, body: `会議「${t.title}」（${t.edition}）が変更されました。日時は${t.at}です。` }),
  },
  [NotificationKind.MEETING_CANCELLED]: {
    en: (t) => ({ subject: `Meeting cancelled: ${t.title}`, body: `The meeting "${t.title}" (${t.edition}) is cancelled.` }),
    fr: (t) => ({ subject: `Réunion annulée : ${t.title}`, body: `La réunion « ${t.title} » (${t.edition}) est annulée.` }),
    ja: (t) => ({ subject: `会議の中止：${t.title}`, body: `会議「${t.title}」（${t.edition}）は中止になりました。` }),
  },
};

/** A suggestion's outcome is told as a suggestion's status, every other as a theme's. */
const outcomeOf = (kind: NotificationKind, outcome: string): Phrase | undefined =>
  kind === NotificationKind.SUGGESTION_REVIEWED ? SUGGESTION_STATUSES[outcome as SuggestionStatus] : THEME_STATUSES[outcome as ThemeStatus];

/** A notification's subject and body in `locale`, from its facts; its link is kept apart. */
export function writeNotification(kind: NotificationKind, facts: NotificationFacts, locale: string): { subject: string; body: string } {
  const lang: Language = locale === Locale.JA ? 'ja' : locale === Locale.EN ? 'en' : 'fr';
  const title = (value: LocalizedTextValue | undefined) => (value ? textIn(value, LOCALE_OF[lang]) ?? '' : '');
  const timeZone = facts.edition?.timeZone ?? null;
  const told: Told = {
    title: title(facts.title),
    edition: title(facts.edition?.title),
    at: facts.at ? when[lang]({ at: new Date(facts.at), timeZone }) : '',
    outcome: facts.outcome ? outcomeOf(kind, facts.outcome)?.[lang] ?? facts.outcome : '',
    deadline: facts.deadline ? DEADLINES[facts.deadline as DeadlineKind]?.[lang] ?? facts.deadline : '',
    release: facts.release ?? '',
  };
  return NOTIFICATIONS[kind][lang](told);
}

const RESET_MAIL: Record<Language, (r: PasswordResetRequested, until: string) => { subject: string; body: string }> = {
  en: (r, until) => ({
    subject: 'Reset your password',
    body: `Hello ${r.displayName},\n\nSomeone (you, we hope) asked to reset the password of this account. The link below works once, until ${until}:\n\n${r.link}\n\nIf you did not ask, ignore this message: your password is unchanged.`,
  }),
  fr: (r, until) => ({
    subject: 'Réinitialisez votre mot de passe',
    body: `Bonjour ${r.displayName},\n\nQuelqu'un (vous, espérons-le) a demandé à réinitialiser le mot de passe de ce compte. Le lien ci-dessous sert une fois, jusqu'au ${until.replace(/^le /, '')} :\n\n${r.link}\n\nSi vous n'avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.`,
  }),
  ja: (r, until) => ({
    subject: 'パスワードの再設定',
    body: `${r.displayName} 様\n\nこのアカウントのパスワード再設定が依頼されました。次のリンクは${until}まで、一度だけ使えます。\n\n${r.link}\n\nお心当たりがない場合は、このメールを無視してください。パスワードは変わりません。`,
  }),
};

/** The mail of a password reset link, in the person's language, text and HTML. */
export function passwordResetMail(request: PasswordResetRequested): { subject: string; text: string; html: string; language: Language; unsubscribe: string } {
  const lang: Language = request.preferredLocale === Locale.JA ? 'ja' : request.preferredLocale === Locale.EN ? 'en' : 'fr';
  const { subject, body } = RESET_MAIL[lang](request, when[lang]({ at: request.expiresAt, timeZone: null }));
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = body
    .split('\n\n')
    .map((p) => (p === request.link ? `<p><a href="${escape(p)}">${escape(p)}</a></p>` : `<p>${escape(p)}</p>`))
    .join('');
  return { subject, text: `${body}\n`, html: `<!doctype html><html lang="${lang}"><body>${html}</body></html>`, language: lang, unsubscribe: new URL(request.link).origin + '/graphql#notification-settings' };
}
