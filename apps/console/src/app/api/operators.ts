import { inject, Injectable } from '@angular/core';
import { map, Observable, of } from 'rxjs';
import { OPERATOR_ROLES, type OperatorRole } from '@spendguard/contracts';
import { Session } from '@spendguard/web';
import { AdminApi } from './admin-api';
import { FindingsApi } from './findings-api';

export interface OperatorEntry {
  id: string;
  displayName: string;
}

/**
 * The tenant's operators, for assigning findings and naming people in the audit trail. Admins read the accounts
 * list (`/admin/users`); the API offers other roles no such list, so for supervisors it is the people who made
 * decisions in the last 30 days (from the review metrics) plus the signed-in user.
 */
@Injectable({ providedIn: 'root' })
export class OperatorDirectory {
  private readonly admin = inject(AdminApi);
  private readonly findings = inject(FindingsApi);
  private readonly session = inject(Session);

  list(): Observable<OperatorEntry[]> {
    const me = this.session.user();
    const self: OperatorEntry[] = me ? [{ id: me.id, displayName: `${me.displayName} (you)` }] : [];
    if (this.session.hasRole('admin')) {
      return this.admin.users({ limit: 500 }).pipe(
        map((page) => page.items.filter((u) => (OPERATOR_ROLES as readonly string[]).includes(u.role as OperatorRole)).map((u) => ({ id: u.id, displayName: u.id === me?.id ? `${u.displayName} (you)` : u.displayName }))),
      );
    }
    if (!this.session.hasRole('supervisor')) return of(self);
    return this.findings.metrics(30).pipe(
      map((m) => [...self, ...m.decisionsByReviewer.filter((r) => r.actorId !== me?.id).map((r) => ({ id: r.actorId, displayName: r.displayName }))]),
    );
  }
}
