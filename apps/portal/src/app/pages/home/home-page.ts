import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal, WritableSignal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { NgxEchartsDirective } from 'ngx-echarts';
import { Observable } from 'rxjs';
import type { EChartsCoreOption } from 'echarts/core';
import {
  BudgetStatusItem,
  BudgetStatusView,
  CUSTOMER_LIVE_EVENTS,
  ForecastView,
  InsightView,
  UpcomingChargesView,
} from '@spendguard/contracts';
import {
  apiErrorMessage,
  CHART_INIT,
  formatDate,
  formatMoney,
  InsightCard,
  LiveEvents,
  LocalDatePipe,
  MoneyPipe,
  StateView,
  TenantProfile,
  themeColor,
} from '@spendguard/web';
import { BudgetsApi } from '../../api/budgets-api';
import { OutlookApi } from '../../api/outlook-api';

interface Loadable<T> {
  loading: boolean;
  error: string | null;
  data: T | null;
}
const pending = <T>(): Loadable<T> => ({ loading: true, error: null, data: null });

/** How much of a budget bar each part takes, capped so an overrun still fits the track. */
export interface BudgetBar {
  item: BudgetStatusItem;
  spentPct: number;
  lowPct: number | null;
  highPct: number | null;
  projectedPct: number | null;
  over: boolean;
}

export function budgetBar(item: BudgetStatusItem): BudgetBar {
  const budget = Number(item.budget);
  // The track shows up to 150% of the budget, so an overrun is visible without squeezing everything else.
  const scale = budget > 0 ? budget * 1.5 : Math.max(Number(item.spent), Number(item.projectedHigh ?? 0), 1);
  const pct = (v: string | null) => (v === null ? null : Math.min(100, (Number(v) / scale) * 100));
  return {
    item,
    spentPct: pct(item.spent) ?? 0,
    lowPct: pct(item.projectedLow),
    highPct: pct(item.projectedHigh),
    projectedPct: pct(item.projected),
    over: budget > 0 && Number(item.projected ?? item.spent) > budget,
  };
}

@Component({
  selector: 'sg-home-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, MatIcon, NgxEchartsDirective, StateView, InsightCard, MoneyPipe, LocalDatePipe],
  templateUrl: './home-page.html',
  styleUrl: './home-page.scss',
})
export class HomePage {
  private readonly budgets = inject(BudgetsApi);
  private readonly outlook = inject(OutlookApi);
  private readonly tenant = inject(TenantProfile);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly init = CHART_INIT;
  protected readonly status = signal<Loadable<BudgetStatusView>>(pending());
  protected readonly forecast = signal<Loadable<ForecastView>>(pending());
  protected readonly insights = signal<Loadable<InsightView[]>>(pending());
  protected readonly upcoming = signal<Loadable<UpcomingChargesView>>(pending());
  /** Announced politely when an insight arrives while the page is open. */
  protected readonly announcement = signal('');

  protected readonly bars = computed(() => (this.status().data?.items ?? []).map(budgetBar));
  protected readonly latestInsights = computed(() => (this.insights().data ?? []).slice(0, 3));
  protected readonly unreadCount = computed(() => (this.insights().data ?? []).filter((i) => !i.readAt).length);
  protected readonly chartOptions = computed(() => this.options(this.forecast().data));
  protected readonly chartSummary = computed(() => {
    const f = this.forecast().data;
    const p = this.tenant.profile();
    if (!f?.total.length) return '';
    return (
      'Forecast of total spending: ' +
      f.total
        .map((t) => `${formatDate(t.month, 'month', p.locale, p.timezone)} about ${formatMoney(t.mean, f.currency, p.locale)} (likely ${formatMoney(t.lo80, f.currency, p.locale)} to ${formatMoney(t.hi80, f.currency, p.locale)})`)
        .join('; ')
    );
  });

  constructor() {
    this.loadAll();
    inject(LiveEvents)
      .stream('/insights/stream', CUSTOMER_LIVE_EVENTS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        this.announcement.set('A new insight has arrived.');
        this.loadInsights();
      });
  }

  loadAll(): void {
    this.loadStatus();
    this.loadForecast();
    this.loadInsights();
    this.loadUpcoming();
  }

  loadStatus(): void {
    this.into(this.status, this.budgets.status());
  }
  loadForecast(): void {
    this.into(this.forecast, this.outlook.forecast());
  }
  loadInsights(): void {
    this.into(this.insights, this.outlook.insights());
  }
  loadUpcoming(): void {
    this.into(this.upcoming, this.outlook.recurring());
  }

  private into<T>(target: WritableSignal<Loadable<T>>, source: Observable<T>): void {
    target.update((s) => ({ ...s, loading: true, error: null }));
    source.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (data) => target.set({ loading: false, error: null, data }),
      error: (e) => target.set({ loading: false, error: apiErrorMessage(e), data: null }),
    });
  }

  private options(f: ForecastView | null): EChartsCoreOption | null {
    if (!f?.total.length) return null;
    const p = this.tenant.profile();
    const money = (v: number) => formatMoney(v, f.currency, p.locale);
    const primary = themeColor('--mat-sys-primary', '#00658f');
    const text = themeColor('--mat-sys-on-surface-variant', '#444');
    const months = f.total.map((t) => formatDate(t.month, 'month', p.locale, p.timezone));
    const lo = f.total.map((t) => Number(t.lo80));
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => money(Number(v)) },
      xAxis: { type: 'category', data: months, axisLabel: { color: text } },
      yAxis: { type: 'value', axisLabel: { color: text, formatter: (v: number) => money(v) } },
      series: [
        { name: 'Likely low', type: 'line', stack: 'band', data: lo, lineStyle: { opacity: 0 }, symbol: 'none', tooltip: { show: false } },
        {
          name: 'Likely range',
          type: 'line',
          stack: 'band',
          data: f.total.map((t, i) => Math.round((Number(t.hi80) - lo[i]) * 100) / 100),
          lineStyle: { opacity: 0 },
          symbol: 'none',
          areaStyle: { color: primary, opacity: 0.18 },
          tooltip: { show: false },
        },
        { name: 'Expected', type: 'line', data: f.total.map((t) => Number(t.mean)), itemStyle: { color: primary }, lineStyle: { width: 3 } },
      ],
    };
  }
}
