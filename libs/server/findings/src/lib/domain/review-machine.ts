import type { FindingSeverity, FindingStatus, OperatorRole, ReviewAction } from '@spendguard/contracts';
import type { DomainErrorKind } from '@spendguard/server-core';

/**
 * The review workflow as a pure state machine: which action may move a finding from which status to which,
 * and who may do it. No framework, no database: the service locks the row, asks `decide`, and writes the answer
 * together with its event.
 *
 *   pending --claim/assign--> in_review --approve--> approved
 *                               |  |  \--dismiss--> dismissed | pending_second_review (high severity, four-eyes)
 *                               |  \--snooze--> snoozed --wake (the date passed)--> pending
 *                               \--release--> pending
 *   pending_second_review --confirm_dismissal (another supervisor)--> dismissed
 *                         --reject_dismissal--> in_review (back to the first reviewer)
 *   any open status --supersede (the analysis)--> superseded
 */
export const TRANSITIONS: Readonly<Record<FindingStatus, Readonly<Partial<Record<ReviewAction, readonly FindingStatus[]>>>>> = {
  pending: { claim: ['in_review'], assign: ['in_review'], supersede: ['superseded'] },
  in_review: {
    claim: ['in_review'],
    release: ['pending'],
    approve: ['approved'],
    dismiss: ['dismissed', 'pending_second_review'],
    snooze: ['snoozed'],
    assign: ['in_review'],
    supersede: ['superseded'],
  },
  pending_second_review: { confirm_dismissal: ['dismissed'], reject_dismissal: ['in_review'], supersede: ['superseded'] },
  snoozed: { wake: ['pending'], supersede: ['superseded'] },
  approved: {},
  dismissed: {},
  superseded: {},
};

/** The `finding_events.action` each action writes (past tense, like the analysis' `created` and `superseded`). */
export const EVENT_NAMES = {
  claim: 'claimed',
  release: 'released',
  approve: 'approved',
  dismiss: 'dismissed',
  snooze: 'snoozed',
  assign: 'assigned',
  confirm_dismissal: 'dismissal_confirmed',
  reject_dismissal: 'dismissal_rejected',
  supersede: 'superseded',
  wake: 'woken',
} as const satisfies Record<ReviewAction, string>;

/** Who acts: an operator of the tenant, or the system (the analysis, timers). */
export type ActorRole = OperatorRole | 'system';
export interface Actor {
  id: string | null;
  role: ActorRole;
}

/** Actions only the system takes, and actions only supervisors and admins take. */
const SYSTEM_ACTIONS: readonly ReviewAction[] = ['supersede', 'wake'];
const SUPERVISOR_ACTIONS: readonly ReviewAction[] = ['assign', 'confirm_dismissal', 'reject_dismissal'];

/** The workflow part of a finding: what `decide` reads and what it answers with. */
export interface WorkflowState {
  status: FindingStatus;
  assigneeId: string | null;
  claimedAt: Date | null;
  snoozedUntil: Date | null;
  /** Who dismissed it, while the dismissal waits for a second person. */
  firstReviewerId: string | null;
}

export interface FindingFacts extends WorkflowState {
  severity: FindingSeverity;
}

export interface DecisionContext {
  actor: Actor;
  /** The tenant requires a second person to confirm dismissals of high-severity findings. */
  fourEyes: boolean;
  now: Date;
  /** How long a claim holds before anyone may take the finding. */
  claimTtlMs: number;
  /** assign: the operator who gets the finding. */
  assigneeId?: string;
  /** snooze: when the finding returns to the queue. */
  until?: Date;
}

export interface Refusal {
  ok: false;
  kind: Extract<DomainErrorKind, 'conflict' | 'forbidden' | 'invalid'>;
  message: string;
  details?: Record<string, unknown>;
}
export interface Allowed {
  ok: true;
  from: FindingStatus;
  next: WorkflowState;
}
export type Decision = Allowed | Refusal;

/** The furthest ahead a finding may be snoozed. */
export const MAX_SNOOZE_MS = 366 * 24 * 3600 * 1000;

const SUPERVISING: readonly ActorRole[] = ['supervisor', 'admin'];
const LABEL: Record<ReviewAction, string> = {
  claim: 'claim',
  release: 'release',
  approve: 'approve',
  dismiss: 'dismiss',
  snooze: 'snooze',
  assign: 'assign',
  confirm_dismissal: 'confirm the dismissal of',
  reject_dismissal: 'reject the dismissal of',
  supersede: 'supersede',
  wake: 'wake',
};

const refuse = (kind: Refusal['kind'], message: string, details?: Record<string, unknown>): Refusal => ({
  ok: false,
  kind,
  message,
  ...(details ? { details } : {}),
});

/** The claim holds (someone is working on it) until claimedAt + TTL. */
export function claimActive(state: Pick<WorkflowState, 'status' | 'claimedAt'>, now: Date, claimTtlMs: number): boolean {
  return state.status === 'in_review' && !!state.claimedAt && now.getTime() < state.claimedAt.getTime() + claimTtlMs;
}

/** A snoozed finding whose date has come is pending again (the service records the wake before acting). */
export function snoozeOver(state: Pick<WorkflowState, 'status' | 'snoozedUntil'>, now: Date): boolean {
  return state.status === 'snoozed' && (!state.snoozedUntil || state.snoozedUntil.getTime() <= now.getTime());
}

/**
 * May `ctx.actor` take `action` on a finding in `state`? Answers the complete next workflow state, or why not:
 * `forbidden` when the actor's role (or identity, for four-eyes) does not allow it, `conflict` when the finding's
 * status does not (the message names the status), `invalid` for missing or unusable input.
 */
export function decide(state: FindingFacts, action: ReviewAction, ctx: DecisionContext): Decision {
  const { actor, now } = ctx;
  const system = actor.role === 'system';
  if (SYSTEM_ACTIONS.includes(action) !== system) {
    return refuse('forbidden', system ? `The system does not ${LABEL[action]} findings` : `Only the analysis may ${LABEL[action]} a finding`);
  }
  if (SUPERVISOR_ACTIONS.includes(action) && !SUPERVISING.includes(actor.role)) {
    return refuse('forbidden', `Only a supervisor or an admin may ${LABEL[action]} a finding`);
  }
  const targets = TRANSITIONS[state.status][action];
  if (!targets) return illegal(state, action);

  const keep: WorkflowState = {
    status: state.status,
    assigneeId: state.assigneeId,
    claimedAt: state.claimedAt,
    snoozedUntil: state.snoozedUntil,
    firstReviewerId: state.firstReviewerId,
  };
  const to = (next: Partial<WorkflowState> & { status: FindingStatus }): Allowed => ({ ok: true, from: state.status, next: { ...keep, ...next } });
  const unclaimed = { assigneeId: null, claimedAt: null };
  const active = claimActive(state, now, ctx.claimTtlMs);
  const holder = state.status === 'in_review' && !!actor.id && state.assigneeId === actor.id;

  // Deciding on a finding someone else works on: supervisors and admins may; reviewers must claim it first.
  const mayWork = (): Refusal | null => {
    if (holder || SUPERVISING.includes(actor.role)) return null;
    return active
      ? refuse('conflict', `The finding is in_review, claimed by another reviewer until ${expiry(state, ctx)}`, {
          status: state.status,
          assigneeId: state.assigneeId,
        })
      : refuse('conflict', 'The finding is in_review with a lapsed claim of another reviewer; claim it first', {
          status: state.status,
          assigneeId: state.assigneeId,
        });
  };

  switch (action) {
    case 'claim':
      if (state.status === 'in_review' && active && !holder) {
        return refuse('conflict', `The finding is in_review, claimed by another reviewer until ${expiry(state, ctx)}`, {
          status: state.status,
          assigneeId: state.assigneeId,
        });
      }
      return to({ status: 'in_review', assigneeId: actor.id, claimedAt: now });
    case 'release':
      return mayWork() ?? to({ status: 'pending', ...unclaimed });
    case 'approve':
      return mayWork() ?? to({ status: 'approved' });
    case 'dismiss': {
      const refused = mayWork();
      if (refused) return refused;
      if (ctx.fourEyes && state.severity === 'high') {
        return to({ status: 'pending_second_review', firstReviewerId: actor.id, ...unclaimed });
      }
      return to({ status: 'dismissed' });
    }
    case 'snooze': {
      const refused = mayWork();
      if (refused) return refused;
      if (!ctx.until || Number.isNaN(ctx.until.getTime())) return refuse('invalid', 'until must be a timestamp');
      if (ctx.until.getTime() <= now.getTime()) return refuse('invalid', 'until must be in the future');
      if (ctx.until.getTime() - now.getTime() > MAX_SNOOZE_MS) return refuse('invalid', 'until must be within a year');
      return to({ status: 'snoozed', snoozedUntil: ctx.until, ...unclaimed });
    }
    case 'assign':
      if (!ctx.assigneeId) return refuse('invalid', 'assigneeId is required');
      return to({ status: 'in_review', assigneeId: ctx.assigneeId, claimedAt: now });
    case 'confirm_dismissal':
      if (actor.id && actor.id === state.firstReviewerId) {
        return refuse('forbidden', 'You dismissed this finding; another supervisor must confirm the dismissal');
      }
      return to({ status: 'dismissed' });
    case 'reject_dismissal':
      // back to whoever dismissed it, with a fresh claim, to reconsider
      return to({ status: 'in_review', assigneeId: state.firstReviewerId, claimedAt: state.firstReviewerId ? now : null, firstReviewerId: null });
    case 'wake':
      if (!snoozeOver(state, now)) {
        return refuse('conflict', `The finding is snoozed until ${state.snoozedUntil?.toISOString()}`, { status: state.status });
      }
      return to({ status: 'pending', snoozedUntil: null, ...unclaimed });
    case 'supersede':
      return to({ status: 'superseded', ...unclaimed, snoozedUntil: null });
  }
}

function expiry(state: WorkflowState, ctx: DecisionContext): string {
  return new Date((state.claimedAt?.getTime() ?? 0) + ctx.claimTtlMs).toISOString();
}

function illegal(state: WorkflowState, action: ReviewAction): Refusal {
  const hint: Partial<Record<FindingStatus, string>> = {
    pending: 'claim it first',
    snoozed: state.snoozedUntil ? `it returns to the queue at ${state.snoozedUntil.toISOString()}` : undefined,
    pending_second_review: 'a supervisor must confirm or reject the dismissal first',
  };
  const extra = hint[state.status];
  return refuse('conflict', `Cannot ${LABEL[action]} a finding that is ${state.status}${extra ? `; ${extra}` : ''}`, {
    status: state.status,
  });
}

export interface Step {
  action: ReviewAction;
  /** The system for a wake, the caller otherwise. */
  actorId: string | null;
  from: FindingStatus;
  to: FindingStatus;
}
export type Plan = { ok: true; steps: Step[]; next: WorkflowState } | Refusal;

/**
 * The steps that carry out `action` now: a snooze whose date has passed is first woken (by the system), and a
 * bulk decision on a pending finding claims it first (`claimIfPending`). Each step becomes one event.
 */
export function plan(state: FindingFacts, action: ReviewAction, ctx: DecisionContext, options: { claimIfPending?: boolean } = {}): Plan {
  const steps: Step[] = [];
  let current: FindingFacts = state;
  const apply = (a: ReviewAction, c: DecisionContext): Refusal | null => {
    const d = decide(current, a, c);
    if (!d.ok) return d;
    steps.push({ action: a, actorId: c.actor.id, from: d.from, to: d.next.status });
    current = { ...d.next, severity: state.severity };
    return null;
  };
  if (action !== 'supersede' && snoozeOver(current, ctx.now)) {
    const woken = apply('wake', { ...ctx, actor: { id: null, role: 'system' } });
    if (woken) return woken;
  }
  if (options.claimIfPending && current.status === 'pending' && (action === 'approve' || action === 'dismiss')) {
    const claimed = apply('claim', ctx);
    if (claimed) return claimed;
  }
  const refused = apply(action, ctx);
  if (refused) return refused;
  const { severity: _severity, ...next } = current;
  return { ok: true, steps, next };
}
