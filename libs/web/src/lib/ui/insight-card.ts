import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import type { FindingType } from '@spendguard/contracts';
import { LocalDatePipe } from '../format/format';

/** How each kind of insight is introduced to a customer (icon and a plain-words label). */
export const INSIGHT_KINDS: Record<FindingType, { icon: string; label: string }> = {
  anomaly: { icon: 'priority_high', label: 'Unusual payment' },
  forecast_overrun: { icon: 'trending_up', label: 'Budget outlook' },
  drift: { icon: 'swap_vert', label: 'Change in your spending' },
  category_merge: { icon: 'merge_type', label: 'Category suggestion' },
  recurring_change: { icon: 'autorenew', label: 'Regular payment' },
};

export interface InsightCardNote {
  body: string;
  at: string;
}

/**
 * One approved insight exactly as the customer sees it in the portal. The operator console renders the same
 * component as the live preview of an approval, so what a reviewer previews is what the customer gets.
 */
@Component({
  selector: 'sg-insight-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIcon, LocalDatePipe],
  template: `
    <article class="sg-insight" [class.sg-insight-unread]="unread()" [attr.aria-labelledby]="headingId()">
      <header class="sg-insight-head">
        <mat-icon aria-hidden="true" class="sg-insight-icon">{{ kind().icon }}</mat-icon>
        <span class="sg-insight-kind">{{ kind().label }}</span>
        @if (approvedAt(); as at) {
          <time class="sg-insight-date" [attr.datetime]="at">{{ at | localDate }}</time>
        }
      </header>
      <h3 class="sg-insight-title" [id]="headingId()">{{ title() }}</h3>
      <p class="sg-insight-message">{{ message() }}</p>
      @if (notes().length) {
        <ul class="sg-insight-notes" aria-label="Notes from your bank">
          @for (note of notes(); track $index) {
            <li>
              <mat-icon aria-hidden="true">chat_bubble_outline</mat-icon>
              <span>{{ note.body }}</span>
            </li>
          }
        </ul>
      }
    </article>
  `,
  styles: `
    :host { display: block; }
    .sg-insight { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 16px; background: var(--mat-sys-surface-container-low); color: var(--mat-sys-on-surface); }
    .sg-insight-unread { border-left: 4px solid var(--mat-sys-primary); }
    .sg-insight-head { display: flex; align-items: center; gap: 8px; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-label-large); }
    .sg-insight-icon { color: var(--mat-sys-primary); }
    .sg-insight-date { margin-left: auto; font: var(--mat-sys-body-small); }
    .sg-insight-title { margin: 8px 0 4px; font: var(--mat-sys-title-medium); overflow-wrap: anywhere; }
    .sg-insight-message { margin: 0; font: var(--mat-sys-body-medium); white-space: pre-line; overflow-wrap: anywhere; }
    .sg-insight-notes { list-style: none; margin: 12px 0 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
    .sg-insight-notes li { display: flex; gap: 8px; align-items: flex-start; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class InsightCard {
  private static next = 0;
  readonly type = input.required<FindingType>();
  readonly title = input.required<string>();
  readonly message = input.required<string>();
  /** The bank's customer-visible notes. */
  readonly notes = input<readonly InsightCardNote[]>([]);
  /** Null while previewing an approval that has not happened yet. */
  readonly approvedAt = input<string | null>(null);
  readonly unread = input(false);

  private readonly uid = ++InsightCard.next;
  protected readonly kind = computed(() => INSIGHT_KINDS[this.type()]);
  protected readonly headingId = computed(() => `sg-insight-${this.uid}`);
}
