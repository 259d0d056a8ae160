import { Provider } from '@angular/core';
import { provideEchartsCore } from 'ngx-echarts';

/** ngx-echarts with the lazily loaded, tree-shaken ECharts build (see echarts-core.ts). */
export function provideCharts(): Provider {
  return provideEchartsCore({ echarts: () => import('./echarts-core').then((m) => m.default) });
}

/** Init options every chart uses: the SVG renderer (STACK.md G11: no canvas in jsdom either). */
export const CHART_INIT = { renderer: 'svg' as const };

/**
 * Colours from the Material theme's CSS variables, so charts follow light and dark mode. Read at render time;
 * falls back to neutral colours when a variable is missing (tests).
 */
export function themeColor(name: string, fallback: string): string {
  if (typeof document === 'undefined') return fallback;
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}
