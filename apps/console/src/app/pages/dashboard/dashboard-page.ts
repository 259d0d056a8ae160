import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { NgxEchartsDirective } from 'ngx-echarts';
import { forkJoin } from 'rxjs';
import type { DailyReviewFlow, FindingMetrics, MetricsWindow } from '@spendguard/contracts';
import { apiErrorMessage, CHART_INIT, LocalDatePipe, PercentPipe, StateView, Theme } from '@spendguard/web';
import { FindingsApi } from '../../api/findings-api';
import { flowChart, precisionChart, queueChart, reasonsChart, typeLabel } from './dashboard-charts';

/** Review metrics: the queue now, the flow of findings and decisions, approval rate, reasons and precision. */
@Component({
  selector: 'sg-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonToggleGroup, MatButtonToggle, NgxEchartsDirective, StateView, PercentPipe, LocalDatePipe],
  templateUrl: './dashboard-page.html',
  styleUrl: './dashboard-page.scss',
})
export class DashboardPage implements OnInit {
  private readonly api = inject(FindingsApi);
  private readonly theme = inject(Theme);
  protected readonly init = CHART_INIT;

  readonly days = signal<MetricsWindow>(30);
  readonly metrics = signal<FindingMetrics | null>(null);
  readonly flow = signal<DailyReviewFlow | null>(null);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);

  readonly charts = computed(() => {
    this.theme.dark();
    const m = this.metrics();
    const f = this.flow();
    if (!m) return null;
    return {
      queue: m.queue.length ? queueChart(m) : null,
      flow: f ? flowChart(f) : null,
      reasons: m.dismissalReasons.length ? reasonsChart(m) : null,
      detectors: m.precisionByDetector.length ? precisionChart(m.precisionByDetector.map((d) => ({ label: d.detector, precision: d.precision })), 'Precision') : null,
      types: m.precisionByType.length ? precisionChart(m.precisionByType.map((d) => ({ label: typeLabel(d.type), precision: d.precision })), 'Precision') : null,
    };
  });

  ngOnInit(): void {
    this.load();
  }

  setDays(days: MetricsWindow): void {
    this.days.set(days);
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    forkJoin([this.api.metrics(this.days()), this.api.dailyFlow(this.days())]).subscribe({
      next: ([metrics, flow]) => {
        this.metrics.set(metrics);
        this.flow.set(flow);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.error.set(apiErrorMessage(err));
        this.loading.set(false);
      },
    });
  }

  hours(h: number | null): string {
    if (h === null) return '—';
    return h >= 48 ? `${Math.round(h / 24)} days` : `${Math.round(h)} h`;
  }
}
