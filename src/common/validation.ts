import { isEmail, ValidationArguments, ValidationError, registerDecorator } from 'class-validator';
import { FieldProblem } from './errors';
import { LocalizedTextValue } from './localized-text';

// Input rules of PRODUCT.md ("Text"), as class-validator decorators on input classes.

export const TITLE_MAX = 300;
export const DESCRIPTION_MAX = 10_000;
export const NAME_MAX = 200;

// Tab, line feed and carriage return are ordinary in long texts; every other control character is refused.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Half of a UTF-16 surrogate pair alone is no character: PostgreSQL refuses it in jsonb and mangles it in text.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Characters as people count them: 𠮷 (a kanji of family names) or an emoji is one, not two UTF-16 units. */
export const characterCount = (text: string): number => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

export function textProblem(text: string, max: number): string | null {
  if (CONTROL_CHARS.test(text)) return 'must not contain control characters';
  if (UNPAIRED_SURROGATE.test(text)) return 'must be valid Unicode text';
  if (characterCount(text.trim()) > max) return `must be at most ${max} characters`;
  return null;
}

export function localizedTextProblems(value: unknown, max: number, requireFrOrJa: boolean): string[] {
  if (value === null || value === undefined) return [];
  const text = value as LocalizedTextValue;
  const problems: string[] = [];
  for (const lang of ['fr', 'ja', 'en'] as const) {
    const one = text[lang];
    if (one === null || one === undefined) continue;
    const problem = textProblem(one, max);
    if (problem) problems.push(`${lang} ${problem}`);
  }
  if (requireFrOrJa && !text.fr?.trim() && !text.ja?.trim()) problems.push('needs a French or a Japanese text');
  return problems;
}

function rule(name: string, check: (value: unknown) => string | null) {
  return (target: object, propertyName: string) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => check(value) === null,
        defaultMessage: (args?: ValidationArguments) => check(args?.value) ?? 'is invalid',
      },
    });
  };
}

/** A title: at least French or Japanese, each language at most 300 characters, no control characters. */
export const IsTitle = () =>
  rule('isTitle', (v) => localizedTextProblems(v, TITLE_MAX, true).join('; ') || null);

/** A description or note: optional languages, each at most 10,000 characters. */
export const IsDescription = () =>
  rule('isDescription', (v) => localizedTextProblems(v, DESCRIPTION_MAX, false).join('; ') || null);

/** A plain single-line string such as a name. */
export const IsPlainText = (max = NAME_MAX, required = true) =>
  rule('isPlainText', (v) => {
    if (v === null || v === undefined) return required ? 'is required' : null;
    if (typeof v !== 'string') return 'must be a string';
    if (required && !v.trim()) return 'must not be empty';
    return textProblem(v, max);
  });

/**
 * At most two decimals, as numeric(3, 2) stores it (a third would be rounded away silently). Written
 * here because class-validator's maxDecimalPlaces throws on numbers that print with an exponent (1e-7).
 */
export const HasTwoDecimalsAtMost = () =>
  rule('hasTwoDecimalsAtMost', (v) => {
    if (v === null || v === undefined) return null;
    return typeof v === 'number' && Number.isFinite(v) && Number(v.toFixed(2)) === v ? null : 'must have at most two decimals';
  });

/**
 * An email address, at most 254 characters. The text is checked first: validator's isEmail throws on
 * half a surrogate pair, and lets through what PostgreSQL cannot store as it came.
 */
export const IsEmailAddress = (required = true) =>
  rule('isEmailAddress', (v) => {
    if (v === null || v === undefined) return required ? 'is required' : null;
    if (typeof v !== 'string') return 'must be a string';
    return textProblem(v, 254) ?? (isEmail(v) ? null : 'must be an email address');
  });

export const IsTimeZone = () =>
  rule('isTimeZone', (v) => {
    if (v === null || v === undefined) return null;
    try {
      new Intl.DateTimeFormat('en', { timeZone: String(v) });
      return /\//.test(String(v)) || v === 'UTC' ? null : 'must be an IANA time zone such as Asia/Tokyo';
    } catch {
      return 'must be an IANA time zone such as Asia/Tokyo';
    }
  });

/** Flattens class-validator's tree into `input.a.b: message`, never echoing the submitted values. */
export function fieldProblems(errors: ValidationError[], prefix = 'input'): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = `${prefix}.${error.property}`;
    for (const message of Object.values(error.constraints ?? {})) {
      // class-validator's default messages start with the property name; ours do not.
      out.push({ field, message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message });
    }
    if (error.children?.length) out.push(...fieldProblems(error.children, field));
  }
  return out;
}
