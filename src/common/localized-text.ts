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

@InputType()
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

/**
 * A LocalizedTextInput applied to what is stored: only the languages it names change (null or an
 * empty text clears one); a language it leaves out is kept. Null when no language is left.
 */
export function mergeLocalizedText(current: LocalizedTextValue | null, input: LocalizedTextValue | null): LocalizedTextValue | null {
  if (input === null) return null;
  const out: LocalizedTextValue = { ...(current ?? {}) };
  for (const lang of LANGUAGES) {
    if (!(lang in input) || input[lang] === undefined) continue;
    const text = input[lang]?.trim();
    if (text) out[lang] = text;
    else delete out[lang];
  }
  return Object.keys(out).length ? out : null;
}
