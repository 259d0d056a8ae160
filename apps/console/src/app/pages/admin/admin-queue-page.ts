import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { filter } from 'rxjs';
import { apiErrorMessage, confirm, LocalDatePipe, StateView } from '@spendguard/web';
import type { QueueHealthView } from '@spendguard/contracts';
import { AdminApi } from '../../api/admin-api';

/** The analysis queue of the tenant: jobs by state, the oldest waiting one, recent failures; "run nightly now". */
@Component({
  selector: 'sg-admin-queue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, StateView, LocalDatePipe],
  templateUrl: './admin-queue-page.html',
  styleUrl: './admin.scss',
})
export class AdminQueuePage implements OnInit {
  private readonly api = inject(AdminApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  readonly health = signal<QueueHealthView | null>(null);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly running = signal(false);

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.queue().subscribe({
      next: (h) => {
        this.health.set(h);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.error.set(apiErrorMessage(err));
        this.loading.set(false);
      },
    });
  }

  runNightly(): void {
    confirm(this.dialog, { title: 'Run the nightly analysis now?', message: 'Every consenting customer is analysed for today (customers already analysed today are skipped).', confirmText: 'Run now' })
      .pipe(filter(Boolean))
      .subscribe(() => {
        this.running.set(true);
        this.api.runNightly().subscribe({
          next: (r) => {
            this.running.set(false);
            this.snack.open(`${r.enqueued} ${r.enqueued === 1 ? 'customer' : 'customers'} queued for ${r.runDate}`, 'Close', { duration: 5000 });
            this.load();
          },
          error: (err: unknown) => {
            this.running.set(false);
            this.snack.open(apiErrorMessage(err), 'Close', { duration: 6000 });
          },
        });
      });
  }

  age(seconds: number | null): string {
    if (seconds === null) return 'nothing waiting';
    return seconds < 120 ? `${seconds} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`;
  }
}
