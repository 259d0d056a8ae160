import { REVIEWER_DISMISS_REASONS, ReviewerDismissReason } from '@spendguard/contracts';

/** Why a dismissal as given cannot be accepted, or null: the reason must be from the fixed list and `other` needs a note. */
export function dismissalProblem(reason: unknown, note: string | null | undefined): string | null {
  if (!REVIEWER_DISMISS_REASONS.includes(reason as ReviewerDismissReason)) {
    return `reason must be one of: ${REVIEWER_DISMISS_REASONS.join(', ')}`;
  }
  if (reason === 'other' && !note?.trim()) return 'a note is required when the reason is other';
  return null;
}

/** The customer-facing wording after an approval, and what changed (for the event). */
export function rewrite(
  current: { title: string; message: string },
  edit: { title?: string; message?: string },
): { title: string; message: string; changed: Record<string, { from: string; to: string }> } {
  const title = edit.title?.trim() || current.title;
  const message = edit.message?.trim() || current.message;
  const changed: Record<string, { from: string; to: string }> = {};
  if (title !== current.title) changed['title'] = { from: current.title, to: title };
  if (message !== current.message) changed['message'] = { from: current.message, to: message };
  return { title, message, changed };
}
