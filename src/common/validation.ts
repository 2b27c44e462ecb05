import {
  arrayMaxSize, arrayNotEmpty, isEmail, isInt, isPositive, max, maxLength, min, minLength, registerDecorator, ValidationArguments, ValidationError,
} from 'class-validator';
import { FIELD_PROBLEMS, FieldProblem, Problem, problem } from './errors';
import { LocalizedTextValue } from './localized-text';

// Input rules as class-validator decorators on input classes. Texts are trimmed, a title at most
// 300 characters and a description at most 10,000 in each language; control characters are refused.

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

export function textProblem(text: string, max: number, language?: string): Problem | null {
  if (CONTROL_CHARS.test(text)) return problem('controlCharacters', undefined, language);
  if (UNPAIRED_SURROGATE.test(text)) return problem('invalidUnicode', undefined, language);
  if (characterCount(text.trim()) > max) return problem('tooLong', { max }, language);
  return null;
}

export function localizedTextProblems(value: unknown, max: number, requireFrOrJa: boolean): Problem[] {
  if (value === null || value === undefined) return [];
  const text = value as LocalizedTextValue;
  const problems: Problem[] = [];
  for (const lang of ['fr', 'ja', 'en'] as const) {
    const one = text[lang];
    if (one === null || one === undefined) continue;
    const found = textProblem(one, max, lang);
    if (found) problems.push(found);
  }
  if (requireFrOrJa && !text.fr?.trim() && !text.ja?.trim()) problems.push(problem('needsFrenchOrJapanese'));
  return problems;
}

// class-validator carries a constraint's message as a string: a rule's problems travel in it as
// JSON, and fieldProblems() reads them back (the catalogue, not class-validator, words them).
function rule(name: string, check: (value: unknown) => Problem[]) {
  return (target: object, propertyName: string) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => check(value).length === 0,
        defaultMessage: (args?: ValidationArguments) => JSON.stringify(check(args?.value)),
      },
    });
  };
}

const one = (found: Problem | null): Problem[] => (found ? [found] : []);

/** A title: at least French or Japanese, each language at most 300 characters, no control characters. */
export const IsTitle = () => rule('isTitle', (v) => localizedTextProblems(v, TITLE_MAX, true));

/** A one-line label such as a person's function or organisation: optional languages, each at most 300 characters, no line break. */
export const IsLabel = () =>
  rule('isLabel', (v) => {
    const problems = localizedTextProblems(v, TITLE_MAX, false);
    if (problems.length || v === null || v === undefined) return problems;
    const text = v as LocalizedTextValue;
    return (['fr', 'ja', 'en'] as const).filter((lang) => /[\r\n]/.test(text[lang] ?? '')).map((lang) => problem('controlCharacters', undefined, lang));
  });

/** A description or note: optional languages, each at most 10,000 characters. */
export const IsDescription = () => rule('isDescription', (v) => localizedTextProblems(v, DESCRIPTION_MAX, false));

/** A plain single-line string such as a name. */
export const IsPlainText = (max = NAME_MAX, required = true) =>
  rule('isPlainText', (v) => {
    if (v === null || v === undefined) return required ? [problem('required')] : [];
    if (typeof v !== 'string') return [problem('notText')];
    if (required && !v.trim()) return [problem('notEmpty')];
    return one(textProblem(v, max));
  });

/** A person's name as one script writes it: a plain string on one line. */
export const IsName = (required = true) =>
  rule('isName', (v) => {
    if (v === null || v === undefined) return required ? [problem('required')] : [];
    if (typeof v !== 'string') return [problem('notText')];
    if (required && !v.trim()) return [problem('notEmpty')];
    if (/[\r\n]/.test(v)) return [problem('controlCharacters')];
    return one(textProblem(v, NAME_MAX));
  });

/** A secret such as a password: its length only, as typed. */
export const HasLength = (min: number, max: number) =>
  rule('hasLength', (v) => {
    if (typeof v !== 'string') return [problem('notText')];
    if (!minLength(v, min)) return [problem('tooShort', { min })];
    return maxLength(v, max) ? [] : [problem('tooLong', { max })];
  });

export const IsWholeNumber = () => rule('isWholeNumber', (v) => (isInt(v) ? [] : [problem('wholeNumber')]));
export const AtLeast = (minimum: number) => rule('atLeast', (v) => (min(v, minimum) ? [] : [problem('atLeast', { min: minimum })]));
export const AtMost = (maximum: number) => rule('atMost', (v) => (max(v, maximum) ? [] : [problem('atMost', { max: maximum })]));
export const MoreThanZero = () => rule('moreThanZero', (v) => (isPositive(v) ? [] : [problem('moreThanZero')]));
export const AtMostItems = (maximum: number) =>
  rule('atMostItems', (v) => (arrayMaxSize(v, maximum) ? [] : [problem('atMostItems', { max: maximum })]));
export const NotEmptyList = () => rule('notEmptyList', (v) => (arrayNotEmpty(v) ? [] : [problem('notEmptyList')]));

/**
 * At most two decimals, as numeric(3, 2) stores it (a third would be rounded away silently). Written
 * here because class-validator's maxDecimalPlaces throws on numbers that print with an exponent (1e-7).
 */
export const HasTwoDecimalsAtMost = () =>
  rule('hasTwoDecimalsAtMost', (v) => {
    if (v === null || v === undefined) return [];
    return typeof v === 'number' && Number.isFinite(v) && Number(v.toFixed(2)) === v ? [] : [problem('atMostTwoDecimals')];
  });

/**
 * An email address, at most 254 characters. The text is checked first: validator's isEmail throws on
 * half a surrogate pair, and lets through what PostgreSQL cannot store as it came.
 */
export const IsEmailAddress = (required = true) =>
  rule('isEmailAddress', (v) => {
    if (v === null || v === undefined) return required ? [problem('required')] : [];
    if (typeof v !== 'string') return [problem('notText')];
    return one(emailProblem(v));
  });

/** What is wrong with `text` as an email address (and so as a login), if anything. */
export const emailProblem = (text: string): Problem | null => textProblem(text, 254) ?? (isEmail(text) ? null : problem('emailAddress'));

export const IsTimeZone = () =>
  rule('isTimeZone', (v) => {
    if (v === null || v === undefined) return [];
    try {
      new Intl.DateTimeFormat('en', { timeZone: String(v) });
      return /\//.test(String(v)) || v === 'UTC' ? [] : [problem('timeZone')];
    } catch {
      return [problem('timeZone')];
    }
  });

/** Flattens class-validator's tree into the problems of `input.a.b`, never echoing the submitted values. */
export function fieldProblems(errors: ValidationError[], prefix = 'input'): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = `${prefix}.${error.property}`;
    for (const message of Object.values(error.constraints ?? {})) out.push({ field, problems: problemsIn(message) });
    if (error.children?.length) out.push(...fieldProblems(error.children, field));
  }
  return out;
}

/** The problems a rule of this file put in a message; any other constraint's message is only "invalid". */
function problemsIn(message: string): Problem[] {
  try {
    const problems = JSON.parse(message) as Problem[];
    if (Array.isArray(problems) && problems.every((p) => (FIELD_PROBLEMS as readonly string[]).includes(p.key))) return problems;
  } catch {
    // Not ours: a constraint of class-validator itself.
  }
  return [problem('invalid')];
}
