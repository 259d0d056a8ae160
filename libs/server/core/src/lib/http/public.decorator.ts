import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'spendguard:public';

/** The route needs no authentication (every other route does, and must declare its roles). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
