import type { MigrationInterface } from 'typeorm';
import { Init1795366238349 } from './1795366238349-Init';
import { RowLevelSecurity1795366238350 } from './1795366238350-RowLevelSecurity';
import { AnalysisAndFindings1795368077088 } from './1795368077088-AnalysisAndFindings';
import { AnalysisSecurity1795368077089 } from './1795368077089-AnalysisSecurity';
import { ExpenseAmountCents1795368662160 } from './1795368662160-ExpenseAmountCents';
import { ExpenseListIndexes1795368662161 } from './1795368662161-ExpenseListIndexes';
import { Annotations1795369833427 } from './1795369833427-Annotations';
import { AnnotationsSecurity1795369833428 } from './1795369833428-AnnotationsSecurity';
import { SuppressionRules1795370739845 } from './1795370739845-SuppressionRules';
import { SuppressionRulesSecurity1795370739846 } from './1795370739846-SuppressionRulesSecurity';
import { ReviewQueueIndexes1795370739847 } from './1795370739847-ReviewQueueIndexes';
import { ExpenseCreationOnDemand1795371000000 } from './1795371000000-ExpenseCreationOnDemand';
import { Reports1795376186223 } from './1795376186223-Reports';
import { ReportsSecurity1795376186224 } from './1795376186224-ReportsSecurity';
import { AnalysisRunConsistency1795377000000 } from './1795377000000-AnalysisRunConsistency';

// Every migration, in order. Listed explicitly (not globbed) so bundled builds carry them.
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  Init1795366238349,
  RowLevelSecurity1795366238350,
  AnalysisAndFindings1795368077088,
  AnalysisSecurity1795368077089,
  ExpenseAmountCents1795368662160,
  ExpenseListIndexes1795368662161,
  Annotations1795369833427,
  AnnotationsSecurity1795369833428,
  SuppressionRules1795370739845,
  SuppressionRulesSecurity1795370739846,
  ReviewQueueIndexes1795370739847,
  ExpenseCreationOnDemand1795371000000,
  Reports1795376186223,
  ReportsSecurity1795376186224,
  AnalysisRunConsistency1795377000000,
];
