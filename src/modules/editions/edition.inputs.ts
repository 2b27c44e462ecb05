import { IsOptional } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { Country, EditionStatus, ReleaseApprovalRule } from '../../common/enums';
import { LocalizedTextInput } from '../../common/localized-text';
import { DateScalar, DateTimeScalar } from '../../common/scalars';
import { AtLeast, AtMost, HasTwoDecimalsAtMost, IsDescription, IsLabel, IsTimeZone, IsTitle, IsTitleChange, IsWholeNumber, MoreThanZero } from '../../common/validation';

@InputType()
export class CreateEditionInput {
  @Field(() => Int) @IsWholeNumber() @AtLeast(1) @AtMost(1000) number!: number;
  @Field(() => LocalizedTextInput) @IsTitle() title!: LocalizedTextInput;
  @Field(() => LocalizedTextInput) @IsTitle() hostCity!: LocalizedTextInput;
  @Field(() => Country) hostCountry!: Country;
  @Field(() => DateScalar) startDate!: string;
  @Field(() => DateScalar) endDate!: string;
  @Field() @IsTimeZone() timeZone!: string;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() generalTheme?: LocalizedTextInput | null;
  @Field(() => DateTimeScalar, { nullable: true }) suggestionDeadline?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) participationDeadline?: Date | null;
  @Field(() => ReleaseApprovalRule, { nullable: true, description: 'Default SINGLE.' }) releaseApproval?: ReleaseApprovalRule | null;
}

@InputType()
export class UpdateEditionInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsTitleChange() title?: LocalizedTextInput | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsTitleChange() hostCity?: LocalizedTextInput | null;
  @Field(() => DateScalar, { nullable: true }) startDate?: string | null;
  @Field(() => DateScalar, { nullable: true }) endDate?: string | null;
  @Field(() => String, { nullable: true }) @IsTimeZone() timeZone?: string | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() generalTheme?: LocalizedTextInput | null;
  @Field(() => EditionStatus, { nullable: true }) status?: EditionStatus | null;
  @Field(() => DateTimeScalar, { nullable: true }) suggestionDeadline?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) participationDeadline?: Date | null;
  // Stored as numeric(3, 2): a third decimal would be rounded away silently, so it is refused.
  @Field(() => Float, { nullable: true, description: 'Quorum share of each committee: more than 0, at most 1, two decimals at most.' })
  @IsOptional()
  @HasTwoDecimalsAtMost()
  @MoreThanZero()
  @AtMost(1)
  quorumShare?: number | null;
  @Field(() => ReleaseApprovalRule, { nullable: true }) releaseApproval?: ReleaseApprovalRule | null;
}

@InputType()
export class CreateRoomInput {
  @Field(() => ID) editionId!: string;
  @Field(() => LocalizedTextInput) @IsTitle() name!: LocalizedTextInput;
  @Field(() => Int, { nullable: true }) @AtLeast(0) @AtMost(100_000) capacity?: number | null;
}

@InputType()
export class UpdateRoomInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsLabel() name?: LocalizedTextInput | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @AtLeast(0) @AtMost(100_000) capacity?: number | null;
}
