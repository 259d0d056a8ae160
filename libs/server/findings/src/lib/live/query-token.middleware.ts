import { Injectable, NestMiddleware, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** The only routes that accept the access token as a query parameter (EventSource cannot send headers). */
export const QUERY_TOKEN_ROUTES = [
  { path: 'findings/stream', method: RequestMethod.GET },
  { path: 'insights/stream', method: RequestMethod.GET },
];

/**
 * For the stream routes only: `?access_token=` becomes the bearer token when no Authorization header came, so the
 * global guards verify it exactly like a header token. The request logger redacts it from logged URLs.
 */
@Injectable()
export class QueryTokenMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const token = req.query['access_token'];
    if (!req.headers.authorization && typeof token === 'string' && token.length > 0) {
      req.headers.authorization = `Bearer ${token}`;
    }
    next();
  }
}

/** When the (already verified) bearer token of the request expires, in epoch milliseconds; null if it has no expiry. */
export function tokenExpiry(req: Request): number | null {
  const header = req.headers.authorization ?? '';
  const payload = header.startsWith('Bearer ') ? header.slice(7).split('.')[1] : undefined;
  if (!payload) return null;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}
