import { ValidateIf, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { AtMostItems, IsEmailAddress, IsLine, NotEmptyList } from '../../common/validation';

/** A form lists its delegation; more than this is a mistake, not a delegation. */
export const MAX_DELEGATES = 50;

@InputType()
export class DelegateInput {
  @Field() @IsLine() name!: string;
  @Field(() => String, { nullable: true }) @IsLine(200, false) function?: string | null;
  /** Blank counts as left out. */
  @Field(() => String, { nullable: true })
  @ValidateIf((delegate: DelegateInput) => typeof delegate.email === 'string' && delegate.email.trim() !== '')
  @IsEmailAddress(false)
  email?: string | null;
}

@InputType()
export class SubmitParticipationInput {
  @Field(() => ID) editionId!: string;
  @Field(() => ID, { nullable: true, description: 'Required for admins; a LOCAL_AUTHORITY user may only submit for their own.' })
  localAuthorityId?: string | null;
  @Field(() => [DelegateInput])
  @NotEmptyList()
  @AtMostItems(MAX_DELEGATES)
  @ValidateNested({ each: true })
  delegates!: DelegateInput[];
  @Field() attendsSteeringMeeting!: boolean;
}
