import { parse } from 'csv-parse/sync';
import { Arg, Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { demand, Right } from '../../auth/rights';
import { Country, Locale, LocalAuthorityKind } from '../../common/enums';
import { BadUserInput, problem } from '../../common/errors';
import type { LocalizedTextValue } from '../../common/localized-text';
import { textProblem, TITLE_MAX } from '../../common/validation';
import { inTransaction } from '../../db/context';
import { createVersioned, lockForWrite, updateVersioned } from '../../db/versioned-write';
import type { RequestContext } from '../context';
import { LocalAuthority } from './local-authority.entity';
import { LOCAL_AUTHORITY } from './people.service';

// Local authorities from the secretariat's spreadsheet: columns country, kind, name_fr, name_ja and
// optionally name_en; each line matched on its country and its French or Japanese name. A dry run
// (the default) says what a real run would do; a real run does it all in one transaction, or nothing.

/** A list of the authorities of two countries, not a register of every commune. */
export const MAX_IMPORT_LINES = 5000;

@ObjectType()
export class ImportError {
  @Field(() => Int) line!: number;
  @Field() message!: string;
}

@ObjectType()
export class ImportReport {
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => [ImportError], { description: 'One entry per refused line, with its line number (1 = the header).' }) errors!: ImportError[];
  @Field() dryRun!: boolean;
}

const REQUIRED_COLUMNS = ['country', 'kind', 'name_fr', 'name_ja'];
const LANGS = ['fr', 'ja', 'en'] as const;

/** Why a line is refused, in the caller's language; the line itself is the report's. */
const REFUSALS = {
  country: (v: string) => ({ en: `country "${v}" is not FR or JP`, fr: `le pays « ${v} » n'est ni FR ni JP`, ja: `国「${v}」は FR でも JP でもありません` }),
  kind: (v: string) => ({
    en: `kind "${v}" is not one of ${Object.values(LocalAuthorityKind).join(', ')}`,
    fr: `le type « ${v} » n'est pas l'un de ${Object.values(LocalAuthorityKind).join(', ')}`,
    ja: `種別「${v}」は ${Object.values(LocalAuthorityKind).join('、')} のいずれでもありません`,
  }),
  noName: () => ({ en: 'needs name_fr or name_ja', fr: 'demande name_fr ou name_ja', ja: 'name_fr または name_ja が必要です' }),
  badName: (column: string) => ({
    en: `${column} must be one line of at most ${TITLE_MAX} characters, without control characters`,
    fr: `${column} doit tenir sur une ligne de ${TITLE_MAX} caractères au plus, sans caractère de contrôle`,
    ja: `${column} は制御文字を含まない${TITLE_MAX}文字以内の1行にしてください`,
  }),
  ambiguous: () => ({
    en: 'its French and Japanese names match two different authorities',
    fr: 'ses noms français et japonais désignent deux collectivités différentes',
    ja: 'フランス語名と日本語名が別々の自治体に一致します',
  }),
  columns: (n: number, expected: number) => ({
    en: `has ${n} cells where the header has ${expected}`,
    fr: `compte ${n} cellules quand l'en-tête en a ${expected}`,
    ja: `セルが${n}個あります（見出しは${expected}個）`,
  }),
};
type Said = Record<'en' | 'fr' | 'ja', string>;

interface Line {
  line: number;
  country: Country;
  kind: LocalAuthorityKind;
  name: LocalizedTextValue;
}

/** The lines of the file, each checked on its own: kept, or refused with why. */
function readLines(csv: string): { lines: Line[]; refused: Array<{ line: number; why: Said }> } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(csv, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch {
    throw BadUserInput.field('csv', problem('invalid'));
  }
  if (!records.length) throw BadUserInput.field('csv', problem('notEmpty'));
  const header = records[0].record.map((h) => h.toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw BadUserInput.field('csv', problem('csvColumns', { missing: missing.join(', ') }));
  if (records.length - 1 > MAX_IMPORT_LINES) throw BadUserInput.field('csv', problem('atMostItems', { max: MAX_IMPORT_LINES }));
  const lines: Line[] = [];
  const refused: Array<{ line: number; why: Said }> = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    if (record.length !== header.length) {
      refused.push({ line, why: REFUSALS.columns(record.length, header.length) });
      continue;
    }
    const cell = (column: string) => record[header.indexOf(column)] ?? '';
    const country = cell('country').toUpperCase();
    const kind = cell('kind').toUpperCase();
    if (!(country in Country)) refused.push({ line, why: REFUSALS.country(cell('country')) });
    else if (!(kind in LocalAuthorityKind)) refused.push({ line, why: REFUSALS.kind(cell('kind')) });
    else {
      const name: LocalizedTextValue = {};
      let bad: string | null = null;
      for (const lang of LANGS) {
        const value = header.includes(`name_${lang}`) ? cell(`name_${lang}`) : '';
        if (!value) continue;
        if (/[\r\n]/.test(value) || textProblem(value, TITLE_MAX)) bad ??= `name_${lang}`;
        name[lang] = value;
      }
      if (bad) refused.push({ line, why: REFUSALS.badName(bad) });
      else if (!name.fr && !name.ja) refused.push({ line, why: REFUSALS.noName() });
      else lines.push({ line, country: country as Country, kind: kind as LocalAuthorityKind, name });
    }
  }
  return { lines, refused };
}

export async function importLocalAuthorities(ctx: RequestContext, csv: string, dryRun: boolean): Promise<ImportReport> {
  demand(ctx, Right.ManagePeople);
  const { lines, refused } = readLines(csv);
  const lang = ({ [Locale.FR]: 'fr', [Locale.JA]: 'ja', [Locale.EN]: 'en' } as const)[ctx.scope.locale];
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, errors: [], dryRun };
  const errors = refused.map((r) => ({ line: r.line, message: r.why[lang] }));

  await inTransaction(ctx, async (tx) => {
    // One import at a time: two at once would both create the same new authority.
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('import_local_authorities'))`);
    const known: LocalAuthority[] = await tx.manager.find(LocalAuthority, { order: { createdAt: 'ASC', id: 'ASC' } });
    for (const line of lines) {
      const matches = [...new Set(known.filter((a) => a.country === line.country && (
        (line.name.fr && a.name.fr === line.name.fr) || (line.name.ja && a.name.ja === line.name.ja))))];
      if (matches.length > 1) {
        errors.push({ line: line.line, message: REFUSALS.ambiguous()[lang] });
        continue;
      }
      const [match] = matches;
      if (!match) {
        report.created++;
        const values = { name: line.name, country: line.country, kind: line.kind };
        // A dry run remembers it too, so that a later line naming it again matches it.
        known.push(dryRun ? Object.assign(new LocalAuthority(), values) : await createVersioned(tx, LOCAL_AUTHORITY, values));
        continue;
      }
      const name = { ...match.name, ...line.name };
      const patch: Partial<LocalAuthority> = {};
      if (match.kind !== line.kind) patch.kind = line.kind;
      if (LANGS.some((l) => (match.name[l] ?? null) !== (name[l] ?? null))) patch.name = name;
      if (!Object.keys(patch).length) {
        report.unchanged++;
        continue;
      }
      report.updated++;
      if (dryRun || !match.id) Object.assign(match, patch);
      else Object.assign(match, await updateVersioned(tx, LOCAL_AUTHORITY, await lockForWrite(tx, LOCAL_AUTHORITY, match.id), patch));
    }
  });
  report.errors = errors.sort((a, b) => a.line - b.line);
  return report;
}

@Resolver()
export class AuthorityImportResolver {
  @Mutation(() => ImportReport, {
    description:
      'Admins: local authorities from CSV (columns country, kind, name_fr, name_ja[, name_en]; UTF-8, with or without BOM); matched on country + name_fr or name_ja. dryRun (the default) changes nothing and reports what it would do.',
  })
  importLocalAuthorities(
    @Arg('csv') csv: string,
    @Ctx() ctx: RequestContext,
    @Arg('dryRun', () => Boolean, { defaultValue: true, nullable: true }) dryRun: boolean | null,
  ): Promise<ImportReport> {
    // An explicit null counts as left out: a dry run.
    return importLocalAuthorities(ctx, csv, dryRun ?? true);
  }
}
