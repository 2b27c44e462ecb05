import { AuthToken } from '../../auth/token.entity';
import { defineModule } from '../module';
import { AccountResolver } from './accounts.resolver';
import { Invitation } from './invitation.entity';
import { InvitationResolver } from './invitations.resolver';

/** Signing in and out, the viewer, personal tokens, invitations and passwords. */
export const accountsModule = defineModule({ name: 'accounts', entities: { AuthToken, Invitation }, resolvers: [AccountResolver, InvitationResolver] });
