import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { Versioned } from '../../common/base-columns';
import { Country, EditionStatus, ReleaseApprovalRule } from '../../common/enums';
import { LocalizedText } from '../../common/localized-text';
import type { LocalizedTextValue } from '../../common/localized-text';
import { DateScalar, DateTimeScalar } from '../../common/scalars';

@ObjectType({ description: 'One biennial edition of the meetings (1st: Nancy, 2008; 7th: Aix-en-Provence, 2022; 8th: Shizuoka, 2024).' })
@Entity()
export class Edition extends Versioned {
  @Field(() => Int)
  @Column({ type: 'int', unique: true })
  number!: number;

  @Field(() => LocalizedText)
  @Column({ type: 'jsonb' })
  title!: LocalizedTextValue;

  @Field(() => LocalizedText)
  @Column({ type: 'jsonb' })
  hostCity!: LocalizedTextValue;

  @Field(() => Country)
  @Column({ type: 'text' })
  hostCountry!: Country;

  @Field(() => DateScalar)
  @Column({ type: 'date' })
  startDate!: string;

  @Field(() => DateScalar)
  @Column({ type: 'date' })
  endDate!: string;

  @Field({ description: 'IANA zone of the host city, e.g. Asia/Tokyo; every programme time is shown in it by default.' })
  @Column({ type: 'text' })
  timeZone!: string;

  @Field(() => LocalizedText, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  generalTheme!: LocalizedTextValue | null;

  @Field(() => EditionStatus)
  @Column({ type: 'text', default: EditionStatus.PLANNING })
  status!: EditionStatus;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Suggestions are refused after this instant (DEADLINE_PASSED), admins excepted.' })
  @Column({ type: 'timestamptz', nullable: true })
  suggestionDeadline!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Participation forms are refused after this instant (DEADLINE_PASSED), admins excepted.' })
  @Column({ type: 'timestamptz', nullable: true })
  participationDeadline!: Date | null;

  @Field(() => Float, { description: "Share of a committee's voting members (PRESIDENT, MEMBER) who must cast a ballot, ABSTAIN included, for its quorum: 0 < share <= 1." })
  @Column({ type: 'numeric', precision: 3, scale: 2, default: 0.5, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  quorumShare!: number;

  @Field(() => ReleaseApprovalRule, {
    description: 'SINGLE: one president, secretariat seat or admin publishes. BOTH_COMMITTEES: a release waits for a president or secretariat seat of the other committee to approve it.',
  })
  @Column({ type: 'text', default: ReleaseApprovalRule.SINGLE })
  releaseApproval!: ReleaseApprovalRule;
}
