export interface FxRateView {
  /** `YYYY-MM` */
  month: string;
  currency: string;
  /** One unit of `currency` in the tenant's base currency (up to 8 decimals). */
  rate: string;
  updatedAt: string;
}

export interface FxRateListView {
  baseCurrency: string;
  items: FxRateView[];
}

export interface PutFxRatesRequest {
  rates: Array<{ month: string; currency: string; rate: string | number }>;
}
