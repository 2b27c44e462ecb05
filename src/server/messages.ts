import type { GraphQLFormattedError } from 'graphql';
import type { FieldProblem } from '../common/errors';

// French and Japanese versions of the error messages, for `Accept-Language: fr` or `ja`.
// Services raise errors in English with structured details; this catalogue rewrites them.
// What it does not know stays in English.

export type Language = 'fr' | 'ja';
type Phrase = Record<Language, string>;

/** The rights that `demand()` names, as an infinitive (fr) and a noun phrase (ja). */
const ACTIONS: Record<string, Phrase> = {
  'edit the programme': { fr: 'modifier le programme', ja: 'プログラムの編集' },
  'edit the programme of this edition': { fr: 'modifier le programme de cette édition', ja: 'この回のプログラムの編集' },
  'read the draft programme': { fr: 'lire le programme de travail', ja: '作業中のプログラムの閲覧' },
  'follow the draft programme': { fr: 'suivre le programme de travail', ja: '作業中のプログラムの購読' },
  'read the history of the programme': { fr: "consulter l'historique du programme", ja: 'プログラムの変更履歴の閲覧' },
  'publish the programme': { fr: 'publier le programme', ja: 'プログラムの公開' },
  'publish the programme of this edition': { fr: 'publier le programme de cette édition', ja: 'この回のプログラムの公開' },
  'create an edition': { fr: 'créer une édition', ja: '回の作成' },
  'change an edition': { fr: 'modifier une édition', ja: '回の変更' },
  'create a room': { fr: 'créer une salle', ja: '会場の作成' },
  'create a person': { fr: 'créer une personne', ja: '人物の登録' },
  'create a local authority': { fr: 'créer une collectivité', ja: '自治体の登録' },
  'change a committee': { fr: 'modifier un comité', ja: '委員会の変更' },
  'log out': { fr: 'vous déconnecter', ja: 'ログアウト' },
  'list your tokens': { fr: 'lister vos jetons', ja: 'トークン一覧の表示' },
  'create a token': { fr: 'créer un jeton', ja: 'トークンの作成' },
  'revoke a token': { fr: 'révoquer un jeton', ja: 'トークンの無効化' },
  'propose a theme': { fr: 'proposer un thème', ja: 'テーマの提案' },
  'propose a theme for this edition': { fr: 'proposer un thème pour cette édition', ja: 'この回へのテーマの提案' },
  'change a theme': { fr: 'modifier un thème', ja: 'テーマの変更' },
  'change the themes of this edition': { fr: 'modifier les thèmes de cette édition', ja: 'この回のテーマの変更' },
  'withdraw a theme': { fr: 'retirer un thème', ja: 'テーマの取り下げ' },
  'withdraw the themes of this edition': { fr: 'retirer les thèmes de cette édition', ja: 'この回のテーマの取り下げ' },
  'open a vote': { fr: 'ouvrir un vote', ja: '投票の開始' },
  'open a vote in this edition': { fr: 'ouvrir un vote dans cette édition', ja: 'この回の投票の開始' },
  'close a vote': { fr: 'clore un vote', ja: '投票の締め切り' },
  'close a vote in this edition': { fr: 'clore un vote dans cette édition', ja: 'この回の投票の締め切り' },
  vote: { fr: 'voter', ja: '投票' },
  "vote on the themes of this edition: only its committees' presidents and members vote": {
    fr: 'voter sur les thèmes de cette édition : seuls les présidents et membres de ses comités votent',
    ja: 'この回のテーマへの投票（投票できるのは両委員会の委員長と委員のみです）',
  },
  "see other people's ballots": { fr: "voir les bulletins de vote d'autrui", ja: '他の人の投票内容の閲覧' },
  'read suggestions': { fr: 'lire les suggestions', ja: '提案の閲覧' },
  'review suggestions': { fr: 'examiner les suggestions', ja: '提案の審査' },
  'review the suggestions of this edition': { fr: 'examiner les suggestions de cette édition', ja: 'この回の提案の審査' },
  'submit a suggestion for this local authority': { fr: 'soumettre une suggestion pour cette collectivité', ja: 'この自治体の提案の提出' },
  'read participation forms': { fr: 'lire les bulletins de participation', ja: '参加申込書の閲覧' },
  'submit a participation form for this local authority': { fr: 'envoyer un bulletin de participation pour cette collectivité', ja: 'この自治体の参加申込書の提出' },
  'cancel a participation form': { fr: 'annuler un bulletin de participation', ja: '参加申込の取り消し' },
  "cancel this local authority's participation": { fr: 'annuler la participation de cette collectivité', ja: 'この自治体の参加の取り消し' },
  'read the records of local authorities': { fr: 'consulter les dossiers des collectivités', ja: '自治体の記録の閲覧' },
  'read the steering meetings': { fr: 'consulter les réunions des comités de pilotage', ja: '実行委員会会議の閲覧' },
  'schedule a meeting': { fr: 'convoquer une réunion', ja: '会議の設定' },
  'schedule a meeting of this edition': { fr: 'convoquer une réunion de cette édition', ja: 'この回の会議の設定' },
  'change a meeting': { fr: 'modifier une réunion', ja: '会議の変更' },
  'change the meetings of this edition': { fr: 'modifier les réunions de cette édition', ja: 'この回の会議の変更' },
};

const ENTITIES: Record<string, Phrase> = {
  Edition: { fr: "L'édition", ja: '回' },
  Session: { fr: 'La séance', ja: 'セッション' },
  Workshop: { fr: "L'atelier", ja: '分科会' },
  Room: { fr: 'La salle', ja: '会場' },
  Person: { fr: 'La personne', ja: '人物' },
  Committee: { fr: 'Le comité', ja: '委員会' },
  CommitteeMember: { fr: 'Le siège au comité', ja: '委員' },
  LocalAuthority: { fr: 'La collectivité', ja: '自治体' },
  Theme: { fr: 'Le thème', ja: 'テーマ' },
  Suggestion: { fr: 'La suggestion', ja: '提案' },
  Participation: { fr: 'Le bulletin de participation', ja: '参加申込書' },
  SteeringMeeting: { fr: 'La réunion', ja: '会議' },
  AgendaItem: { fr: "Le point de l'ordre du jour", ja: '議題' },
  AccessToken: { fr: 'Le jeton', ja: 'トークン' },
};

/** Field messages: [English pattern, French, Japanese]; $1... stand for the pattern's groups. */
const FIELD_MESSAGES: Array<[RegExp, string, string]> = [
  [/^must be at most (\d+) characters$/, 'doit compter au plus $1 caractères', '$1文字以内で入力してください'],
  [/^(fr|ja|en) must be at most (\d+) characters$/, '$1 : au plus $2 caractères', '$1：$2文字以内で入力してください'],
  [/^(fr|ja|en) must not contain control characters$/, '$1 : caractères de contrôle interdits', '$1：制御文字は使用できません'],
  [/^must not contain control characters$/, 'ne doit pas contenir de caractères de contrôle', '制御文字は使用できません'],
  [/^needs a French or a Japanese text$/, 'demande un texte en français ou en japonais', 'フランス語または日本語の入力が必要です'],
  [/^is required$/, 'est obligatoire', '必須です'],
  [/^must not be empty$/, 'ne doit pas être vide', '空にできません'],
  [/^cannot be cleared$/, 'ne peut pas être effacé', '削除できません'],
  [/^must be after startsAt$/, 'doit suivre le début (startsAt)', '開始時刻（startsAt）より後にしてください'],
  [/^must not be before startDate$/, 'ne doit pas précéder la date de début', '開始日より前にはできません'],
  [/^lists the same id twice$/, 'contient deux fois le même identifiant', '同じIDが重複しています'],
  [/^must be an email address$/, 'doit être une adresse électronique', 'メールアドレスの形式で入力してください'],
  [/^must be at least (\d+) characters long$/, 'doit compter au moins $1 caractères', '$1文字以上で入力してください'],
  [/^must be an IANA time zone such as Asia\/Tokyo$/, 'doit être un fuseau horaire IANA, par exemple Asia/Tokyo', 'Asia/Tokyo のようなIANAタイムゾーンを指定してください'],
  [/^names a room of another edition$/, "désigne une salle d'une autre édition", '別の回の会場です'],
  [/^names a theme of another edition$/, "désigne un thème d'une autre édition", '別の回のテーマです'],
  [/^is already used by another person$/, 'est déjà utilisée par une autre personne', '既に他の人が使用しています'],
];

function fill(template: string, match: RegExpMatchArray): string {
  return template.replace(/\$(\d)/g, (_, i) => match[Number(i)] ?? '');
}

export function translateFieldMessage(message: string, lang: Language): string {
  // Several problems of one field are joined with "; ".
  return message
    .split('; ')
    .map((part) => {
      for (const [pattern, fr, ja] of FIELD_MESSAGES) {
        const match = part.match(pattern);
        if (match) return fill(lang === 'fr' ? fr : ja, match);
      }
      return part;
    })
    .join(lang === 'fr' ? ' ; ' : '、');
}

const action = (what: unknown, lang: Language) => (typeof what === 'string' ? ACTIONS[what]?.[lang] : undefined);

/** The message of an error in French or Japanese, or null when the catalogue has none. */
function translatedMessage(error: GraphQLFormattedError, lang: Language): string | null {
  const ext = (error.extensions ?? {}) as Record<string, unknown>;
  const fr = lang === 'fr';
  switch (ext.code) {
    case 'UNAUTHENTICATED': {
      if (error.message === 'Wrong email or password') return fr ? 'Adresse électronique ou mot de passe incorrect.' : 'メールアドレスまたはパスワードが正しくありません。';
      if (error.message.startsWith('The token is unknown')) return fr ? 'Jeton inconnu, expiré ou révoqué : reconnectez-vous.' : 'トークンが無効か期限切れです。再度ログインしてください。';
      const what = action(ext.action, lang);
      if (what) return fr ? `Connectez-vous pour ${what}.` : `${what}にはログインが必要です。`;
      return fr ? 'Authentification requise.' : 'ログインが必要です。';
    }
    case 'FORBIDDEN': {
      const what = action(ext.action, lang);
      if (what) return fr ? `Vous n'avez pas le droit de ${what}.` : `${what}の権限がありません。`;
      return fr ? "Vous n'avez pas le droit de faire cela." : 'この操作の権限がありません。';
    }
    case 'NOT_FOUND': {
      const entity = typeof ext.entity === 'string' ? ENTITIES[ext.entity]?.[lang] : undefined;
      if (!entity) return null;
      return fr ? `${entity} ${ext.id} n'existe pas.` : `${entity} ${ext.id} は見つかりません。`;
    }
    case 'BAD_USER_INPUT': {
      const fields = ext.fields as FieldProblem[] | undefined;
      if (!fields) return null;
      const list = fields.map((f) => `${f.field} : ${translateFieldMessage(f.message, lang)}`);
      return fr ? `Saisie invalide : ${list.join(' ; ')}` : `入力が正しくありません：${list.join('、')}`;
    }
    case 'CONFLICT':
      return fr
        ? `Modifié entre-temps par quelqu'un d'autre : la version actuelle est ${ext.currentVersion}.`
        : `他の人が先に更新しました。現在のバージョンは${ext.currentVersion}です。`;
    case 'DEADLINE_PASSED':
      return fr ? 'La date limite est passée.' : '締め切りを過ぎています。';
    case 'VOTING_CLOSED':
      return fr ? 'Le vote sur ce thème est clos.' : 'このテーマの投票は締め切られました。';
    case 'INVALID_STATE':
      return fr ? "Cette action n'est pas possible dans l'état actuel." : '現在の状態ではこの操作はできません。';
    case 'SERVICE_UNAVAILABLE':
      return fr ? 'La base de données ne répond pas ; réessayez dans un instant.' : 'データベースに接続できません。しばらくしてから再度お試しください。';
    case 'TOO_MANY_REQUESTS':
      return fr
        ? `Trop de tentatives échouées ; réessayez dans ${ext.retryAfterSeconds} secondes.`
        : `失敗が多すぎます。${ext.retryAfterSeconds}秒後に再度お試しください。`;
    case 'INTERNAL_SERVER_ERROR':
      return fr ? `Erreur interne (requête ${ext.requestId ?? 'inconnue'}).` : `内部エラーが発生しました（リクエスト ${ext.requestId ?? '不明'}）。`;
    default:
      return null;
  }
}

/** The error in the caller's language; the field list is translated too. */
export function inLanguage(error: GraphQLFormattedError, lang: Language): GraphQLFormattedError {
  const message = translatedMessage(error, lang);
  const fields = (error.extensions as { fields?: FieldProblem[] } | undefined)?.fields;
  return {
    ...error,
    message: message ?? error.message,
    extensions: fields ? { ...error.extensions, fields: fields.map((f) => ({ ...f, message: translateFieldMessage(f.message, lang) })) } : error.extensions,
  };
}
