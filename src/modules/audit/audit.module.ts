import { ChangeEvent } from '../../db/changes/change-event.entity';
import { defineModule } from '../module';
import { ChangeEventResolver, EditionHistoryResolver } from './audit.resolver';

/** The trail of changes as clients read it: an edition's history and the programChanged subscription. */
export const auditModule = defineModule({ name: 'audit', entities: { ChangeEvent }, resolvers: [ChangeEventResolver, EditionHistoryResolver] });
