import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../context';
import { Notification } from '../notifications/notification.entity';
import { Edition } from './edition.entity';

// Here rather than in the notifications module, which reads no other module (the modules it serves import it).
@Resolver(() => Notification)
export class NotificationEditionResolver {
  @FieldResolver(() => Edition, { nullable: true })
  edition(@Root() notification: Notification, @Ctx() ctx: RequestContext): Promise<Edition | null> | null {
    return notification.editionId ? ctx.loaders.byId(Edition).load(notification.editionId) : null;
  }
}
