import type { EChartsCoreOption } from 'echarts/core';
import { themeColor } from '@spendguard/web';
import type { AnomalyEvidence, DriftEvidence, ForecastEvidence, RecurringEvidence } from './evidence';

/** Chart options for the evidence views. Pure functions of the evidence, so they are easy to test and reuse. */
type Money = (n: number) => string;

function palette() {
  return {
    primary: themeColor('--mat-sys-primary', '#415f91'),
    error: themeColor('--mat-sys-error', '#ba1a1a'),
    tertiary: themeColor('--mat-sys-tertiary', '#6f5675'),
    muted: themeColor('--mat-sys-outline', '#74777f'),
    text: themeColor('--mat-sys-on-surface', '#1a1c20'),
    band: themeColor('--mat-sys-tertiary-container', '#f9d8fd'),
  };
}

const base = (c: ReturnType<typeof palette>, money: Money) => ({
  aria: { enabled: true },
  textStyle: { color: c.text },
  grid: { left: 8, right: 16, top: 32, bottom: 8 },
  tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? money(v) : String(v ?? '')) },
  yAxis: { type: 'value', axisLabel: { color: c.text, formatter: (v: number) => money(v) } },
});

/** Monthly spend in the flagged expense's category; the flagged month's bar is marked. */
export function categoryHistoryChart(e: AnomalyEvidence, money: Money): EChartsCoreOption {
  const c = palette();
  const flagged = e.expense?.occurredOn.slice(0, 7) ?? '';
  const months = e.categoryHistory.map((m) => m.month);
  return {
    ...base(c, money),
    legend: { show: false },
    xAxis: { type: 'category', data: months, axisLabel: { color: c.text } },
    series: [
      {
        name: e.expense?.category ?? 'Category',
        type: 'bar',
        data: e.categoryHistory.map((m) => ({ value: m.total, itemStyle: { color: m.month === flagged ? c.error : c.primary } })),
        markPoint: flagged && months.includes(flagged)
          ? { symbol: 'pin', itemStyle: { color: c.error }, label: { formatter: 'flagged' }, data: [{ name: 'Flagged', coord: [flagged, e.categoryHistory.find((m) => m.month === flagged)?.total ?? 0] }] }
          : undefined,
      },
    ],
  };
}

/** Past months, then this month's projection with its interval (a floating bar) against the budget line. */
export function forecastChart(e: ForecastEvidence, money: Money): EChartsCoreOption {
  const c = palette();
  const history = e.series.filter((m) => m.month < e.month);
  const months = [...history.map((m) => m.month), e.month];
  const blank = history.map(() => null);
  const low = e.low ?? e.projected ?? 0;
  const high = e.high ?? e.projected ?? 0;
  const interval = `${Math.round(e.level * 100)}% interval`;
  return {
    ...base(c, money),
    // the transparent base that floats the interval bar is not a series a reader should see in the legend
    legend: { top: 0, textStyle: { color: c.text }, data: ['Spent', interval, 'Projected'] },
    xAxis: { type: 'category', data: months, axisLabel: { color: c.text } },
    series: [
      { name: 'Spent', type: 'bar', stack: 'spent', data: [...history.map((m) => m.total), e.spentSoFar], itemStyle: { color: c.primary } },
      { name: 'interval-base', type: 'bar', stack: 'interval', silent: true, itemStyle: { color: 'transparent' }, tooltip: { show: false }, data: [...blank, low] },
      { name: interval, type: 'bar', stack: 'interval', itemStyle: { color: c.band, borderColor: c.tertiary }, data: [...blank, Math.max(0, high - low)] },
      {
        name: 'Projected',
        type: 'scatter',
        symbolSize: 12,
        itemStyle: { color: c.tertiary },
        data: [...blank, e.projected],
        markLine: e.budget !== null ? { symbol: 'none', lineStyle: { color: c.error, type: 'dashed' }, label: { formatter: `Budget ${money(e.budget)}` }, data: [{ yAxis: e.budget }] } : undefined,
      },
    ],
  };
}

/** Category shares before and after: the drift breakdown as paired bars (largest moves first). */
export function driftChart(e: DriftEvidence, percent: (n: number) => string): EChartsCoreOption {
  const c = palette();
  const cats = e.categories.slice(0, 10).reverse();
  return {
    aria: { enabled: true },
    textStyle: { color: c.text },
    grid: { left: 8, right: 24, top: 32, bottom: 8 },
    legend: { top: 0, textStyle: { color: c.text } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? percent(v) : '') },
    xAxis: { type: 'value', axisLabel: { color: c.text, formatter: (v: number) => percent(v) } },
    yAxis: { type: 'category', data: cats.map((x) => x.category), axisLabel: { color: c.text } },
    series: [
      { name: 'Before', type: 'bar', data: cats.map((x) => x.shareBefore), itemStyle: { color: c.muted } },
      { name: 'Recently', type: 'bar', data: cats.map((x) => x.shareAfter), itemStyle: { color: c.primary } },
    ],
  };
}

/** Each charge of the recurring payment; the charge where the price changed is marked. */
export function recurringChart(e: RecurringEvidence, money: Money): EChartsCoreOption {
  const c = palette();
  return {
    ...base(c, money),
    xAxis: { type: 'category', data: e.charges.map((x) => x.occurredOn), axisLabel: { color: c.text } },
    series: [
      {
        name: e.merchant || 'Charge',
        type: 'line',
        step: 'end',
        symbolSize: 8,
        data: e.charges.map((x) => ({ value: x.amount, itemStyle: { color: x.occurredOn === e.changedOn ? c.error : c.primary } })),
        itemStyle: { color: c.primary },
        markPoint: e.changedOn && e.charges.some((x) => x.occurredOn === e.changedOn)
          ? { symbol: 'pin', itemStyle: { color: c.error }, label: { formatter: 'change' }, data: [{ name: 'Price change', coord: [e.changedOn, e.to ?? 0] }] }
          : undefined,
      },
    ],
  };
}
