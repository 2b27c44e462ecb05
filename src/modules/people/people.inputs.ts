import { Field, ID, InputType, Int } from 'type-graphql';
import { Country, LocalAuthorityKind, Locale, UserRole } from '../../common/enums';
import { LocalizedTextInput } from '../../common/localized-text';
import { ValidateNested } from 'class-validator';
import { HasLength, IsDescription, IsEmailAddress, IsLabel, IsLine, IsName, IsPlainText, IsTitle } from '../../common/validation';

@InputType()
export class CreateLocalAuthorityInput {
  @Field(() => LocalizedTextInput) @IsTitle() name!: LocalizedTextInput;
  @Field(() => Country) country!: Country;
  @Field(() => LocalAuthorityKind) kind!: LocalAuthorityKind;
}

@InputType()
export class UpdateLocalAuthorityInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsLabel() name?: LocalizedTextInput | null;
  @Field(() => LocalAuthorityKind, { nullable: true }) kind?: LocalAuthorityKind | null;
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

@InputType()
export class PersonNameInput {
  @Field() @IsName() latin!: string;
  @Field(() => String, { nullable: true }) @IsName(false) native?: string | null;
  @Field(() => String, { nullable: true }) @IsName(false) kana?: string | null;
}

@InputType({ description: 'A person listed in the programme or a delegation without an account (role GUEST).' })
export class AddPersonInput {
  @Field(() => PersonNameInput) @ValidateNested() name!: PersonNameInput;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsLabel() function?: LocalizedTextInput | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsLabel() organisation?: LocalizedTextInput | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() bio?: LocalizedTextInput | null;
  @Field(() => ID, { nullable: true }) localAuthorityId?: string | null;
  @Field(() => String, { nullable: true, description: 'A contact address, so that the person can be invited later.' })
  @IsEmailAddress(false)
  email?: string | null;
  @Field(() => Locale, { nullable: true }) preferredLocale?: Locale | null;
}

@InputType({ description: 'Omitted fields are left as they are; a LocalizedTextInput changes only the languages it names (null clears one).' })
export class UpdatePersonInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => PersonNameInput, { nullable: true }) @ValidateNested() name?: PersonNameInput | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsLabel() function?: LocalizedTextInput | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsLabel() organisation?: LocalizedTextInput | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() bio?: LocalizedTextInput | null;
  @Field(() => Locale, { nullable: true }) preferredLocale?: Locale | null;
  @Field(() => String, { nullable: true, description: 'Admins only, as are role and localAuthorityId.' })
  @IsEmailAddress(false)
  email?: string | null;
  @Field(() => UserRole, { nullable: true }) role?: UserRole | null;
  @Field(() => ID, { nullable: true }) localAuthorityId?: string | null;
}
