import { HttpContextToken, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { InjectionToken } from '@angular/core';
import type { ApiError } from '@spendguard/contracts';

/** Where the API lives; the all-in-one server serves the front ends and the API from one origin. */
export const API_BASE = new InjectionToken<string>('API_BASE', { providedIn: 'root', factory: () => '/api' });

/** Marks a request the auth interceptor leaves alone (sign-in, refresh, sign-out). */
export const SKIP_AUTH = new HttpContextToken<boolean>(() => false);

/** Query parameters from a filter object, leaving out empty values. */
export function queryParams(filters: object): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const v of value) params = params.append(key, String(v));
    } else {
      params = params.set(key, String(value));
    }
  }
  return params;
}

/** The message to show a person for a failed call: the API's own words when it gave some. */
export function apiErrorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) return 'The server cannot be reached. Check your connection and try again.';
    const body = error.error as Partial<ApiError> | null;
    if (body && typeof body === 'object' && body.message) {
      return Array.isArray(body.message) ? body.message.join('; ') : body.message;
    }
    if (error.status === 429) return 'Too many attempts. Wait a moment and try again.';
    if (error.status >= 500) return 'Something went wrong on our side. Try again in a moment.';
    return error.statusText || `Request failed (${error.status})`;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** The field messages of a 400 answer, for forms that show them beside the fields. */
export function apiErrorMessages(error: unknown): string[] {
  if (error instanceof HttpErrorResponse && error.error && typeof error.error === 'object') {
    const message = (error.error as Partial<ApiError>).message;
    if (Array.isArray(message)) return message;
    if (typeof message === 'string') return [message];
  }
  return [apiErrorMessage(error)];
}
