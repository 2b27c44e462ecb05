import { Field, ID, InputType, Int } from 'type-graphql';
import { BallotChoice } from '../../common/enums';
import { LocalizedTextInput } from '../../common/localized-text';
import { IsDescription, IsPlainText, IsTitle, IsTitleChange } from '../../common/validation';

/** A ballot's comment: a short explanation, not a document. */
export const COMMENT_MAX = 2_000;

@InputType()
export class ProposeThemeInput {
  @Field(() => ID) editionId!: string;
  @Field(() => LocalizedTextInput) @IsTitle() title!: LocalizedTextInput;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() description?: LocalizedTextInput | null;
}

@InputType()
export class UpdateThemeInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsTitleChange() title?: LocalizedTextInput | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() description?: LocalizedTextInput | null;
}

@InputType()
export class CastBallotInput {
  @Field(() => ID) themeId!: string;
  @Field(() => BallotChoice) choice!: BallotChoice;
  @Field(() => String, { nullable: true }) @IsPlainText(COMMENT_MAX, false) comment?: string | null;
}
