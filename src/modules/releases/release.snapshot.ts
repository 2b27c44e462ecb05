import { ReleaseChangeKind } from '../../common/enums';
import type { LocalizedTextValue } from '../../common/localized-text';
import type { RequestContext } from '../context';
import { Edition } from '../editions/edition.entity';
import { Room } from '../editions/room.entity';
import { LocalAuthority } from '../people/local-authority.entity';
import { displayNameOf, Person } from '../people/person.entity';
import {
  SessionSpeaker, SessionTheme, WorkshopLocalAuthority, WorkshopModerator, WorkshopSpeaker, WorkshopTheme,
} from '../program/links.entity';
import { daysOf, workshopsOf } from '../program/program.service';
import { ThemeStatus } from '../../common/enums';
import { Theme } from '../themes/theme.entity';
import { currentTheme } from '../themes/theme.service';
import type {
  ProgramSnapshot, ReleaseChangeValue, ReleasedSessionValue, ReleasedWorkshopValue,
} from './release.types';

/** The draft programme, frozen into plain data: names instead of ids, so that later edits never reach it. */
export async function snapshotOf(ctx: RequestContext, edition: Edition): Promise<ProgramSnapshot> {
  const { loaders } = ctx;
  const roomName = async (id: string | null) => (id ? ((await loaders.byId(Room).load(id))?.name ?? null) : null);
  const names = (people: Person[]) => people.map((p) => displayNameOf({ latin: p.nameLatin, native: p.nameNative }));
  const forms = (people: Person[]) => people.map((p) => ({ latin: p.nameLatin, native: p.nameNative }));
  // A release is public, and anonymous readers see adopted themes only: the others are left out.
  const titles = async (themes: Theme[]) =>
    (await Promise.all(themes.map((t) => currentTheme(ctx, t)))).filter((t) => t.status === ThemeStatus.ADOPTED).map((t) => t.title);

  const days = await Promise.all(
    (await daysOf(ctx, edition)).map(async (day) => ({
      date: day.date,
      sessions: await Promise.all(
        day.sessions.map(async (session): Promise<ReleasedSessionValue> => ({
          id: session.id,
          itemNumber: session.itemNumber,
          kind: session.kind,
          title: session.title,
          description: session.description,
          startsAt: session.startsAt.toISOString(),
          endsAt: session.endsAt.toISOString(),
          roomName: await roomName(session.roomId),
          interpretation: session.interpretation,
          language: session.language,
          themeTitles: await titles(await loaders.linked(SessionTheme, 'sessionId', 'themeId', Theme).load(session.id)),
          ...(await (async (people: Person[]) => ({ speakerNames: names(people), speakers: forms(people) }))(
            await loaders.linked(SessionSpeaker, 'sessionId', 'personId', Person).load(session.id),
          )),
          workshops: await Promise.all(
            (await workshopsOf(ctx, session)).map(async (workshop): Promise<ReleasedWorkshopValue> => ({
              id: workshop.id,
              itemNumber: workshop.itemNumber,
              title: workshop.title,
              description: workshop.description,
              roomName: await roomName(workshop.roomId),
              interpretation: workshop.interpretation,
              language: workshop.language,
              themeTitles: await titles(await loaders.linked(WorkshopTheme, 'workshopId', 'themeId', Theme).load(workshop.id)),
              ...(await (async (moderators: Person[], speakers: Person[]) => ({
                moderatorNames: names(moderators), speakerNames: names(speakers), moderators: forms(moderators), speakers: forms(speakers),
              }))(
                await loaders.linked(WorkshopModerator, 'workshopId', 'personId', Person).load(workshop.id),
                await loaders.linked(WorkshopSpeaker, 'workshopId', 'personId', Person).load(workshop.id),
              )),
              localAuthorityNames: (await loaders.linked(WorkshopLocalAuthority, 'workshopId', 'localAuthorityId', LocalAuthority).load(workshop.id)).map((a) => a.name),
            })),
          ),
        })),
      ),
    })),
  );
  return {
    edition: {
      number: edition.number,
      title: edition.title,
      hostCity: edition.hostCity,
      timeZone: edition.timeZone,
      startDate: edition.startDate,
      endDate: edition.endDate,
    },
    days,
  };
}

interface Item {
  entityType: 'Session' | 'Workshop';
  id: string;
  title: LocalizedTextValue;
  startsAt: string;
  endsAt: string;
  roomName: LocalizedTextValue | null;
  /** Everything else that a reader of the programme sees. */
  details: Record<string, unknown>;
}

function items(snapshot: ProgramSnapshot): Map<string, Item> {
  const all = new Map<string, Item>();
  for (const day of snapshot.days) {
    for (const session of day.sessions) {
      const { workshops, id, title, startsAt, endsAt, roomName, itemNumber: _n, speakers: _s, ...details } = session;
      // Releases frozen before languages were said compare as "not said", not as a change.
      all.set(id, { entityType: 'Session', id, title, startsAt, endsAt, roomName, details: { ...details, language: details.language ?? null } });
      for (const workshop of workshops) {
        const { id: wid, title: wtitle, roomName: wroom, itemNumber: _m, speakers: _ws, moderators: _wm, ...wdetails } = workshop;
        const spoken = { interpretation: wdetails.interpretation ?? session.interpretation, language: wdetails.language ?? null };
        all.set(wid, { entityType: 'Workshop', id: wid, title: wtitle, startsAt, endsAt, roomName: wroom, details: { ...wdetails, ...spoken, sessionId: id } });
      }
    }
  }
  return all;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const label = (text: LocalizedTextValue | null | undefined, lang: 'fr' | 'ja' | 'en') => text?.[lang] ?? text?.fr ?? text?.ja ?? text?.en ?? '';

function when(iso: string, timeZone: string, lang: 'fr' | 'ja' | 'en'): string {
  const locale = { fr: 'fr-FR', ja: 'ja-JP', en: 'en-GB' }[lang];
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

const FIELD_LABELS: Record<string, { fr: string; ja: string; en: string }> = {
  kind: { fr: 'type', ja: '種別', en: 'kind' },
  description: { fr: 'description', ja: '説明', en: 'description' },
  interpretation: { fr: 'interprétation', ja: '通訳', en: 'interpretation' },
  language: { fr: 'langue', ja: '使用言語', en: 'language' },
  themeTitles: { fr: 'thèmes', ja: 'テーマ', en: 'themes' },
  speakerNames: { fr: 'intervenants', ja: '登壇者', en: 'speakers' },
  moderatorNames: { fr: 'modérateurs', ja: 'モデレーター', en: 'moderators' },
  localAuthorityNames: { fr: 'collectivités', ja: '自治体', en: 'local authorities' },
  sessionId: { fr: 'séance', ja: 'セッション', en: 'session' },
};

const NOUN = {
  Session: { fr: 'La séance', ja: 'セッション', en: 'Session' },
  Workshop: { fr: "L'atelier", ja: '分科会', en: 'Workshop' },
};

/** What changed between two releases, each change summed up in French, Japanese and English. */
export function changesBetween(previous: ProgramSnapshot | null, next: ProgramSnapshot): ReleaseChangeValue[] {
  if (!previous) return [];
  const before = items(previous);
  const after = items(next);
  const zone = next.edition.timeZone;
  const changes: ReleaseChangeValue[] = [];
  const push = (kind: ReleaseChangeKind, item: Item, summary: (lang: 'fr' | 'ja' | 'en', name: string) => string) =>
    changes.push({
      kind,
      entityType: item.entityType,
      entityId: item.id,
      summary: {
        fr: summary('fr', label(item.title, 'fr')),
        ja: summary('ja', label(item.title, 'ja')),
        en: summary('en', label(item.title, 'en')),
      },
    });

  for (const [id, item] of after) {
    const old = before.get(id);
    const noun = NOUN[item.entityType];
    if (!old) {
      push(ReleaseChangeKind.ADDED, item, (lang, name) =>
        ({ fr: `Ajout : « ${name} » (${when(item.startsAt, zone, 'fr')}).`, ja: `追加：「${name}」（${when(item.startsAt, zone, 'ja')}）。`, en: `Added: "${name}" (${when(item.startsAt, zone, 'en')}).` })[lang]);
      continue;
    }
    if (!same(old.title, item.title)) {
      push(ReleaseChangeKind.RENAMED, item, (lang, name) =>
        ({ fr: `${noun.fr} « ${label(old.title, 'fr')} » s'appelle désormais « ${name} ».`, ja: `${noun.ja}「${label(old.title, 'ja')}」は「${name}」に名称変更されました。`, en: `${noun.en} "${label(old.title, 'en')}" is now called "${name}".` })[lang]);
    }
    const movedInTime = old.startsAt !== item.startsAt || old.endsAt !== item.endsAt;
    const movedRoom = !same(old.roomName, item.roomName);
    if (movedInTime || movedRoom) {
      push(ReleaseChangeKind.MOVED, item, (lang, name) => {
        const parts: string[] = [];
        if (movedInTime) parts.push({ fr: `de ${when(old.startsAt, zone, 'fr')} à ${when(item.startsAt, zone, 'fr')}`, ja: `${when(old.startsAt, zone, 'ja')}から${when(item.startsAt, zone, 'ja')}へ`, en: `from ${when(old.startsAt, zone, 'en')} to ${when(item.startsAt, zone, 'en')}` }[lang]);
        if (movedRoom) parts.push({ fr: `de la salle « ${label(old.roomName, 'fr') || '—'} » à « ${label(item.roomName, 'fr') || '—'} »`, ja: `会場「${label(old.roomName, 'ja') || '—'}」から「${label(item.roomName, 'ja') || '—'}」へ`, en: `from room "${label(old.roomName, 'en') || '—'}" to "${label(item.roomName, 'en') || '—'}"` }[lang]);
        return { fr: `« ${name} » est déplacé ${parts.join(' et ')}.`, ja: `「${name}」は${parts.join('、')}変更されました。`, en: `"${name}" moved ${parts.join(' and ')}.` }[lang];
      });
    }
    const changedFields = Object.keys({ ...old.details, ...item.details }).filter((key) => !same(old.details[key], item.details[key]));
    if (changedFields.length) {
      push(ReleaseChangeKind.CHANGED, item, (lang, name) => {
        const fields = changedFields.map((f) => FIELD_LABELS[f]?.[lang] ?? f);
        return { fr: `« ${name} » a changé : ${fields.join(', ')}.`, ja: `「${name}」の変更：${fields.join('、')}。`, en: `"${name}" changed: ${fields.join(', ')}.` }[lang];
      });
    }
  }
  for (const [id, item] of before) {
    if (after.has(id)) continue;
    push(ReleaseChangeKind.REMOVED, item, (lang, name) =>
      ({ fr: `Retrait : « ${name} ».`, ja: `削除：「${name}」。`, en: `Removed: "${name}".` })[lang]);
  }
  return changes;
}
