import { ParseUUIDPipe } from '@nestjs/common';
import { notFound } from '@spendguard/server-core';

/** A path id that is not a UUID cannot name anything: 404, the same answer as for someone else's resource. */
export const idOf = (what: string) => new ParseUUIDPipe({ exceptionFactory: () => notFound(what) });
