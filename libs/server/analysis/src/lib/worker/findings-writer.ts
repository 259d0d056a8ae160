import type { EntityManager } from 'typeorm';
import { type FindingSeverity, type FindingType, LIVE_CHANNEL } from '@spendguard/contracts';
import { rows } from '@spendguard/server-data';
import type { FindingDraft } from '../domain/findings.types';
import { activeSuppressions, suppressionFor, suppressionNote } from './suppressions';

export interface WriteFindingsInput {
  tenantId: string;
  customerId: string;
  runId: string | null;
  drafts: FindingDraft[];
  slaHours: Record<FindingSeverity, number>;
  /**
   * Finding types this run re-assessed completely: open findings of these types that the run did not
   * produce again are obsolete and become `superseded`.
   */
  reassessedTypes: FindingType[];
  /** Current expenses by id (amount as a string), to supersede anomaly findings whose expense changed or vanished. */
  currentExpenses?: Map<string, { amount: string; merchant: string | null }>;
}

export interface WriteFindingsResult {
  created: string[];
  /** Of `created`: the findings an active suppression rule dismissed on arrival. */
  suppressed: string[];
  superseded: string[];
  skippedExpected: number;
  skippedExisting: number;
}

/**
 * Stores the analysis' drafts as findings, in the caller's transaction:
 * - a draft whose fingerprint is already live (or dismissed, or approved) is not stored again;
 * - a draft whose pattern reviewers dismissed as "expected" for this customer is not raised again;
 * - a draft matching an active suppression rule is stored as dismissed (reason `suppressed`, a `suppressed` event);
 * - open findings made obsolete by newer data are superseded;
 * every change comes with its finding_events row.
 */
export async function writeFindings(em: EntityManager, input: WriteFindingsInput): Promise<WriteFindingsResult> {
  const { tenantId, customerId } = input;
  const expected = new Set(
    (
      await rows<{ pattern: string }>(
        em,
        `SELECT DISTINCT pattern FROM findings WHERE tenant_id = $1 AND user_id = $2 AND status = 'dismissed' AND dismiss_reason = 'expected'`,
        [tenantId, customerId],
      )
    ).map((r) => r.pattern),
  );
  const drafts = input.drafts.filter((d) => !expected.has(d.pattern));
  const created: string[] = [];
  const suppressed: string[] = [];
  if (drafts.length) {
    const rules = await activeSuppressions(em, tenantId, customerId);
    const ruleOf = new Map(drafts.map((d) => [d.fingerprint, suppressionFor(rules, d)]));
    const inserted = await rows<{ id: string; fingerprint: string }>(
      em,
      `INSERT INTO findings (tenant_id, user_id, type, severity, score, status, title, message, original_title, original_message,
                             evidence, subject, fingerprint, pattern, run_id, due_at, dismiss_reason, decided_at)
       SELECT $1, $2, d.type, d.severity, d.score, CASE WHEN d.suppressed THEN 'dismissed' ELSE 'pending' END, d.title, d.message, d.title, d.message,
              d.evidence, d.subject, d.fingerprint, d.pattern, $3, now() + make_interval(hours => d.sla_hours),
              CASE WHEN d.suppressed THEN 'suppressed' END, CASE WHEN d.suppressed THEN now() END
         FROM jsonb_to_recordset($4::jsonb) AS d(type text, severity text, score float8, title text, message text,
              evidence jsonb, subject jsonb, fingerprint text, pattern text, sla_hours int, suppressed boolean)
       ON CONFLICT (tenant_id, user_id, fingerprint) WHERE status <> 'superseded' DO NOTHING
       RETURNING id, fingerprint`,
      [
        tenantId,
        customerId,
        input.runId,
        JSON.stringify(
          drafts.map((d) => ({
            type: d.type,
            severity: d.severity,
            score: d.score,
            title: d.title,
            message: d.message,
            evidence: d.evidence,
            subject: d.subject,
            fingerprint: d.fingerprint,
            pattern: d.pattern,
            sla_hours: input.slaHours[d.severity],
            suppressed: !!ruleOf.get(d.fingerprint),
          })),
        ),
      ],
    );
    created.push(...inserted.map((r) => r.id));
    if (inserted.length) {
      await rows(
        em,
        `INSERT INTO finding_events (tenant_id, finding_id, actor_id, action, from_status, to_status, payload)
         SELECT $1, id, NULL, 'created', NULL, 'pending', jsonb_build_object('runId', $3::text) FROM unnest($2::uuid[]) AS id`,
        [tenantId, inserted.map((r) => r.id), input.runId],
      );
      // live updates (LiveNotification in @spendguard/contracts): delivered to the API processes on commit
      await rows(
        em,
        `SELECT pg_notify($1, json_build_object('tenantId', f.tenant_id, 'customerId', f.user_id, 'event', 'finding.created',
                'data', json_build_object('id', f.id, 'customerId', f.user_id, 'type', f.type, 'severity', f.severity, 'score', f.score,
                                          'status', f.status, 'version', f.version, 'createdAt', f.created_at))::text)
           FROM findings f WHERE f.tenant_id = $2 AND f.id = ANY($3::uuid[])`,
        [LIVE_CHANNEL, tenantId, inserted.map((r) => r.id)],
      );
      const dismissed = inserted.flatMap((r) => {
        const rule = ruleOf.get(r.fingerprint);
        return rule ? [{ id: r.id, rule }] : [];
      });
      if (dismissed.length) {
        await rows(
          em,
          `INSERT INTO finding_events (tenant_id, finding_id, actor_id, action, from_status, to_status, note, payload, at)
           SELECT $1, s.id, NULL, 'suppressed', 'pending', 'dismissed', s.note,
                  jsonb_build_object('ruleId', s.rule_id, 'reason', 'suppressed', 'runId', $5::text), clock_timestamp()
             FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS s(id, rule_id, note)`,
          [tenantId, dismissed.map((x) => x.id), dismissed.map((x) => x.rule.id), dismissed.map((x) => suppressionNote(x.rule)), input.runId],
        );
        suppressed.push(...dismissed.map((x) => x.id));
      }
    }
  }

  const produced = new Set(input.drafts.map((d) => d.fingerprint));
  const open = await rows<{ id: string; type: FindingType; status: string; fingerprint: string; evidence: { expense?: { id?: string; amount?: number | string; merchant?: string | null } } }>(
    em,
    `SELECT id, type, status, fingerprint, evidence FROM findings
      WHERE tenant_id = $1 AND user_id = $2 AND status IN ('pending', 'in_review', 'pending_second_review', 'snoozed')
      FOR UPDATE`,
    [tenantId, customerId],
  );
  const obsolete: Array<{ id: string; status: string; reason: string }> = [];
  for (const f of open) {
    if (input.reassessedTypes.includes(f.type) && f.type !== 'anomaly' && !produced.has(f.fingerprint)) {
      obsolete.push({ id: f.id, status: f.status, reason: 'Newer data no longer supports this finding' });
    } else if (f.type === 'anomaly' && input.currentExpenses && f.evidence?.expense?.id) {
      const now = input.currentExpenses.get(f.evidence.expense.id);
      if (!now) obsolete.push({ id: f.id, status: f.status, reason: 'The expense was deleted' });
      else if (Number(now.amount) !== Number(f.evidence.expense.amount)) {
        obsolete.push({ id: f.id, status: f.status, reason: 'The expense was changed after it was flagged' });
      }
    }
  }
  if (obsolete.length) {
    await rows(
      em,
      `UPDATE findings SET status = 'superseded', version = version + 1, updated_at = now()
        WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [tenantId, obsolete.map((o) => o.id)],
    );
    await rows(
      em,
      `INSERT INTO finding_events (tenant_id, finding_id, actor_id, action, from_status, to_status, note, payload)
       SELECT $1, o.id, NULL, 'superseded', o.status, 'superseded', o.reason, jsonb_build_object('runId', $5::text)
         FROM unnest($2::uuid[], $3::text[], $4::text[]) AS o(id, status, reason)`,
      [tenantId, obsolete.map((o) => o.id), obsolete.map((o) => o.status), obsolete.map((o) => o.reason), input.runId],
    );
  }
  return {
    created,
    suppressed,
    superseded: obsolete.map((o) => o.id),
    skippedExpected: input.drafts.length - drafts.length,
    skippedExisting: drafts.length - created.length,
  };
}
