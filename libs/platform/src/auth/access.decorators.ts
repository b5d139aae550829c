import { SetMetadata } from '@nestjs/common';
import type { Role } from './api-key-entries';

export const REQUIRED_ROLE = 'deepworks:required-role';
export const PUBLIC_ROUTE = 'deepworks:public-route';

/** The least role a key must hold; routes without it need `reader`. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** Open without a key: health, docs, static pages. */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);
