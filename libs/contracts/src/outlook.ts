/**
 * The customer's own outlook, computed on request from their history (nothing stored, nothing reviewed): the
 * next months' spending forecast, upcoming recurring charges and a suggested category for a new expense.
 * Amounts are in the tenant's base currency, decimal strings with two decimals.
 */

export interface ForecastPoint {
  /** `YYYY-MM`. */
  month: string;
  mean: string;
  /** 80% prediction interval. */
  lo80: string;
  hi80: string;
}

export interface CategoryForecastView {
  categoryId: string | null;
  category: string;
  /** The forecasting model chosen by backtests (e.g. `seasonal_naive`, `ets`). */
  model: string;
  /** True when the history is too short or irregular for a trustworthy forecast. */
  lowConfidence: boolean;
  forecast: ForecastPoint[];
}

export interface ForecastView {
  /** The tenant-local date the forecast was made on. */
  asOf: string;
  currency: string;
  /** Months covered, from the current one on. */
  months: string[];
  /** Spending over all categories per month (the intervals combined as independent). */
  total: ForecastPoint[];
  categories: CategoryForecastView[];
  /**
   * True when the customer has not granted analysis consent: nothing is forecast (`months`, `total` and
   * `categories` are empty) until they grant it.
   */
  consentRequired?: boolean;
}

export interface UpcomingChargeView {
  merchant: string;
  category: string;
  cadence: 'weekly' | 'biweekly' | 'monthly' | 'yearly';
  /** `YYYY-MM-DD`. */
  nextDate: string;
  nextAmount: string;
  lastDate: string;
  lastAmount: string;
  occurrences: number;
}

export interface UpcomingChargesView {
  asOf: string;
  currency: string;
  /** Days ahead the list covers. */
  days: number;
  items: UpcomingChargeView[];
  /** True when the customer has not granted analysis consent: no recurring charges are detected (`items` is empty). */
  consentRequired?: boolean;
}

export interface CategorySuggestionView {
  categoryId: string;
  category: string;
  /** 0..1; only suggestions at or above the threshold are returned. */
  confidence: number;
}
