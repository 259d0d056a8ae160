import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { DomainError, invalid } from '@spendguard/server-core';

export const CSV_MAX_BYTES = 10 * 1024 * 1024;

/** Limits for the multipart parser: one file of at most 10 MB and a few small text fields. */
export const CSV_UPLOAD_LIMITS = { fileSize: CSV_MAX_BYTES, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 };

/**
 * Puts the multipart parser's errors into the application's own words, so the one error map decides the status:
 * an oversize file is `too_large` (413), any other upload problem is `invalid` (400).
 */
@Injectable()
export class UploadErrorsInterceptor implements NestInterceptor {
  intercept(_ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof PayloadTooLargeException) {
          return throwError(() => new DomainError('too_large', `The file is larger than the ${CSV_MAX_BYTES / 1024 / 1024} MB limit`));
        }
        if (error instanceof BadRequestException) {
          const message = error.message;
          if (/Unexpected field|Too many|Field name|Multipart|Unexpected end/i.test(message)) {
            return throwError(() => invalid(`The upload is not valid (${message}): send one CSV as the multipart field "file"`));
          }
        }
        return throwError(() => error);
      }),
    );
  }
}
