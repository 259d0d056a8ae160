export interface SlaHoursView {
  high: number;
  medium: number;
  low: number;
}

export interface TenantSettingsView {
  id: string;
  slug: string;
  name: string;
  currency: string;
  timezone: string;
  locale: string;
  nightlyAt: string;
  flagBudget: number;
  fourEyes: boolean;
  slaHours: SlaHoursView;
}

export type UpdateTenantSettingsRequest = Partial<
  Pick<TenantSettingsView, 'timezone' | 'locale' | 'currency' | 'nightlyAt' | 'flagBudget' | 'fourEyes' | 'slaHours'>
>;
