import { FINDING_STATUSES, FindingStatus, REVIEW_ACTIONS, ReviewAction } from '@spendguard/contracts';
import { ActorRole, claimActive, decide, DecisionContext, FindingFacts, plan, TRANSITIONS } from './review-machine';

const NOW = new Date('2026-03-01T12:00:00Z');
const TTL = 30 * 60_000;
const ME = 'me';
const OTHER = 'other';
const ROLES: ActorRole[] = ['reviewer', 'supervisor', 'admin', 'system'];

type Outcome = FindingStatus | 403 | 409 | 'four-eyes';
/** Expected outcome per [reviewer, supervisor, admin, system]; 'four-eyes' = pending_second_review with four-eyes on, else dismissed. */
const EXPECTED: Record<FindingStatus, Record<ReviewAction, [Outcome, Outcome, Outcome, Outcome]>> = {
  pending: {
    claim: ['in_review', 'in_review', 'in_review', 403],
    release: [409, 409, 409, 403],
    approve: [409, 409, 409, 403],
    dismiss: [409, 409, 409, 403],
    snooze: [409, 409, 409, 403],
    assign: [403, 'in_review', 'in_review', 403],
    confirm_dismissal: [403, 409, 409, 403],
    reject_dismissal: [403, 409, 409, 403],
    supersede: [403, 403, 403, 'superseded'],
    wake: [403, 403, 403, 409],
  },
  in_review: {
    claim: ['in_review', 'in_review', 'in_review', 403],
    release: ['pending', 'pending', 'pending', 403],
    approve: ['approved', 'approved', 'approved', 403],
    dismiss: ['four-eyes', 'four-eyes', 'four-eyes', 403],
    snooze: ['snoozed', 'snoozed', 'snoozed', 403],
    assign: [403, 'in_review', 'in_review', 403],
    confirm_dismissal: [403, 409, 409, 403],
    reject_dismissal: [403, 409, 409, 403],
    supersede: [403, 403, 403, 'superseded'],
    wake: [403, 403, 403, 409],
  },
  pending_second_review: {
    claim: [409, 409, 409, 403],
    release: [409, 409, 409, 403],
    approve: [409, 409, 409, 403],
    dismiss: [409, 409, 409, 403],
    snooze: [409, 409, 409, 403],
    assign: [403, 409, 409, 403],
    confirm_dismissal: [403, 'dismissed', 'dismissed', 403],
    reject_dismissal: [403, 'in_review', 'in_review', 403],
    supersede: [403, 403, 403, 'superseded'],
    wake: [403, 403, 403, 409],
  },
  snoozed: {
    claim: [409, 409, 409, 403],
    release: [409, 409, 409, 403],
    approve: [409, 409, 409, 403],
    dismiss: [409, 409, 409, 403],
    snooze: [409, 409, 409, 403],
    assign: [403, 409, 409, 403],
    confirm_dismissal: [403, 409, 409, 403],
    reject_dismissal: [403, 409, 409, 403],
    supersede: [403, 403, 403, 'superseded'],
    // the date has not come yet
    wake: [403, 403, 403, 409],
  },
  approved: closed(),
  dismissed: closed(),
  superseded: closed(),
};

function closed(): Record<ReviewAction, [Outcome, Outcome, Outcome, Outcome]> {
  return {
    claim: [409, 409, 409, 403],
    release: [409, 409, 409, 403],
    approve: [409, 409, 409, 403],
    dismiss: [409, 409, 409, 403],
    snooze: [409, 409, 409, 403],
    assign: [403, 409, 409, 403],
    confirm_dismissal: [403, 409, 409, 403],
    reject_dismissal: [403, 409, 409, 403],
    supersede: [403, 403, 403, 409],
    wake: [403, 403, 403, 409],
  };
}

/** A finding in `status` as the actor meets it: their own active claim when in review, someone else's dismissal when in second review. */
function finding(status: FindingStatus, actorId: string | null): FindingFacts {
  return {
    status,
    severity: 'high',
    assigneeId: status === 'in_review' ? actorId : null,
    claimedAt: status === 'in_review' ? new Date(NOW.getTime() - 60_000) : null,
    snoozedUntil: status === 'snoozed' ? new Date(NOW.getTime() + 3600_000) : null,
    firstReviewerId: status === 'pending_second_review' ? OTHER : null,
  };
}

function ctx(role: ActorRole, fourEyes: boolean, extra: Partial<DecisionContext> = {}): DecisionContext {
  return {
    actor: { id: role === 'system' ? null : ME, role },
    fourEyes,
    now: NOW,
    claimTtlMs: TTL,
    assigneeId: 'assignee',
    until: new Date(NOW.getTime() + 86_400_000),
    ...extra,
  };
}

describe('review state machine: the whole table (status x action x role x four-eyes)', () => {
  const cases: Array<[FindingStatus, ReviewAction, ActorRole, boolean, Outcome]> = [];
  for (const status of FINDING_STATUSES) {
    for (const action of REVIEW_ACTIONS) {
      ROLES.forEach((role, i) => {
        for (const fourEyes of [true, false]) cases.push([status, action, role, fourEyes, EXPECTED[status][action][i]]);
      });
    }
  }

  it('covers every combination', () => {
    expect(cases).toHaveLength(FINDING_STATUSES.length * REVIEW_ACTIONS.length * ROLES.length * 2);
  });

  it.each(cases)('%s + %s by %s (four-eyes %s) -> %s', (status, action, role, fourEyes, expected) => {
    const result = decide(finding(status, role === 'system' ? null : ME), action, ctx(role, fourEyes));
    if (typeof expected === 'number') {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.kind).toBe(expected === 403 ? 'forbidden' : 'conflict');
      // an illegal transition names the state the finding is in
      if (expected === 409) expect(result.message).toContain(status);
      return;
    }
    const want = expected === 'four-eyes' ? (fourEyes ? 'pending_second_review' : 'dismissed') : expected;
    expect(result).toMatchObject({ ok: true, from: status, next: { status: want } });
    // every allowed move is in the transition table
    expect(TRANSITIONS[status][action]).toContain(want);
  });
});

describe('review state machine: claims, four-eyes and snoozes', () => {
  const inReview = (assigneeId: string, minutesAgo: number, severity: FindingFacts['severity'] = 'high'): FindingFacts => ({
    status: 'in_review',
    severity,
    assigneeId,
    claimedAt: new Date(NOW.getTime() - minutesAgo * 60_000),
    snoozedUntil: null,
    firstReviewerId: null,
  });

  it('claiming takes the finding for the caller from now', () => {
    const result = decide(finding('pending', ME), 'claim', ctx('reviewer', true));
    expect(result).toEqual({
      ok: true,
      from: 'pending',
      next: { status: 'in_review', assigneeId: ME, claimedAt: NOW, snoozedUntil: null, firstReviewerId: null },
    });
  });

  it("another reviewer's live claim blocks claiming and deciding, with a 409 naming the state", () => {
    for (const action of ['claim', 'approve', 'dismiss', 'release', 'snooze'] as const) {
      const result = decide(inReview(OTHER, 5), action, ctx('reviewer', true));
      expect(result).toMatchObject({ ok: false, kind: 'conflict' });
      if (!result.ok) expect(result.message).toMatch(/in_review, claimed by another reviewer until 2026-03-01T12:25:00.000Z/);
    }
  });

  it('an expired claim counts as unclaimed: another reviewer may claim it, but must claim before deciding', () => {
    expect(claimActive(inReview(OTHER, 31), NOW, TTL)).toBe(false);
    expect(claimActive(inReview(OTHER, 29), NOW, TTL)).toBe(true);
    expect(decide(inReview(OTHER, 31), 'claim', ctx('reviewer', true))).toMatchObject({ ok: true, next: { assigneeId: ME, claimedAt: NOW } });
    expect(decide(inReview(OTHER, 31), 'approve', ctx('reviewer', true))).toMatchObject({ ok: false, kind: 'conflict' });
  });

  it('the holder of a lapsed claim may still decide while nobody else took it', () => {
    expect(decide(inReview(ME, 90), 'approve', ctx('reviewer', true))).toMatchObject({ ok: true, next: { status: 'approved' } });
  });

  it('supervisors and admins may decide on findings others have claimed, and reassign them', () => {
    for (const role of ['supervisor', 'admin'] as const) {
      expect(decide(inReview(OTHER, 1), 'approve', ctx(role, true))).toMatchObject({ ok: true, next: { status: 'approved' } });
      expect(decide(inReview(OTHER, 1), 'assign', ctx(role, true, { assigneeId: 'third' }))).toMatchObject({
        ok: true,
        next: { status: 'in_review', assigneeId: 'third', claimedAt: NOW },
      });
    }
  });

  it('dismissing a high-severity finding needs a second supervisor when four-eyes is on; others are dismissed at once', () => {
    expect(decide(inReview(ME, 1, 'high'), 'dismiss', ctx('supervisor', true))).toMatchObject({
      ok: true,
      next: { status: 'pending_second_review', firstReviewerId: ME, assigneeId: null },
    });
    for (const severity of ['low', 'medium'] as const) {
      expect(decide(inReview(ME, 1, severity), 'dismiss', ctx('reviewer', true))).toMatchObject({ ok: true, next: { status: 'dismissed' } });
    }
  });

  it('the person who dismissed cannot confirm their own dismissal; another supervisor can', () => {
    const waiting: FindingFacts = { ...finding('pending_second_review', ME), firstReviewerId: ME };
    expect(decide(waiting, 'confirm_dismissal', ctx('supervisor', true))).toMatchObject({ ok: false, kind: 'forbidden' });
    expect(decide(waiting, 'confirm_dismissal', ctx('admin', true))).toMatchObject({ ok: false, kind: 'forbidden' });
    expect(decide(waiting, 'confirm_dismissal', { ...ctx('supervisor', true), actor: { id: 'second', role: 'supervisor' } })).toMatchObject({
      ok: true,
      next: { status: 'dismissed' },
    });
  });

  it('a rejected dismissal goes back to the first reviewer, claimed afresh', () => {
    const waiting: FindingFacts = { ...finding('pending_second_review', ME), firstReviewerId: 'first' };
    expect(decide(waiting, 'reject_dismissal', ctx('supervisor', true))).toEqual({
      ok: true,
      from: 'pending_second_review',
      next: { status: 'in_review', assigneeId: 'first', claimedAt: NOW, snoozedUntil: null, firstReviewerId: null },
    });
  });

  it('snoozing needs a date in the future (within a year) and leaves the finding unclaimed', () => {
    const held = inReview(ME, 1);
    expect(decide(held, 'snooze', ctx('reviewer', true, { until: new Date(NOW.getTime() - 1) }))).toMatchObject({ ok: false, kind: 'invalid' });
    expect(decide(held, 'snooze', ctx('reviewer', true, { until: new Date(NOW.getTime() + 400 * 86_400_000) }))).toMatchObject({
      ok: false,
      kind: 'invalid',
    });
    const until = new Date(NOW.getTime() + 3600_000);
    expect(decide(held, 'snooze', ctx('reviewer', true, { until }))).toMatchObject({
      ok: true,
      next: { status: 'snoozed', snoozedUntil: until, assigneeId: null, claimedAt: null },
    });
  });

  it('a snooze whose date has come is woken by the system before the action, as its own step', () => {
    const overdue: FindingFacts = { ...finding('snoozed', null), snoozedUntil: new Date(NOW.getTime() - 1000) };
    expect(decide(overdue, 'wake', ctx('system', true))).toMatchObject({ ok: true, next: { status: 'pending', snoozedUntil: null } });
    expect(plan(overdue, 'claim', ctx('reviewer', true))).toMatchObject({
      ok: true,
      steps: [
        { action: 'wake', actorId: null, from: 'snoozed', to: 'pending' },
        { action: 'claim', actorId: ME, from: 'pending', to: 'in_review' },
      ],
      next: { status: 'in_review', assigneeId: ME },
    });
    expect(plan(finding('snoozed', null), 'claim', ctx('reviewer', true))).toMatchObject({ ok: false, kind: 'conflict' });
  });

  it('bulk decisions claim a pending finding first; single decisions do not', () => {
    expect(plan(finding('pending', ME), 'approve', ctx('reviewer', true))).toMatchObject({ ok: false, kind: 'conflict' });
    expect(plan(finding('pending', ME), 'approve', ctx('reviewer', true), { claimIfPending: true })).toMatchObject({
      ok: true,
      steps: [
        { action: 'claim', from: 'pending', to: 'in_review' },
        { action: 'approve', from: 'in_review', to: 'approved' },
      ],
    });
  });

  it('assigning needs an assignee', () => {
    expect(decide(finding('pending', ME), 'assign', ctx('supervisor', true, { assigneeId: undefined }))).toMatchObject({ ok: false, kind: 'invalid' });
  });
});
