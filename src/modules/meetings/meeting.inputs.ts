import { ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { LocalizedTextInput } from '../../common/localized-text';
import { DateTimeScalar } from '../../common/scalars';
import { AtLeast, AtMost, AtMostItems, IsDescription, IsTitle, IsTitleChange, NotEmptyList } from '../../common/validation';
import { DelegateInput, MAX_DELEGATES } from '../authority-records/delegates';

/** An agenda is a page, not a programme. */
export const MAX_AGENDA_ITEMS = 100;

@InputType()
export class AgendaItemInput {
  @Field(() => LocalizedTextInput) @IsTitle() title!: LocalizedTextInput;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() notes?: LocalizedTextInput | null;
}

@InputType()
export class ScheduleMeetingInput {
  @Field(() => ID) editionId!: string;
  /** Left out or null: a joint French-Japanese meeting. */
  @Field(() => ID, { nullable: true }) committeeId?: string | null;
  @Field(() => LocalizedTextInput) @IsTitle() title!: LocalizedTextInput;
  @Field(() => DateTimeScalar) startsAt!: Date;
  @Field(() => DateTimeScalar) endsAt!: Date;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() place?: LocalizedTextInput | null;
  @Field(() => [AgendaItemInput], { nullable: true })
  @AtMostItems(MAX_AGENDA_ITEMS)
  @ValidateNested({ each: true })
  agenda?: AgendaItemInput[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Default false.' }) openToLocalAuthorities?: boolean | null;
  @Field(() => DateTimeScalar, { nullable: true }) registrationDeadline?: Date | null;
}

@InputType({ description: 'Fields left out are unchanged. `expectedVersion` must equal the current version, or the update fails with CONFLICT.' })
export class UpdateMeetingInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsTitleChange() title?: LocalizedTextInput | null;
  @Field(() => DateTimeScalar, { nullable: true }) startsAt?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) endsAt?: Date | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() place?: LocalizedTextInput | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() minutes?: LocalizedTextInput | null;
  @Field(() => Boolean, { nullable: true }) openToLocalAuthorities?: boolean | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'null: no deadline.' }) registrationDeadline?: Date | null;
}

@InputType({ description: 'Submitting again for the same meeting and authority updates the registration.' })
export class MeetingRegistrationInput {
  @Field(() => ID) meetingId!: string;
  @Field(() => ID, { nullable: true, description: "Defaults to the caller's own authority." }) localAuthorityId?: string | null;
  @Field(() => [DelegateInput])
  @NotEmptyList()
  @AtMostItems(MAX_DELEGATES)
  @ValidateNested({ each: true })
  attendees!: DelegateInput[];
  @Field(() => Boolean, { nullable: true, description: 'Default false: in person.' }) online?: boolean | null;
}

@InputType()
export class AddAgendaItemInput {
  @Field(() => ID) meetingId!: string;
  @Field(() => Int, { description: "The meeting's version." }) expectedVersion!: number;
  @Field(() => LocalizedTextInput) @IsTitle() title!: LocalizedTextInput;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() notes?: LocalizedTextInput | null;
  /** Checked against the agenda's length by the service. */
  @Field(() => Int, { nullable: true, description: 'From 1 to the number of items plus one; left out: at the end. Later items move down.' })
  @AtLeast(1)
  @AtMost(MAX_AGENDA_ITEMS)
  position?: number | null;
}

@InputType({ description: 'Fields left out are unchanged.' })
export class UpdateAgendaItemInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: "The meeting's version." }) expectedVersion!: number;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsTitleChange() title?: LocalizedTextInput | null;
  @Field(() => LocalizedTextInput, { nullable: true }) @IsDescription() notes?: LocalizedTextInput | null;
}
