import { Field, InputType } from 'type-graphql';
import { NotificationKind } from './notification.kinds';

@InputType()
export class NotificationSettingsInput {
  @Field(() => Boolean, { nullable: true })
  email?: boolean | null;

  @Field(() => [NotificationKind], { nullable: true })
  muted?: NotificationKind[] | null;
}
