export interface ConsentStateView {
  granted: boolean;
  grantedAt: string | null;
  revokedAt: string | null;
}

export interface ConsentEventView {
  action: 'granted' | 'revoked';
  at: string;
}

export interface ConsentView {
  analysis: ConsentStateView;
  history: ConsentEventView[];
}

export interface PutConsentRequest {
  analysis: boolean;
}
