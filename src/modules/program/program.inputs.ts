import { Field, ID, InputType, Int } from 'type-graphql';
import { Locale, SessionKind } from '../../common/enums';
import { LocalizedTextInput } from '../../common/localized-text';
import { DateTimeScalar } from '../../common/scalars';
import { AtMostItems, IsDescription, IsTitle, IsTitleChange } from '../../common/validation';

const MAX_LINKS = 100;

@InputType()
export class CreateSessionInput {
  @Field(() => ID) editionId!: string;
  @Field(() => SessionKind) kind!: SessionKind;
  @Field(() => LocalizedTextInput) @IsTitle() title!: LocalizedTextInput;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() description?: LocalizedTextInput | null;
  @Field(() => DateTimeScalar) startsAt!: Date;
  @Field(() => DateTimeScalar) endsAt!: Date;
  @Field(() => ID, { nullable: true }) roomId?: string | null;
  @Field(() => [ID], { nullable: true }) @AtMostItems(MAX_LINKS) themeIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) @AtMostItems(MAX_LINKS) speakerIds?: string[] | null;
  @Field({ nullable: true }) interpretation?: boolean;
  @Field(() => Locale, { nullable: true, description: 'The language spoken.' }) language?: Locale | null;
}

@InputType({ description: 'Fields left out are unchanged. `expectedVersion` must equal the current version, or the update fails with CONFLICT.' })
export class UpdateSessionInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => SessionKind, { nullable: true }) kind?: SessionKind | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsTitleChange() title?: LocalizedTextInput | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() description?: LocalizedTextInput | null;
  @Field(() => DateTimeScalar, { nullable: true }) startsAt?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) endsAt?: Date | null;
  @Field(() => ID, { nullable: true }) roomId?: string | null;
  @Field(() => [ID], { nullable: true }) @AtMostItems(MAX_LINKS) themeIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) @AtMostItems(MAX_LINKS) speakerIds?: string[] | null;
  @Field(() => Boolean, { nullable: true }) interpretation?: boolean | null;
  @Field(() => Locale, { nullable: true, description: 'null: not said.' }) language?: Locale | null;
}

@InputType()
export class CreateWorkshopInput {
  @Field(() => ID) sessionId!: string;
  @Field(() => LocalizedTextInput) @IsTitle() title!: LocalizedTextInput;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() description?: LocalizedTextInput | null;
  @Field(() => ID, { nullable: true }) roomId?: string | null;
  @Field(() => [ID], { nullable: true }) @AtMostItems(MAX_LINKS) themeIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) @AtMostItems(MAX_LINKS) moderatorIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) @AtMostItems(MAX_LINKS) speakerIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) @AtMostItems(MAX_LINKS) localAuthorityIds?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Default false.' }) interpretation?: boolean | null;
  @Field(() => Locale, { nullable: true, description: 'The language spoken.' }) language?: Locale | null;
}

@InputType()
export class UpdateWorkshopInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => ID, { nullable: true }) sessionId?: string | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsTitleChange() title?: LocalizedTextInput | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() description?: LocalizedTextInput | null;
  @Field(() => ID, { nullable: true }) roomId?: string | null;
  @Field(() => [ID], { nullable: true }) @AtMostItems(MAX_LINKS) themeIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) @AtMostItems(MAX_LINKS) moderatorIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) @AtMostItems(MAX_LINKS) speakerIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) @AtMostItems(MAX_LINKS) localAuthorityIds?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Default false.' }) interpretation?: boolean | null;
  @Field(() => Locale, { nullable: true, description: 'The language spoken.' }) language?: Locale | null;
}
