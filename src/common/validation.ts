import {
  arrayMaxSize, arrayNotEmpty, isEmail, isInt, isPositive, max, maxLength, min, minLength, registerDecorator, ValidationArguments, ValidationError,
} from 'class-validator';
import { FIELD_PROBLEMS, FieldProblem, Problem, problem } from './errors';
import { LocalizedTextValue, mergeLocalizedText } from './localized-text';

// Input rules as class-validator decorators on input classes. Texts are trimmed, a title at most
// 300 characters and a description at most 10,000 in each language; control characters are refused.
// Titles, names and labels are one line: no line break of any kind; descriptions and notes may hold
// line breaks (CR, LF), and no tab, which is a control character too.

export const TITLE_MAX = 300;
export const DESCRIPTION_MAX = 10_000;
export const NAME_MAX = 200;

// Line feed and carriage return break the lines of long texts; every other control character is refused.
const CONTROL_CHARS = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// What ends a line: CR, LF, vertical tab, form feed, NEL, and Unicode's line and paragraph separators.
const LINE_BREAKS = /[\n\r\u000B\u000C\u0085\u2028\u2029]/;
// Half of a UTF-16 surrogate pair alone is no character: PostgreSQL refuses it in jsonb and mangles it in text.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Characters as people count them: 𠮷 (a kanji of family names) or an emoji is one, not two UTF-16 units. */
export const characterCount = (text: string): number => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

/** A text that may span lines (a description, a note, a comment). */
export function textProblem(text: string, max: number, language?: string): Problem | null {
  if (CONTROL_CHARS.test(text)) return problem('controlCharacters', undefined, language);
  if (UNPAIRED_SURROGATE.test(text)) return problem('invalidUnicode', undefined, language);
  if (characterCount(text.trim()) > max) return problem('tooLong', { max }, language);
  return null;
}

/** A text of one line (a title, a name, a label): a line break or a tab in it is refused too. */
export function lineProblem(text: string, max: number, language?: string): Problem | null {
  if (LINE_BREAKS.test(text)) return problem('lineBreak', undefined, language);
  return textProblem(text, max, language);
}

export function localizedTextProblems(value: unknown, max: number, requireFrOrJa: boolean, oneLine = false): Problem[] {
  if (value === null || value === undefined) return [];
  const text = value as LocalizedTextValue;
  const problems: Problem[] = [];
  for (const lang of ['fr', 'ja', 'en'] as const) {
    const one = text[lang];
    if (one === null || one === undefined) continue;
    const found = (oneLine ? lineProblem : textProblem)(one, max, lang);
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
export const IsTitle = () => rule('isTitle', (v) => localizedTextProblems(v, TITLE_MAX, true, true));

/**
 * A title as an update gives it: only the languages that change (null clears one). The title it
 * leaves must still hold French or Japanese: mergeTitle checks that against the stored one.
 */
export const IsTitleChange = () => rule('isTitleChange', (v) => localizedTextProblems(v, TITLE_MAX, false, true));

/**
 * The stored title with an update's languages merged in (undefined when the update leaves it out);
 * pushes a problem when the update would clear it or leave it with neither French nor Japanese.
 */
export function mergeTitle(
  current: LocalizedTextValue | null,
  input: LocalizedTextValue | null | undefined,
  field: string,
  problems: FieldProblem[],
): LocalizedTextValue | undefined {
  if (input === undefined) return undefined;
  if (input === null) {
    problems.push({ field, problems: [problem('cannotBeCleared')] });
    return undefined;
  }
  const merged = mergeLocalizedText(current, input);
  if (!merged?.fr && !merged?.ja) problems.push({ field, problems: [problem('needsFrenchOrJapanese')] });
  return merged ?? undefined;
}

/** A one-line label such as a person's function or organisation: optional languages, each at most 300 characters, no line break. */
export const IsLabel = () =>
  rule('isLabel', (v) => {
    return localizedTextProblems(v, TITLE_MAX, false, true);
  });

/** A description or note: optional languages, each at most 10,000 characters. */
export const IsDescription = () => rule('isDescription', (v) => localizedTextProblems(v, DESCRIPTION_MAX, false));

const plain = (max: number, required: boolean, check: typeof textProblem) => (v: unknown): Problem[] => {
  if (v === null || v === undefined) return required ? [problem('required')] : [];
  if (typeof v !== 'string') return [problem('notText')];
  if (required && !v.trim()) return [problem('notEmpty')];
  return one(check(v, max));
};

/** A name or a label: one line of plain text. */
export const IsLine = (max = NAME_MAX, required = true) => rule('isLine', plain(max, required, lineProblem));

/** Plain text that may span lines, such as a comment or a note. */
export const IsPlainText = (max = NAME_MAX, required = true) => rule('isPlainText', plain(max, required, textProblem));

/** A person's name as one script writes it: a plain string on one line. */
export const IsName = (required = true) => IsLine(NAME_MAX, required);

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
export const emailProblem = (text: string): Problem | null => lineProblem(text, 254) ?? (isEmail(text) ? null : problem('emailAddress'));

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
