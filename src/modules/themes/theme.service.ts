import type { VersionedTarget } from '../../common/versioned-write';
import { Theme } from './theme.entity';

export const THEME: VersionedTarget<Theme> = { entity: Theme, typeName: 'Theme', editionIdOf: (t) => t.editionId };
