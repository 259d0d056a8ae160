import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '@spendguard/server-auth';
import { notFound } from '@spendguard/server-core';
import { rows, TenantDb, TenantScope } from '@spendguard/server-data';
import { ExpenseEvents } from '../shared/expense-events';
import type { ConsentDto, ConsentEventDto, ConsentStateDto } from './consent.dto';

interface ConsentRow {
  analysis_granted: boolean;
  granted_at: Date | null;
  revoked_at: Date | null;
}

/**
 * Analysis consent of customers. The nightly analysis (and anything that raises findings) must ask
 * `hasConsent` / `consentingCustomers` first: without consent there is no analysis and nothing to review.
 */
@Injectable()
export class ConsentService {
  constructor(
    private readonly db: TenantDb,
    private readonly events: ExpenseEvents,
  ) {}

  get(scope: TenantScope, customerId: string): Promise<ConsentDto> {
    return this.db.tx(scope, (em) => this.load(em, scope.tenantId, customerId));
  }

  /**
   * Grants or revokes. Only a real change writes: the state and one consent event (time, IP, user agent) in the
   * same transaction; asking for the current state again writes nothing.
   */
  set(scope: TenantScope, customerId: string, granted: boolean, meta: RequestMeta): Promise<ConsentDto> {
    return this.db.tx(scope, async (em) => {
      await this.assertCustomer(em, scope.tenantId, customerId);
      const lockCurrent = async () =>
        (
          await rows<ConsentRow>(
            em,
            `SELECT analysis_granted, granted_at, revoked_at FROM consents WHERE tenant_id = $1 AND user_id = $2 FOR UPDATE`,
            [scope.tenantId, customerId],
          )
        )[0] as ConsentRow | undefined;
      let current = await lockCurrent();
      if (!current && granted) {
        // a customer who never answered has no row (= not granted): a first grant creates it (a concurrent first
        // grant may have just done so: then the second read below sees it granted and writes nothing)
        await rows(
          em,
          `INSERT INTO consents (tenant_id, user_id, analysis_granted) VALUES ($1, $2, false) ON CONFLICT (tenant_id, user_id) DO NOTHING`,
          [scope.tenantId, customerId],
        );
        current = await lockCurrent();
      }
      if (current && current.analysis_granted !== granted) {
        const [event] = await rows<{ at: Date }>(
          em,
          `INSERT INTO consent_events (tenant_id, user_id, action, ip, user_agent) VALUES ($1, $2, $3, $4, $5) RETURNING at`,
          [scope.tenantId, customerId, granted ? 'granted' : 'revoked', meta.ip, meta.userAgent],
        );
        await rows(
          em,
          `UPDATE consents SET analysis_granted = $3, ${granted ? 'granted_at' : 'revoked_at'} = $4, updated_at = now()
            WHERE tenant_id = $1 AND user_id = $2`,
          [scope.tenantId, customerId, granted, event.at],
        );
        // in the same transaction: queued analysis is cancelled and open findings are withdrawn
        if (!granted) await this.events.consentRevoked(em, { tenantId: scope.tenantId, customerId });
      }
      return this.load(em, scope.tenantId, customerId);
    });
  }

  /** Whether the customer currently consents to analysis. */
  hasConsent(scope: TenantScope, customerId: string): Promise<boolean> {
    return this.db.tx(scope, async (em) => {
      const [row] = await rows<{ granted: boolean }>(
        em,
        `SELECT c.analysis_granted AS granted FROM consents c JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.user_id
          WHERE c.tenant_id = $1 AND c.user_id = $2 AND u.role = 'customer'`,
        [scope.tenantId, customerId],
      );
      return row?.granted === true;
    });
  }

  /** Ids of the tenant's customers who currently consent, for the nightly analysis. */
  consentingCustomers(scope: TenantScope): Promise<string[]> {
    return this.db.tx(scope, async (em) =>
      (
        await rows<{ user_id: string }>(
          em,
          `SELECT c.user_id FROM consents c JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.user_id
            WHERE c.tenant_id = $1 AND c.analysis_granted AND u.role = 'customer' ORDER BY c.user_id`,
          [scope.tenantId],
        )
      ).map((r) => r.user_id),
    );
  }

  /** The consent of a customer inside an existing unit of work (operator views). */
  async load(em: EntityManager, tenantId: string, customerId: string): Promise<ConsentDto> {
    const [row] = await rows<ConsentRow>(
      em,
      `SELECT analysis_granted, granted_at, revoked_at FROM consents WHERE tenant_id = $1 AND user_id = $2`,
      [tenantId, customerId],
    );
    const history = await rows<{ action: 'granted' | 'revoked'; at: Date }>(
      em,
      `SELECT action, at FROM consent_events WHERE tenant_id = $1 AND user_id = $2 ORDER BY at DESC, id DESC LIMIT 200`,
      [tenantId, customerId],
    );
    return { analysis: stateOf(row), history: history.map((e): ConsentEventDto => ({ action: e.action, at: e.at.toISOString() })) };
  }

  private async assertCustomer(em: EntityManager, tenantId: string, customerId: string): Promise<void> {
    const [user] = await rows(em, `SELECT 1 FROM users WHERE tenant_id = $1 AND id = $2 AND role = 'customer'`, [tenantId, customerId]);
    if (!user) throw notFound('Customer');
  }
}

function stateOf(row: ConsentRow | undefined): ConsentStateDto {
  return {
    granted: row?.analysis_granted ?? false,
    grantedAt: row?.granted_at?.toISOString() ?? null,
    revokedAt: row?.revoked_at?.toISOString() ?? null,
  };
}
