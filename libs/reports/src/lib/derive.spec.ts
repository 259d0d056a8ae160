import * as ml from '@spendguard/ml';
import { deriveAnalytics } from './derive';
import { syntheticLedger, toReportExpense } from './report-fixture';

// the functions that model a customer's spending, wrapped so that the tests see whether they run
jest.mock('@spendguard/ml', () => {
  const actual = jest.requireActual('@spendguard/ml');
  return {
    ...actual,
    forecastSeries: jest.fn(actual.forecastSeries),
    analyseDrift: jest.fn(actual.analyseDrift),
    detectRecurring: jest.fn(actual.detectRecurring),
    clusterVectors: jest.fn(actual.clusterVectors),
  };
});

const modelling = () => ({
  forecastSeries: (ml.forecastSeries as jest.Mock).mock.calls.length,
  analyseDrift: (ml.analyseDrift as jest.Mock).mock.calls.length,
  detectRecurring: (ml.detectRecurring as jest.Mock).mock.calls.length,
  clusterVectors: (ml.clusterVectors as jest.Mock).mock.calls.length,
});

describe('deriveAnalytics', () => {
  // 24 months of history: enough for every analysis when it is allowed
  const history = syntheticLedger('derive-unit', '2026-10-31', 24).map(toReportExpense);
  const period = { from: '2026-01-01', to: '2026-10-31' };

  beforeEach(() => jest.clearAllMocks());

  it('runs forecasts, drift, recurring-charge detection and clustering by default', () => {
    const full = deriveAnalytics({ history, ...period });
    expect(full.totalForecast).not.toBeNull();
    expect(full.forecasts.length).toBeGreaterThan(0);
    expect(full.drift).not.toBeNull();
    expect(full.recurring.length).toBeGreaterThan(0);
    expect(full.groups.length).toBeGreaterThan(0);
    const calls = modelling();
    for (const [fn, n] of Object.entries(calls)) expect({ fn, called: n > 0 }).toEqual({ fn, called: true });
  });

  it('with analysis: false derives the descriptive parts only and runs none of the modelling', () => {
    const full = deriveAnalytics({ history, ...period });
    jest.clearAllMocks();
    const plain = deriveAnalytics({ history, ...period, analysis: false });
    expect(modelling()).toEqual({ forecastSeries: 0, analyseDrift: 0, detectRecurring: 0, clusterVectors: 0 });
    expect(plain).toEqual({
      expenses: full.expenses,
      months: full.months,
      monthlyByCategory: full.monthlyByCategory,
      totalForecast: null,
      forecasts: [],
      drift: null,
      recurring: [],
      groups: [],
    });
    expect(plain.expenses.length).toBeGreaterThan(300);
    expect(plain.months).toHaveLength(10);
  });
});
