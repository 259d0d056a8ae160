import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { ConsentView, ForecastView, InsightList, InsightView, UpcomingChargesView } from '@spendguard/contracts';
import { API_BASE } from '@spendguard/web';
import { map, Observable } from 'rxjs';

/** Forecast, recurring charges, insights and consent: what the analysis tells the customer, and their say in it. */
@Injectable({ providedIn: 'root' })
export class OutlookApi {
  private readonly http = inject(HttpClient);
  private readonly api = inject(API_BASE);

  forecast(): Observable<ForecastView> {
    return this.http.get<ForecastView>(`${this.api}/outlook/forecast`);
  }

  recurring(): Observable<UpcomingChargesView> {
    return this.http.get<UpcomingChargesView>(`${this.api}/outlook/recurring`);
  }

  insights(): Observable<InsightView[]> {
    return this.http.get<InsightList>(`${this.api}/insights`).pipe(map((r) => r.items));
  }

  markRead(id: string, read = true): Observable<unknown> {
    return this.http.post(`${this.api}/insights/${encodeURIComponent(id)}/read`, { read });
  }

  consent(): Observable<ConsentView> {
    return this.http.get<ConsentView>(`${this.api}/consent`);
  }

  setConsent(analysis: boolean): Observable<ConsentView> {
    return this.http.put<ConsentView>(`${this.api}/consent`, { analysis });
  }
}
