import { Field, ID, InputType } from 'type-graphql';
import { Country, LocalAuthorityKind, Locale, UserRole } from '../../common/enums';
import { LocalizedTextInput } from '../../common/localized-text';
import { HasLength, IsEmailAddress, IsLine, IsTitle } from '../../common/validation';

@InputType()
export class CreateLocalAuthorityInput {
  @Field(() => LocalizedTextInput) @IsTitle() name!: LocalizedTextInput;
  @Field(() => Country) country!: Country;
  @Field(() => LocalAuthorityKind) kind!: LocalAuthorityKind;
}

@InputType()
export class CreatePersonInput {
  @Field() @IsLine() displayName!: string;
  @Field() @IsEmailAddress() email!: string;
  @Field(() => UserRole) role!: UserRole;
  @Field(() => Locale, { nullable: true }) preferredLocale?: Locale | null;
  @Field(() => ID, { nullable: true }) localAuthorityId?: string | null;
  @Field({ description: 'At least 12 characters.' })
  @HasLength(12, 1024)
  password!: string;
}
