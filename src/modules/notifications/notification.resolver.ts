import { Arg, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { demandSignedIn, Right } from '../../auth/rights';
import type { Notice } from '../../db/queue/notice-feed';
import type { RequestContext } from '../context';
import { Notification, NotificationSettings } from './notification.entity';
import { NotificationSettingsInput } from './notification.inputs';
import * as notifications from './notification.service';

@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => [Notification], { description: "The caller's notifications, newest first." })
  myNotifications(
    @Ctx() ctx: RequestContext,
    @Arg('unreadOnly', () => Boolean, { nullable: true, defaultValue: false }) unreadOnly: boolean | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 50 }) limit: number | null,
  ): Promise<Notification[]> {
    return notifications.myNotifications(ctx, unreadOnly ?? false, limit ?? 50);
  }

  @Query(() => NotificationSettings)
  myNotificationSettings(@Ctx() ctx: RequestContext): Promise<NotificationSettings> {
    return notifications.settingsOf(ctx);
  }

  @Mutation(() => Int)
  markNotificationsRead(@Ctx() ctx: RequestContext, @Arg('ids', () => [ID], { nullable: true }) ids?: string[] | null): Promise<number> {
    return notifications.markRead(ctx, ids);
  }

  @Mutation(() => NotificationSettings)
  updateNotificationSettings(@Ctx() ctx: RequestContext, @Arg('input', () => NotificationSettingsInput) input: NotificationSettingsInput): Promise<NotificationSettings> {
    return notifications.updateSettings(ctx, input);
  }

  @Subscription(() => Notification, {
    description: "The caller's new notifications, as they are created.",
    subscribe: async ({ context }) => {
      const ctx = context as RequestContext;
      demandSignedIn(ctx, Right.ManageOwnNotifications);
      return ctx.notices.subscribe(ctx.actor!.person.id);
    },
  })
  async notificationAdded(@Root() notice: Notice, @Ctx() ctx: RequestContext): Promise<Notification> {
    return (await ctx.manager.findOne(Notification, { where: { id: notice.id } }))!;
  }
}
