import type { ConsentEventView, ConsentStateView } from './consent';
import type { Page } from './common';

export interface OperatorCustomerView {
  id: string;
  displayName: string;
  email: string;
  consent: boolean;
  lastAnalysisAt: string | null;
  openFindings: number;
}

export type OperatorCustomerPage = Page<OperatorCustomerView>;

export interface OperatorCustomerDetailView extends OperatorCustomerView {
  createdAt: string;
  consentState: ConsentStateView;
  consentHistory: ConsentEventView[];
  expenses: { count: number; firstOn: string | null; lastOn: string | null };
}

export interface OperatorCustomerQuery {
  q?: string;
  consent?: 'true' | 'false';
  limit?: number;
  cursor?: string;
}
