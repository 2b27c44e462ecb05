import { Field, ID, ObjectType } from 'type-graphql';
import { Locale, ReleaseChangeKind, SessionKind } from '../../common/enums';
import { LocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';
import { DateScalar, DateTimeScalar } from '../../common/scalars';

// The frozen shape of a release, stored as jsonb in program_release.snapshot and served as is.

export interface ReleasedWorkshopValue {
  id: string;
  itemNumber: number;
  title: LocalizedTextValue;
  description: LocalizedTextValue | null;
  roomName: LocalizedTextValue | null;
  themeTitles: LocalizedTextValue[];
  moderatorNames: string[];
  speakerNames: string[];
  /** Each name in Latin letters and native script, so that every reader gets their form (absent from releases made before). */
  moderators?: ReleasedName[];
  speakers?: ReleasedName[];
  localAuthorityNames: LocalizedTextValue[];
  /** Absent from releases frozen before workshops said so (read as the session's). */
  interpretation?: boolean;
  language?: Locale | null;
}

/** A person's name as a release keeps it. */
export interface ReleasedName {
  latin: string;
  native: string | null;
}

export interface ReleasedSessionValue {
  id: string;
  itemNumber: number;
  kind: SessionKind;
  title: LocalizedTextValue;
  description: LocalizedTextValue | null;
  startsAt: string;
  endsAt: string;
  roomName: LocalizedTextValue | null;
  interpretation: boolean;
  /** The language spoken; absent from releases frozen before sessions said so. */
  language?: Locale | null;
  themeTitles: LocalizedTextValue[];
  speakerNames: string[];
  speakers?: ReleasedName[];
  workshops: ReleasedWorkshopValue[];
}

export interface ReleasedDayValue {
  date: string;
  sessions: ReleasedSessionValue[];
}

export interface ProgramSnapshot {
  edition: {
    number: number;
    title: LocalizedTextValue;
    hostCity: LocalizedTextValue;
    timeZone: string;
    startDate: string;
    endDate: string;
  };
  days: ReleasedDayValue[];
}

export interface ReleaseChangeValue {
  kind: ReleaseChangeKind;
  /** ProgramRelease: this release replaces one that was waiting for approval. */
  entityType: 'Session' | 'Workshop' | 'ProgramRelease';
  entityId: string;
  summary: LocalizedTextValue;
}

@ObjectType()
export class ReleasedWorkshop {
  @Field(() => ID) id!: string;
  @Field(() => LocalizedText) title!: LocalizedTextValue;
  @Field(() => LocalizedText, { nullable: true }) description!: LocalizedTextValue | null;
  @Field(() => LocalizedText, { nullable: true }) roomName!: LocalizedTextValue | null;
  @Field(() => [LocalizedText]) themeTitles!: LocalizedTextValue[];
  @Field(() => [String]) moderatorNames!: string[];
  @Field(() => [String]) speakerNames!: string[];
  @Field(() => [LocalizedText]) localAuthorityNames!: LocalizedTextValue[];
  @Field(() => Boolean, { nullable: true, description: "French-Japanese interpretation; null in releases frozen before workshops said so (then the session's applies)." })
  interpretation?: boolean;
  @Field(() => Locale, { nullable: true, description: 'The language spoken (null: not said).' }) language?: Locale | null;
}

@ObjectType()
export class ReleasedSession {
  @Field(() => ID) id!: string;
  @Field(() => SessionKind) kind!: SessionKind;
  @Field(() => LocalizedText) title!: LocalizedTextValue;
  @Field(() => LocalizedText, { nullable: true }) description!: LocalizedTextValue | null;
  @Field(() => DateTimeScalar) startsAt!: string;
  @Field(() => DateTimeScalar) endsAt!: string;
  @Field(() => LocalizedText, { nullable: true }) roomName!: LocalizedTextValue | null;
  @Field() interpretation!: boolean;
  @Field(() => Locale, { nullable: true, description: 'The language spoken (null: not said).' }) language?: Locale | null;
  @Field(() => [LocalizedText]) themeTitles!: LocalizedTextValue[];
  @Field(() => [String]) speakerNames!: string[];
  @Field(() => [ReleasedWorkshop]) workshops!: ReleasedWorkshopValue[];
}

@ObjectType()
export class ReleasedDay {
  @Field(() => DateScalar) date!: string;
  @Field(() => [ReleasedSession]) sessions!: ReleasedSessionValue[];
}

@ObjectType()
export class ReleaseChange {
  @Field(() => ReleaseChangeKind) kind!: ReleaseChangeKind;
  @Field({ description: 'Session or Workshop; ProgramRelease when this release replaces one that was awaiting approval' }) entityType!: string;
  @Field(() => ID) entityId!: string;
  @Field(() => LocalizedText) summary!: LocalizedTextValue;
}
