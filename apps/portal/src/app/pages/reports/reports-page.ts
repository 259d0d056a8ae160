import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import type { ReportView } from '@spendguard/contracts';
import { addMonths, apiErrorMessage, lastDayOf, LocalDatePipe, monthOf, Session, TenantProfile, todayIn } from '@spendguard/web';
import { catchError, EMPTY, expand, forkJoin, map, of, switchMap, takeWhile, timer } from 'rxjs';
import { ReportsApi } from '../../api/reports-api';

export type ReportEntry = Pick<ReportView, 'id' | 'status' | 'from' | 'to' | 'error' | 'expiresAt'>;

const POLL_MS = 2000;
const finished = (r: Pick<ReportView, 'status'>) => r.status === 'succeeded' || r.status === 'failed';

@Component({
  selector: 'sg-reports-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatError, MatInput, MatButton, MatIcon, MatProgressSpinner, LocalDatePipe],
  templateUrl: './reports-page.html',
  styles: `
    form { display: flex; gap: 12px; flex-wrap: wrap; align-items: center; max-width: 760px; }
    form mat-form-field { flex: 1 1 160px; }
    .intro { max-width: 760px; margin-top: 0; }
    .error { color: var(--mat-sys-error); }
    .reports { list-style: none; padding: 0; display: flex; flex-direction: column; gap: 8px; max-width: 760px; }
    .reports li { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 12px 16px; }
  `,
})
export class ReportsPage {
  private readonly api = inject(ReportsApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly today = todayIn(inject(TenantProfile).profile().timezone);
  protected readonly reports = signal<ReportEntry[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The API has no list of reports: the ids this browser requested are kept per user so a reload finds them. */
  private readonly storageKey = `spendguard.portal.reports.${inject(Session).user()?.id ?? 'anonymous'}`;

  protected readonly form = inject(NonNullableFormBuilder).group({
    from: [`${addMonths(monthOf(this.today), -11)}-01`, [Validators.required]],
    to: [lastDayOf(monthOf(this.today)) > this.today ? this.today : lastDayOf(monthOf(this.today)), [Validators.required]],
  });

  constructor() {
    this.restore();
  }

  request(): void {
    const { from, to } = this.form.getRawValue();
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    if (from > to) {
      this.error.set('The start date must be on or before the end date.');
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    this.api
      .request(from, to)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (job) => {
          this.busy.set(false);
          this.reports.update((r) => [this.entry(job), ...r]);
          this.remember();
          this.poll(job.id);
        },
        error: (e) => {
          this.busy.set(false);
          this.error.set(apiErrorMessage(e));
        },
      });
  }

  download(report: ReportEntry): void {
    this.api.download(report.id).subscribe({
      next: (blob) => {
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = `spendguard-report-${report.from}-to-${report.to}.xlsx`;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      },
      error: (e) => this.patch(report.id, { error: apiErrorMessage(e) }),
    });
  }

  /** Asks for the report's status every two seconds until it is ready or failed. */
  private poll(id: string): void {
    timer(POLL_MS)
      .pipe(
        switchMap(() => this.api.get(id)),
        expand((job) => (finished(job) ? EMPTY : timer(POLL_MS).pipe(switchMap(() => this.api.get(id))))),
        takeWhile((job) => !finished(job), true),
        catchError((e) => {
          this.patch(id, { status: 'failed', error: apiErrorMessage(e) });
          return EMPTY;
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((job) => this.patch(id, { status: job.status, error: job.error ?? null }));
  }

  private entry(r: ReportView): ReportEntry {
    return { id: r.id, status: r.status, from: r.from, to: r.to, error: r.error, expiresAt: r.expiresAt };
  }

  private remember(): void {
    localStorage.setItem(this.storageKey, JSON.stringify(this.reports().slice(0, 10).map((r) => r.id)));
  }

  /** Reports requested earlier from this browser that still exist (expired or unknown ones are dropped). */
  private restore(): void {
    let ids: string[] = [];
    try {
      ids = JSON.parse(localStorage.getItem(this.storageKey) ?? '[]') as string[];
    } catch {
      ids = [];
    }
    if (!Array.isArray(ids) || !ids.length) return;
    forkJoin(ids.map((id) => this.api.get(id).pipe(catchError(() => of(null)))))
      .pipe(
        map((found) => found.filter((r): r is ReportView => r !== null && Date.parse(r.expiresAt) > Date.now())),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((found) => {
        this.reports.set(found.map((r) => this.entry(r)));
        this.remember();
        for (const r of found) if (!finished(r)) this.poll(r.id);
      });
  }

  private patch(id: string, change: Partial<ReportEntry>): void {
    this.reports.update((list) => list.map((r) => (r.id === id ? { ...r, ...change } : r)));
  }
}
