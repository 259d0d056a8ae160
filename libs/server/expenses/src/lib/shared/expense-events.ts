import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface ExpensesCreatedEvent {
  tenantId: string;
  customerId: string;
  expenseIds: string[];
}

export interface ConsentRevokedEvent {
  tenantId: string;
  customerId: string;
}

type Listener<E> = (em: EntityManager, event: E) => Promise<void>;

/**
 * What other features may react to, inside the same transaction as the change (so a reaction such as
 * enqueueing a job happens exactly when the change commits). The expenses library knows nothing of
 * its listeners; the analysis subscribes.
 */
@Injectable()
export class ExpenseEvents {
  private readonly created: Array<Listener<ExpensesCreatedEvent>> = [];
  private readonly revoked: Array<Listener<ConsentRevokedEvent>> = [];

  onExpensesCreated(listener: Listener<ExpensesCreatedEvent>): void {
    this.created.push(listener);
  }

  onConsentRevoked(listener: Listener<ConsentRevokedEvent>): void {
    this.revoked.push(listener);
  }

  async expensesCreated(em: EntityManager, event: ExpensesCreatedEvent): Promise<void> {
    if (!event.expenseIds.length) return;
    for (const listener of this.created) await listener(em, event);
  }

  async consentRevoked(em: EntityManager, event: ConsentRevokedEvent): Promise<void> {
    for (const listener of this.revoked) await listener(em, event);
  }
}
