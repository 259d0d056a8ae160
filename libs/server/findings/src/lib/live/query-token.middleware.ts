import { Injectable, NestMiddleware, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';

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
  use(req: IncomingMessage, _res: ServerResponse, next: () => void): void {
    const query = req.url?.indexOf('?') ?? -1;
    const token = query >= 0 ? new URLSearchParams(req.url?.slice(query + 1)).get('access_token') : null;
    if (!req.headers.authorization && token) {
      req.headers.authorization = `Bearer ${token}`;
    }
    next();
  }
}

/** When the (already verified) bearer token of the request expires, in epoch milliseconds; null if it has no expiry. */
export function tokenExpiry(req: { headers: IncomingMessage['headers'] }): number | null {
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
