import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import type {
  AnnotateRequest,
  AnnotationView,
  ApproveRequest,
  AssignRequest,
  BulkRequest,
  BulkResponse,
  DailyReviewFlow,
  DismissRequest,
  FindingDetailView,
  FindingEventView,
  FindingListQuery,
  FindingMetrics,
  FindingPage,
  FindingView,
  MetricsWindow,
  RejectDismissalRequest,
  SnoozeRequest,
} from '@spendguard/contracts';
import { API_BASE, queryParams } from '@spendguard/web';

/** The review workflow's routes (`/api/findings`), typed from libs/contracts. */
@Injectable({ providedIn: 'root' })
export class FindingsApi {
  private readonly http = inject(HttpClient);
  private readonly base = `${inject(API_BASE)}/findings`;

  list(query: FindingListQuery): Observable<FindingPage> {
    return this.http.get<FindingPage>(this.base, { params: queryParams(query) });
  }

  get(id: string): Observable<FindingDetailView> {
    return this.http.get<FindingDetailView>(`${this.base}/${id}`);
  }

  events(id: string): Observable<FindingEventView[]> {
    return this.http.get<{ items: FindingEventView[] }>(`${this.base}/${id}/events`).pipe(map((r) => r.items));
  }

  /** Claims the most urgent unclaimed finding for the caller; null when the queue is empty (204). */
  next(): Observable<FindingView | null> {
    return this.http.get<FindingView>(`${this.base}/next`, { observe: 'response' }).pipe(map((r) => (r.status === 204 ? null : r.body)));
  }

  claim(id: string, version: number): Observable<FindingView> {
    return this.http.post<FindingView>(`${this.base}/${id}/claim`, { version });
  }

  release(id: string, version: number): Observable<FindingView> {
    return this.http.post<FindingView>(`${this.base}/${id}/release`, { version });
  }

  approve(id: string, body: ApproveRequest): Observable<FindingView> {
    return this.http.post<FindingView>(`${this.base}/${id}/approve`, body);
  }

  dismiss(id: string, body: DismissRequest): Observable<FindingView> {
    return this.http.post<FindingView>(`${this.base}/${id}/dismiss`, body);
  }

  snooze(id: string, body: SnoozeRequest): Observable<FindingView> {
    return this.http.post<FindingView>(`${this.base}/${id}/snooze`, body);
  }

  assign(id: string, body: AssignRequest): Observable<FindingView> {
    return this.http.post<FindingView>(`${this.base}/${id}/assign`, body);
  }

  confirmDismissal(id: string, version: number): Observable<FindingView> {
    return this.http.post<FindingView>(`${this.base}/${id}/confirm-dismissal`, { version });
  }

  rejectDismissal(id: string, body: RejectDismissalRequest): Observable<FindingView> {
    return this.http.post<FindingView>(`${this.base}/${id}/reject-dismissal`, body);
  }

  annotate(id: string, body: AnnotateRequest): Observable<AnnotationView> {
    return this.http.post<AnnotationView>(`${this.base}/${id}/annotate`, body);
  }

  bulk(body: BulkRequest): Observable<BulkResponse> {
    return this.http.post<BulkResponse>(`${this.base}/bulk`, body);
  }

  metrics(days: MetricsWindow): Observable<FindingMetrics> {
    return this.http.get<FindingMetrics>(`${this.base}/metrics`, { params: { days } });
  }

  dailyFlow(days: MetricsWindow): Observable<DailyReviewFlow> {
    return this.http.get<DailyReviewFlow>(`${this.base}/metrics/daily`, { params: { days } });
  }
}
