import { Field, ID, InputType, Int } from 'type-graphql';
import { SuggestionKind, SuggestionStatus } from '../../common/enums';
import { LocalizedTextInput } from '../../common/localized-text';
import { DESCRIPTION_MAX, IsDescription, IsPlainText, IsTitle } from '../../common/validation';

@InputType()
export class SubmitSuggestionInput {
  @Field(() => ID) editionId!: string;
  @Field(() => ID, { nullable: true, description: 'Required for admins; a LOCAL_AUTHORITY user may only submit for their own.' })
  localAuthorityId?: string | null;
  @Field(() => SuggestionKind) kind!: SuggestionKind;
  @Field(() => LocalizedTextInput) @IsTitle() title!: LocalizedTextInput;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() body?: LocalizedTextInput | null;
}

@InputType()
export class ReviewSuggestionInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => SuggestionStatus) status!: SuggestionStatus;
  /** Left out: unchanged; null or blank: cleared. */
  @Field(() => String, { nullable: true }) @IsPlainText(DESCRIPTION_MAX, false) reviewNote?: string | null;
}
