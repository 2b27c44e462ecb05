import { ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { AtMostItems, NotEmptyList } from '../../common/validation';
import { DelegateInput, MAX_DELEGATES } from '../authority-records/delegates';

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
