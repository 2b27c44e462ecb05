import { AuthToken } from '../../auth/token.entity';
import { defineModule } from '../module';
import { AccountResolver } from './accounts.resolver';

/** Signing in and out, the viewer, personal tokens. */
export const accountsModule = defineModule({ name: 'accounts', entities: { AuthToken }, resolvers: [AccountResolver] });
