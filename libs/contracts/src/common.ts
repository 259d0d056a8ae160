/** Error body of every 4xx/5xx answer. `message` is an array for field validation errors. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string | string[];
  requestId?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

export const PAGE_DEFAULT_LIMIT = 50;
export const PAGE_MAX_LIMIT = 500;

export interface HealthView {
  status: 'ok' | 'error';
  info?: Record<string, unknown>;
  error?: Record<string, unknown>;
}
