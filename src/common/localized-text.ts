import { Arg, Field, FieldResolver, InputType, ObjectType, Resolver, Root } from 'type-graphql';
import { Locale } from './enums';

/** Stored as jsonb `{fr, ja, en}`; absent languages are left out. */
export interface LocalizedTextValue {
  fr?: string | null;
  ja?: string | null;
  en?: string | null;
}

@ObjectType({ description: 'Text in the working languages of the meetings: French and Japanese, English optional.' })
export class LocalizedText implements LocalizedTextValue {
  @Field(() => String, { nullable: true }) fr?: string | null;
  @Field(() => String, { nullable: true }) ja?: string | null;
  @Field(() => String, { nullable: true }) en?: string | null;
}

@InputType({ description: 'In an update, only the languages named change: null or a blank text clears one, a language left out is kept.' })
export class LocalizedTextInput implements LocalizedTextValue {
  @Field(() => String, { nullable: true }) fr?: string | null;
  @Field(() => String, { nullable: true }) ja?: string | null;
  @Field(() => String, { nullable: true }) en?: string | null;
}

const LANGUAGES = ['fr', 'ja', 'en'] as const;
const KEY: Record<Locale, 'fr' | 'ja' | 'en'> = { FR: 'fr', JA: 'ja', EN: 'en' };

export function textIn(value: LocalizedTextValue, locale: Locale): string | null {
  const own = value[KEY[locale]];
  if (own) return own;
  for (const lang of LANGUAGES) if (value[lang]) return value[lang] ?? null;
  return null;
}

export function missingWorkingLanguages(value: LocalizedTextValue): Locale[] {
  const missing: Locale[] = [];
  if (!value.fr) missing.push(Locale.FR);
  if (!value.ja) missing.push(Locale.JA);
  return missing;
}

/** Trims each language and drops empty ones; null when nothing is left. */
export function normalizeLocalizedText(input: LocalizedTextValue | null | undefined): LocalizedTextValue | null {
  if (!input) return null;
  const out: LocalizedTextValue = {};
  for (const lang of LANGUAGES) {
    const text = input[lang]?.trim();
    if (text) out[lang] = text;
  }
  return Object.keys(out).length ? out : null;
}

/**
 * A LocalizedTextInput applied to the stored text: the languages it names change (null or blank
 * clears one), the languages it leaves out are kept, so one committee never erases the other's.
 * `undefined` keeps the whole text; `null` clears it. Null when no language is left.
 */
export function mergeLocalizedText(
  current: LocalizedTextValue | null | undefined,
  input: LocalizedTextValue | null | undefined,
): LocalizedTextValue | null {
  if (input === undefined) return normalizeLocalizedText(current);
  if (input === null) return null;
  const merged: LocalizedTextValue = { ...current };
  for (const lang of LANGUAGES) if (input[lang] !== undefined) merged[lang] = input[lang];
  return normalizeLocalizedText(merged);
}

/** A stored LocalizedText (or none): a plain object whose keys are languages only. */
export function isLocalizedTextValue(value: unknown): value is LocalizedTextValue | null {
  if (value === null) return true;
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => (LANGUAGES as readonly string[]).includes(key));
}

/** The languages that differ between two texts, each side holding only those (null for an absent one). */
export function changedLanguages(
  from: LocalizedTextValue | null,
  to: LocalizedTextValue | null,
): { from: LocalizedTextValue; to: LocalizedTextValue } | null {
  const before: LocalizedTextValue = {};
  const after: LocalizedTextValue = {};
  for (const lang of LANGUAGES) {
    const old = from?.[lang] ?? null;
    const now = to?.[lang] ?? null;
    if (old !== now) {
      before[lang] = old;
      after[lang] = now;
    }
  }
  return Object.keys(after).length ? { from: before, to: after } : null;
}

@Resolver(() => LocalizedText)
export class LocalizedTextResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The text in `locale`; when absent there, the first present of fr, ja, en.' })
  text(@Root() value: LocalizedTextValue, @Arg('locale', () => Locale) locale: Locale): string | null {
    return textIn(value, locale);
  }

  @FieldResolver(() => [Locale], { description: 'Working languages (FR, JA) with no text yet.' })
  missing(@Root() value: LocalizedTextValue): Locale[] {
    return missingWorkingLanguages(value);
  }
}
