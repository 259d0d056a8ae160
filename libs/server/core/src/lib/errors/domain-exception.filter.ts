import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import type { ApiError } from '@spendguard/contracts';
import { DomainError, DomainErrorKind } from './domain-errors';

/** The one map from domain errors to HTTP statuses. */
export const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  gone: HttpStatus.GONE,
  conflict: HttpStatus.CONFLICT,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  locked: HttpStatus.LOCKED,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** PostgreSQL error codes that are the client's fault and safe to describe generically. */
const PG_CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  '23505': { status: 409, message: 'This conflicts with something that already exists' },
  '23503': { status: 409, message: 'This refers to something that does not exist or is still in use' },
  '23514': { status: 400, message: 'A value is out of the allowed range' },
  '22P02': { status: 400, message: 'A value has the wrong format' },
  '22003': { status: 400, message: 'A number is out of range' },
  '22001': { status: 400, message: 'A value is too long' },
  '22007': { status: 400, message: 'A date or time has the wrong format' },
  '22008': { status: 400, message: 'A date or time is out of range' },
  '40001': { status: 409, message: 'Another change happened at the same time; please retry' },
};

/**
 * Turns every error into the API's error body `{statusCode, error, message, requestId}`.
 * Stack traces, SQL and other tenants' data never reach the client; unexpected errors are logged.
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    const { status, message, details } = this.describe(exception, req);
    if (reply.sent || reply.raw.headersSent) return;
    const body: ApiError & Record<string, unknown> = {
      statusCode: status,
      error: REASON[status] ?? 'Error',
      message,
      ...(details ?? {}),
      ...(req.id ? { requestId: String(req.id) } : {}),
    };
    void reply.status(status).send(body);
  }

  private describe(
    exception: unknown,
    req: FastifyRequest,
  ): { status: number; message: string | string[]; details?: Record<string, unknown> } {
    if (exception instanceof DomainError) {
      return { status: STATUS_BY_KIND[exception.kind], message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      let message: string | string[] = exception.message;
      if (typeof response === 'object' && response !== null && 'message' in response) {
        message = (response as { message: string | string[] }).message;
      }
      // Nest turns the body parser's errors into HTTP exceptions carrying the parser's own wording.
      if (status === 400 && typeof message === 'string' && /\bJSON\b/.test(message)) {
        message = 'The request body is not valid JSON';
      }
      if (status === 413) message = 'The request body is too large';
      if (status === 429) message = 'Too many requests; please wait and try again';
      if (status >= 500) this.logger.error({ err: exception, path: req.url }, 'HTTP exception');
      return { status, message };
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception as QueryFailedError & { driverError?: { code?: string } }).driverError?.code;
      const known = code ? PG_CLIENT_ERRORS[code] : undefined;
      if (known) return known;
    }
    this.logger.error({ err: exception, path: req.url }, 'Unhandled error');
    return { status: 500, message: 'Internal server error' };
  }
}
