import { DynamicModule, Module } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from '../config/app-config';
import { requestIdFor } from '../http/request-id';

/** Human-readable lines for local use; JSON (the default) for anything that ships logs. */
function prettyTransport(config: Pick<AppConfig, 'logFormat'>) {
  return config.logFormat === 'pretty'
    ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,req,res' } } }
    : {};
}

/** A plain pino logger for code that runs before (or outside) a Nest application. */
export function createProcessLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>, context: string): pino.Logger {
  return pino({ level: config.logLevel, base: { context }, ...prettyTransport(config) });
}

/** Query parameters that may carry credentials (EventSource cannot send headers). */
const SECRET_QUERY_RE = /([?&](?:access_token|token|refreshToken)=)[^&]*/gi;

type AuthedRequest = IncomingMessage & { id?: string; user?: { userId?: string; tenantId?: string } };

/**
 * Structured JSON logs (pino) with a request id on every line, the tenant and user of the request,
 * and credentials redacted wherever they could appear.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: Pick<AppConfig, 'logLevel' | 'env' | 'logFormat'>): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            ...prettyTransport(config),
            // the HTTP server assigns the id (and echoes it as X-Request-Id): createHttpAdapter
            genReqId: requestIdFor,
            customProps: (req: IncomingMessage) => {
              const user = (req as AuthedRequest).user;
              return user ? { tenantId: user.tenantId, userId: user.userId } : {};
            },
            autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/api/health') },
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                'res.headers["set-cookie"]',
                '*.password',
                '*.currentPassword',
                '*.newPassword',
                '*.refreshToken',
                '*.accessToken',
              ],
              censor: '[redacted]',
            },
            serializers: {
              req: (req: { id: string; method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string }) => ({
                id: req.id,
                method: req.method,
                url: String(req.url).replace(SECRET_QUERY_RE, '$1[redacted]'),
                userAgent: req.headers['user-agent'],
                remoteAddress: req.remoteAddress,
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
    };
  }
}
