/**
 * Charts that are impractical as native Excel charts, rendered on the server: ECharts in SSR mode writes an SVG
 * string (no DOM, no canvas), @resvg/resvg-js rasterises it to a PNG with the system fonts (DejaVu Sans). Nothing
 * touches the file system: every request renders into its own buffers.
 */
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';

export interface ScatterPoint {
  /** 'YYYY-MM-DDTHH:mm:ss' local time. */
  at: string;
  amount: number;
}

export interface AnomalyScatterInput {
  title: string;
  currency: string;
  normal: readonly ScatterPoint[];
  anomalies: readonly ScatterPoint[];
  width?: number;
  height?: number;
}

/** Amount over time for every expense of the period, anomalies in red on top. */
export function anomalyScatterPng(input: AnomalyScatterInput): Buffer {
  const width = input.width ?? 960;
  const height = input.height ?? 420;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const toPoint = (p: ScatterPoint) => [Date.parse(`${p.at}Z`), p.amount];
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: 'DejaVu Sans' },
      title: { text: input.title, left: 12, top: 8, textStyle: { fontSize: 15, fontWeight: 'bold', fontFamily: 'DejaVu Sans' } },
      legend: { top: 10, right: 16, textStyle: { fontFamily: 'DejaVu Sans' } },
      grid: { left: 72, right: 24, top: 52, bottom: 40 },
      xAxis: { type: 'time', axisLabel: { fontFamily: 'DejaVu Sans' } },
      yAxis: { type: 'log', name: input.currency, logBase: 10, axisLabel: { fontFamily: 'DejaVu Sans' }, splitLine: { lineStyle: { color: '#e5e5e5' } } },
      series: [
        { name: 'Expenses', type: 'scatter', symbolSize: 4, itemStyle: { color: '#4c78a8', opacity: 0.55 }, data: input.normal.map(toPoint) },
        {
          name: 'Anomalies',
          type: 'scatter',
          symbol: 'diamond',
          symbolSize: 11,
          itemStyle: { color: '#d62728', borderColor: '#7f0000', borderWidth: 1 },
          data: input.anomalies.map(toPoint),
        },
      ],
    });
    const svg = chart.renderToSVGString();
    return new Resvg(svg, { fitTo: { mode: 'width', value: width * 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } })
      .render()
      .asPng();
  } finally {
    chart.dispose();
  }
}
