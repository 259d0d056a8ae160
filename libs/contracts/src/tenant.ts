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

/** What every signed-in user may know about their tenant: how to name it and format its money and dates. */
export type TenantProfileView = Pick<TenantSettingsView, 'slug' | 'name' | 'currency' | 'timezone' | 'locale'>;
