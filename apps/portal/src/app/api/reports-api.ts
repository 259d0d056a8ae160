import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreateReportRequest, ReportView } from '@spendguard/contracts';
import { API_BASE } from '@spendguard/web';
import { Observable } from 'rxjs';

/** Excel reports: requested for a period, built by a worker, downloaded once they have succeeded. */
@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly http = inject(HttpClient);
  private readonly api = inject(API_BASE);

  request(from: string, to: string): Observable<ReportView> {
    const body: CreateReportRequest = { from, to };
    return this.http.post<ReportView>(`${this.api}/reports`, body);
  }

  get(id: string): Observable<ReportView> {
    return this.http.get<ReportView>(`${this.api}/reports/${encodeURIComponent(id)}`);
  }

  /** The workbook as a blob (the download needs the bearer token, so it cannot be a plain link). */
  download(id: string): Observable<Blob> {
    return this.http.get(`${this.api}/reports/${encodeURIComponent(id)}/download`, { responseType: 'blob' });
  }
}
