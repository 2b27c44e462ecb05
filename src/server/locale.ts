import { Locale } from '../common/enums';

/** The first of French, Japanese or English that an Accept-Language header names. */
export function localeOf(acceptLanguage: string | undefined, fallback: Locale = Locale.EN): Locale {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'fr') return Locale.FR;
    if (tag === 'ja') return Locale.JA;
    if (tag === 'en') return Locale.EN;
  }
  return fallback;
}
