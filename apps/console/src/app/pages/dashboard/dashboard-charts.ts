import type { EChartsCoreOption } from 'echarts/core';
import { FINDING_SEVERITIES, type DailyReviewFlow, type FindingMetrics } from '@spendguard/contracts';
import { themeColor } from '@spendguard/web';
import { REASON_LABELS, SEVERITY_LABELS, STATUS_LABELS, TYPE_LABELS } from '../../findings/labels';

/** Dashboard chart options: pure functions of the metrics, coloured from the theme. */
function colours() {
  return {
    text: themeColor('--mat-sys-on-surface', '#1a1c20'),
    primary: themeColor('--mat-sys-primary', '#415f91'),
    secondary: themeColor('--mat-sys-secondary', '#565f71'),
    tertiary: themeColor('--mat-sys-tertiary', '#6f5675'),
    error: themeColor('--mat-sys-error', '#ba1a1a'),
  };
}

const axisText = (c: ReturnType<typeof colours>) => ({ axisLabel: { color: c.text } });
const common = (c: ReturnType<typeof colours>) => ({
  aria: { enabled: true },
  textStyle: { color: c.text },
  grid: { left: 8, right: 16, top: 36, bottom: 8 },
  legend: { top: 0, textStyle: { color: c.text } },
});

export function queueChart(m: FindingMetrics): EChartsCoreOption {
  const c = colours();
  const statuses = [...new Set(m.queue.map((q) => q.status))];
  const severityColour = { high: c.error, medium: c.tertiary, low: c.secondary };
  return {
    ...common(c),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: statuses.map((s) => STATUS_LABELS[s]), ...axisText(c) },
    yAxis: { type: 'value', minInterval: 1, ...axisText(c) },
    series: FINDING_SEVERITIES.map((sev) => ({
      name: SEVERITY_LABELS[sev],
      type: 'bar',
      stack: 'queue',
      itemStyle: { color: severityColour[sev] },
      data: statuses.map((s) => m.queue.find((q) => q.status === s && q.severity === sev)?.count ?? 0),
    })),
  };
}

export function flowChart(flow: DailyReviewFlow): EChartsCoreOption {
  const c = colours();
  return {
    ...common(c),
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: flow.days.map((d) => d.day.slice(5)), ...axisText(c) },
    yAxis: { type: 'value', minInterval: 1, ...axisText(c) },
    series: [
      { name: 'New findings', type: 'bar', itemStyle: { color: c.secondary }, data: flow.days.map((d) => d.created) },
      { name: 'Decisions', type: 'line', itemStyle: { color: c.primary }, data: flow.days.map((d) => d.approved + d.dismissed) },
    ],
  };
}

export function reasonsChart(m: FindingMetrics): EChartsCoreOption {
  const c = colours();
  return {
    aria: { enabled: true },
    textStyle: { color: c.text },
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, textStyle: { color: c.text } },
    series: [{ name: 'Dismissal reasons', type: 'pie', radius: ['35%', '65%'], label: { color: c.text }, data: m.dismissalReasons.map((r) => ({ name: REASON_LABELS[r.reason], value: r.count })) }],
  };
}

export function precisionChart(rows: Array<{ label: string; precision: number | null }>, name: string): EChartsCoreOption {
  const c = colours();
  return {
    ...common(c),
    legend: { show: false },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${Math.round(v * 100)}%` : '') },
    xAxis: { type: 'value', max: 1, axisLabel: { color: c.text, formatter: (v: number) => `${Math.round(v * 100)}%` } },
    yAxis: { type: 'category', data: rows.map((r) => r.label), ...axisText(c) },
    series: [{ name, type: 'bar', itemStyle: { color: c.primary }, data: rows.map((r) => r.precision ?? 0) }],
  };
}

export const typeLabel = (t: keyof typeof TYPE_LABELS) => TYPE_LABELS[t];
