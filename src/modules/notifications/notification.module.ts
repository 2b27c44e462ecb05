import { defineModule } from '../module';
import { Notification, NotificationSettings } from './notification.entity';
import { NotificationResolver } from './notification.resolver';
import { notificationJobs } from './notification.service';

/** Notifications: written for each recipient in their language, listed, pushed, mailed. */
export const notificationsModule = defineModule({
  name: 'notifications',
  entities: { Notification, NotificationSettings },
  resolvers: [NotificationResolver],
  jobs: notificationJobs,
});
