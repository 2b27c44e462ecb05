import { ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Locale, UserRole } from '../../common/enums';
import { IsEmailAddress } from '../../common/validation';
import { PersonNameInput } from '../people/people.inputs';

@InputType()
export class InviteInput {
  @Field(() => ID, { nullable: true, description: 'An existing person (a GUEST, or an account never accepted); or give email, name and role for a new one.' })
  personId?: string | null;
  @Field(() => String, { nullable: true }) @IsEmailAddress(false) email?: string | null;
  @Field(() => PersonNameInput, { nullable: true }) @ValidateNested() name?: PersonNameInput | null;
  @Field(() => UserRole, { nullable: true }) role?: UserRole | null;
  @Field(() => ID, { nullable: true }) localAuthorityId?: string | null;
  @Field(() => Locale, { nullable: true }) preferredLocale?: Locale | null;
  @Field(() => Int, { nullable: true, description: '1 to 60; default 14.' }) expiresInDays?: number | null;
}
