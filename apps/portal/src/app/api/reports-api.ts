import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { API_BASE } from '@spendguard/web';
import { Observable } from 'rxjs';

/**
 * Excel reports per API.md (`POST /reports` -> 202 `{id, status}`, `GET /reports/:id`, `GET /reports/:id/download`).
 * The reports service lands separately and has no shared contract type yet, so only the fields the contract
 * names are relied on here.
 */
export type ReportStatus = 'queued' | 'running' | 'succeeded' | 'failed' | string;

export interface ReportJob {
  id: string;
  status: ReportStatus;
  from?: string;
  to?: string;
  error?: string | null;
}

export const REPORT_DONE = new Set(['succeeded', 'done', 'ready', 'completed']);
export const REPORT_FAILED = new Set(['failed', 'error']);

@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly http = inject(HttpClient);
  private readonly api = inject(API_BASE);

  request(from: string, to: string): Observable<ReportJob> {
    return this.http.post<ReportJob>(`${this.api}/reports`, { from, to });
  }

  get(id: string): Observable<ReportJob> {
    return this.http.get<ReportJob>(`${this.api}/reports/${encodeURIComponent(id)}`);
  }

  /** The workbook as a blob (the download needs the bearer token, so it cannot be a plain link). */
  download(id: string): Observable<Blob> {
    return this.http.get(`${this.api}/reports/${encodeURIComponent(id)}/download`, { responseType: 'blob' });
  }
}
