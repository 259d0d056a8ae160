import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import type { FindingView } from '@spendguard/contracts';
import { CHART_INIT, formatMoney, formatPercent, LocalDatePipe, MoneyPipe, PercentPipe, TenantProfile, Theme } from '@spendguard/web';
import { readAnomaly, readDrift, readForecast, readMerge, readRecurring } from './evidence';
import { categoryHistoryChart, driftChart, forecastChart, recurringChart } from './evidence-charts';

/**
 * The evidence behind a finding, in the customer's context: what was flagged and why, and the history it stands
 * out from (a chart per finding type, each with the same numbers in a table for screen readers and exact values).
 */
@Component({
  selector: 'sg-finding-evidence',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgxEchartsDirective, MoneyPipe, PercentPipe, LocalDatePipe],
  templateUrl: './finding-evidence.html',
  styleUrl: './finding-evidence.scss',
})
export class FindingEvidence {
  private readonly tenant = inject(TenantProfile);
  private readonly theme = inject(Theme);
  readonly finding = input.required<FindingView>();
  protected readonly init = CHART_INIT;

  private readonly money = (n: number) => {
    const p = this.tenant.profile();
    return formatMoney(n, p.currency, p.locale);
  };
  private readonly percent = (n: number) => formatPercent(n, this.tenant.profile().locale, 0);

  readonly anomaly = computed(() => (this.finding().type === 'anomaly' ? readAnomaly(this.finding().evidence) : null));
  readonly forecast = computed(() => (this.finding().type === 'forecast_overrun' ? readForecast(this.finding().evidence) : null));
  readonly drift = computed(() => (this.finding().type === 'drift' ? readDrift(this.finding().evidence) : null));
  readonly recurring = computed(() => (this.finding().type === 'recurring_change' ? readRecurring(this.finding().evidence) : null));
  readonly merge = computed(() => (this.finding().type === 'category_merge' ? readMerge(this.finding().evidence) : null));

  // charts read theme colours: recomputed when the theme flips
  readonly chart = computed(() => {
    this.theme.dark();
    const a = this.anomaly();
    if (a?.categoryHistory.length) return categoryHistoryChart(a, this.money);
    const f = this.forecast();
    if (f) return forecastChart(f, this.money);
    const d = this.drift();
    if (d?.categories.length) return driftChart(d, this.percent);
    const r = this.recurring();
    if (r?.charges.length) return recurringChart(r, this.money);
    return null;
  });

  readonly chartLabel = computed(() => {
    switch (this.finding().type) {
      case 'anomaly':
        return `Monthly spending in ${this.anomaly()?.expense?.category ?? 'the category'}, the flagged month marked`;
      case 'forecast_overrun':
        return 'Monthly spending, this month projected with its interval, against the budget';
      case 'drift':
        return 'Share of spending per category, before and recently';
      case 'recurring_change':
        return 'Charges of the recurring payment over time';
      default:
        return '';
    }
  });
}
