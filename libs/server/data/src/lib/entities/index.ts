import { AnalysisRun } from './analysis-run.entity';
import { Annotation } from './annotation.entity';
import { Budget } from './budget.entity';
import { Category } from './category.entity';
import { Consent, ConsentEvent } from './consent.entity';
import { Expense } from './expense.entity';
import { EmbeddingCacheEntry } from './embedding-cache.entity';
import { ExpenseRevision } from './expense-revision.entity';
import { Finding, FindingEvent } from './finding.entity';
import { FxRate } from './fx-rate.entity';
import { ModelArtifact } from './model-artifact.entity';
import { RefreshToken } from './refresh-token.entity';
import { Report } from './report.entity';
import { SuppressionRule } from './suppression-rule.entity';
import { Tenant } from './tenant.entity';
import { User } from './user.entity';

export * from './analysis-run.entity';
export * from './annotation.entity';
export * from './budget.entity';
export * from './category.entity';
export * from './consent.entity';
export * from './expense.entity';
export * from './embedding-cache.entity';
export * from './expense-revision.entity';
export * from './finding.entity';
export * from './fx-rate.entity';
export * from './model-artifact.entity';
export * from './refresh-token.entity';
export * from './report.entity';
export * from './suppression-rule.entity';
export * from './tenant.entity';
export * from './user.entity';

export const ENTITIES = [
  Tenant,
  User,
  RefreshToken,
  Category,
  Expense,
  ExpenseRevision,
  Budget,
  FxRate,
  Consent,
  ConsentEvent,
  AnalysisRun,
  ModelArtifact,
  Finding,
  FindingEvent,
  EmbeddingCacheEntry,
  Annotation,
  SuppressionRule,
  Report,
];

/** Tables carrying tenant_id, protected by row-level security. */
export const TENANT_TABLES = [
  'users',
  'refresh_tokens',
  'categories',
  'expenses',
  'expense_revisions',
  'budgets',
  'fx_rates',
  'consents',
  'consent_events',
  'analysis_runs',
  'model_artifacts',
  'findings',
  'finding_events',
  'embedding_cache',
  'annotations',
  'suppression_rules',
  'reports',
] as const;
