import { ValidateIf } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { can, Right } from '../../auth/rights';
import { Locale } from '../../common/enums';
import { BadUserInput, FieldProblem, problem } from '../../common/errors';
import { AtMostItems, IsEmailAddress, IsLine, IsPlainText } from '../../common/validation';
import type { RequestContext } from '../context';

// A delegate is one person of a local authority's delegation, as a participation form or a meeting
// registration lists them: both records share this shape, its checks and who sees its private part.

/** A form lists its delegation; more than this is a mistake, not a delegation. */
export const MAX_DELEGATES = 50;

/** A delegate signs up for a few sessions (site visits, receptions), not for the whole programme. */
export const MAX_DELEGATE_SESSIONS = 50;

/** A delegate as stored (jsonb): they exist only as part of their form or registration. */
export interface DelegateValue {
  name: string;
  nativeName?: string | null;
  function?: string | null;
  email?: string | null;
  head?: boolean;
  language?: Locale | null;
  needs?: string | null;
  sessionIds?: string[];
}

@ObjectType()
export class Delegate {
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: 'The name in the delegate\'s own script, e.g. 鈴木 信宏.' }) nativeName!: string | null;
  @Field(() => String, { nullable: true }) function!: string | null;
  @Field(() => String, { nullable: true, description: "Visible to admins, secretariat seats and the local authority's own representatives only." })
  email!: string | null;
  @Field({ description: 'The head of the delegation (chef de délégation); exactly one per form with delegates.' }) head!: boolean;
  @Field(() => Locale, { nullable: true, description: 'Language the delegate follows the meetings in; interpretation is planned from it.' })
  language!: Locale | null;
  @Field(() => String, { nullable: true, description: 'Diet, access or other needs; visible like email.' }) needs!: string | null;
  @Field(() => [ID], { description: 'Sessions (site visits, receptions...) this delegate signs up for.' }) sessionIds!: string[];
}

@InputType()
export class DelegateInput {
  @Field() @IsLine() name!: string;
  @Field(() => String, { nullable: true }) @IsLine(200, false) nativeName?: string | null;
  @Field(() => String, { nullable: true }) @IsLine(200, false) function?: string | null;
  /** Blank counts as left out. */
  @Field(() => String, { nullable: true })
  @ValidateIf((delegate: DelegateInput) => typeof delegate.email === 'string' && delegate.email.trim() !== '')
  @IsEmailAddress(false)
  email?: string | null;
  @Field(() => Boolean, { nullable: true }) head?: boolean | null;
  @Field(() => Locale, { nullable: true }) language?: Locale | null;
  @Field(() => String, { nullable: true }) @IsPlainText(1000, false) needs?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Sessions of the same edition, e.g. site visits.' })
  @AtMostItems(MAX_DELEGATE_SESSIONS)
  sessionIds?: string[] | null;
}

/** One shape for stored and submitted delegates, so that comparing them compares content. */
export function canonical(delegate: DelegateValue | DelegateInput): Required<DelegateValue> {
  return {
    name: delegate.name.trim(),
    nativeName: delegate.nativeName?.trim() || null,
    function: delegate.function?.trim() || null,
    email: delegate.email?.trim() || null,
    head: delegate.head ?? false,
    language: delegate.language ?? null,
    needs: delegate.needs?.trim() || null,
    sessionIds: [...new Set(delegate.sessionIds ?? [])],
  };
}

/**
 * The delegation as it is kept: exactly one head when there are delegates. None named: the first one
 * leads it (forms sent before heads were asked for read the same way); two named is a mistake.
 */
export function delegation(delegates: Array<DelegateValue | DelegateInput>, field: string): Array<Required<DelegateValue>> {
  const all = delegates.map(canonical);
  const heads = all.filter((d) => d.head).length;
  if (heads > 1) throw BadUserInput.field(field, problem('oneHead', { count: heads }));
  if (all.length && !heads) all[0].head = true;
  return all;
}

/** Delegates as the trail records them: without contact details or needs, since every signed-in user reads the trail. */
export const delegatesForTrail = (delegates: DelegateValue[]) =>
  delegates.map((d) => ({ name: d.name, nativeName: d.nativeName ?? null, function: d.function ?? null, head: d.head ?? false }));

/** Emails and needs only for admins, the edition's secretariat and the authority's own representatives; null for everyone else. */
export function delegatesAsSeenBy(ctx: RequestContext, delegates: DelegateValue[], record: { localAuthorityId: string; editionId: string }): Delegate[] {
  const all = delegates.map(canonical);
  // Stored before heads were asked for: the first one leads.
  if (all.length && !all.some((d) => d.head)) all[0].head = true;
  const private_ = can(ctx, Right.SeeDelegateEmails, record.localAuthorityId, record.editionId);
  return all.map((d) => Object.assign(new Delegate(), d, private_ ? {} : { email: null, needs: null }));
}

/** Sessions a delegate names must be sessions of the record's edition. */
export async function sessionProblems(ctx: RequestContext, delegates: Array<Required<DelegateValue>>, editionId: string, field: string): Promise<FieldProblem[]> {
  const named = [...new Set(delegates.flatMap((d) => d.sessionIds))];
  if (!named.length) return [];
  // Read here rather than through the programme module, which reads delegations for its own checks.
  const rows: Array<{ id: string }> = await ctx.manager.query(
    `SELECT id::text AS id FROM session WHERE edition_id = $2 AND id::text = ANY($1::text[])`, [named, editionId]);
  const known = new Set(rows.map((r) => r.id));
  return delegates.flatMap((d, i) => {
    const unknown = d.sessionIds.find((id) => !known.has(id));
    return unknown === undefined ? [] : [{ field: `${field}[${i}].sessionIds`, problems: [problem('sessionOfAnotherEdition')] }];
  });
}
