import { ChangeDetectionStrategy, Component, computed, DestroyRef, ElementRef, inject, OnInit, signal, viewChildren } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatAutocomplete, MatAutocompleteSelectedEvent, MatAutocompleteTrigger } from '@angular/material/autocomplete';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatCell, MatCellDef, MatColumnDef, MatHeaderCell, MatHeaderCellDef, MatHeaderRow, MatHeaderRowDef, MatRow, MatRowDef, MatTable } from '@angular/material/table';
import { MatTooltip } from '@angular/material/tooltip';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { debounceTime, distinctUntilChanged, filter, Observable, of, Subject, switchMap } from 'rxjs';
import {
  FINDING_SEVERITIES,
  FINDING_SORTS,
  FINDING_STATUSES,
  FINDING_TYPES,
  OPERATOR_LIVE_EVENTS,
  type BulkItemResult,
  type FindingClaimedEvent,
  type FindingCreatedEvent,
  type FindingDecidedEvent,
  type FindingListQuery,
  type FindingSeverity,
  type FindingSort,
  type FindingStatus,
  type FindingType,
  type FindingView,
  type OperatorCustomerView,
  type OperatorView,
  type ReviewerDismissReason,
} from '@spendguard/contracts';
import { apiErrorMessage, confirm, LiveEvents, LocalDatePipe, Session, StateView } from '@spendguard/web';
import { CustomersApi } from '../../api/customers-api';
import { FindingsApi } from '../../api/findings-api';
import { OperatorDirectory } from '../../api/operators';
import { askDismissal } from '../../findings/dismiss-dialog';
import { SEVERITY_LABELS, STATUS_LABELS, TYPE_LABELS } from '../../findings/labels';
import { ShortcutsDialog } from '../../findings/shortcuts-dialog';

export interface QueueFilters {
  status: FindingStatus | '';
  type: FindingType | '';
  severity: FindingSeverity | '';
  customerId: string;
  /** '' anyone, 'me' the signed-in operator, or an operator's id. */
  assignee: string;
  overdue: boolean;
  sort: FindingSort;
}

const SORT_LABELS: Record<FindingSort, string> = {
  urgency: 'Most urgent first',
  dueAt: 'Due soonest',
  '-createdAt': 'Newest first',
  createdAt: 'Oldest first',
  '-score': 'Highest score',
};

const PAGE_SIZE = 50;

/** Keys typed into a field are text, not shortcuts. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio')) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.getAttribute('role') === 'combobox' || target.getAttribute('role') === 'listbox' || target.getAttribute('role') === 'option';
}

/**
 * The review queue: filters kept in the URL, cursor paging, counts per status, a multi-selection for bulk
 * decisions, live patches from the event stream (rows change in place; new findings wait behind a button so
 * nothing moves under the reviewer), and keyboard shortcuts.
 */
@Component({
  selector: 'sg-queue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule, RouterLink, MatTable, MatColumnDef, MatHeaderCell, MatHeaderCellDef, MatCell, MatCellDef, MatHeaderRow, MatHeaderRowDef, MatRow, MatRowDef,
    MatCheckbox, MatButton, MatIconButton, MatIcon, MatFormField, MatLabel, MatSelect, MatOption, MatTooltip, MatInput, MatAutocomplete, MatAutocompleteTrigger, StateView, LocalDatePipe,
  ],
  templateUrl: './queue-page.html',
  styleUrl: './queue-page.scss',
  host: { '(document:keydown)': 'onKey($event)' },
})
export class QueuePage implements OnInit {
  private readonly api = inject(FindingsApi);
  private readonly live = inject(LiveEvents);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly destroyRef = inject(DestroyRef);
  private readonly directory = inject(OperatorDirectory);
  private readonly rowEls = viewChildren('rowEl', { read: ElementRef });
  private readonly names = signal<ReadonlyMap<string, string>>(new Map());
  private readonly customersApi = inject(CustomersApi);
  private readonly customerSearch$ = new Subject<string>();
  readonly operators = signal<OperatorView[]>([]);
  readonly customerOptions = signal<OperatorCustomerView[]>([]);
  /** The chosen customer's name (from the search, or from a row when the filter came from the URL). */
  private readonly chosenCustomer = signal<string | null>(null);

  protected readonly statuses = FINDING_STATUSES;
  protected readonly types = FINDING_TYPES;
  protected readonly severities = FINDING_SEVERITIES;
  protected readonly sorts = FINDING_SORTS;
  protected readonly sortLabels = SORT_LABELS;
  protected readonly typeLabels = TYPE_LABELS;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly severityLabels = SEVERITY_LABELS;
  protected readonly columns = ['select', 'severity', 'title', 'type', 'customer', 'status', 'createdAt', 'dueAt', 'assignee'];

  readonly filters = signal<QueueFilters>({ status: '', type: '', severity: '', customerId: '', assignee: '', overdue: false, sort: 'urgency' });
  readonly items = signal<FindingView[]>([]);
  readonly total = signal(0);
  readonly counts = signal<Partial<Record<FindingStatus, number>>>({});
  readonly nextCursor = signal<string | null>(null);
  readonly loading = signal(false);
  readonly loadingMore = signal(false);
  readonly error = signal<string | null>(null);
  readonly selected = signal<ReadonlySet<string>>(new Set());
  readonly focusedId = signal<string | null>(null);
  /** Findings created since the list was loaded that the reviewer has not pulled in yet. */
  readonly newCount = signal(0);
  /** Rows changed by someone else since they were loaded (highlighted, never moved). */
  readonly changed = signal<ReadonlySet<string>>(new Set());
  readonly bulkResults = signal<BulkItemResult[] | null>(null);
  readonly busy = signal(false);

  readonly selectedCount = computed(() => this.selected().size);
  readonly allSelected = computed(() => this.items().length > 0 && this.items().every((f) => this.selected().has(f.id)));
  readonly someSelected = computed(() => this.selectedCount() > 0 && !this.allSelected());
  readonly customerName = computed(() => {
    const id = this.filters().customerId;
    return id ? (this.chosenCustomer() ?? this.items().find((f) => f.customerId === id)?.customer.displayName ?? 'one customer') : null;
  });
  /** Findings of every status for the other filters (the status tabs' sum). */
  readonly allCount = computed(() => Object.values(this.counts()).reduce((n: number, c) => n + (c ?? 0), 0));
  readonly statusTabs = computed(() => {
    const counts = this.counts();
    return FINDING_STATUSES.map((s) => ({ status: s, label: STATUS_LABELS[s], count: counts[s] ?? 0 }));
  });
  readonly resultSummary = computed(() => {
    const results = this.bulkResults() ?? [];
    const ok = results.filter((r) => r.ok).length;
    return `${ok} of ${results.length} done${ok < results.length ? `, ${results.length - ok} not done` : ''}`;
  });
  readonly trackById = (_: number, f: FindingView) => f.id;
  readonly resultTitles = computed(() => new Map(this.items().map((f) => [f.id, f.title])));

  ngOnInit(): void {
    const p = this.route.snapshot.queryParamMap;
    const pick = <T extends string>(key: string, allowed: readonly T[]): T | '' => {
      const v = p.get(key);
      return v && (allowed as readonly string[]).includes(v) ? (v as T) : '';
    };
    this.filters.set({
      status: pick('status', FINDING_STATUSES),
      type: pick('type', FINDING_TYPES),
      severity: pick('severity', FINDING_SEVERITIES),
      customerId: p.get('customerId') ?? '',
      assignee: p.get('assignee') ?? '',
      overdue: p.get('overdue') === 'true',
      sort: pick('sort', FINDING_SORTS) || 'urgency',
    });
    this.load();
    this.directory.list().subscribe({
      next: (list) => {
        this.operators.set(list);
        this.names.set(new Map(list.map((o) => [o.id, o.displayName])));
      },
      error: () => undefined,
    });
    this.customerSearch$
      .pipe(
        debounceTime(250),
        distinctUntilChanged(),
        switchMap((q) => (q.length < 2 ? of({ items: [] as OperatorCustomerView[] }) : this.customersApi.list({ q, limit: 10 }))),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({ next: (page) => this.customerOptions.set(page.items), error: () => this.customerOptions.set([]) });
    this.live
      .stream<unknown>('/findings/stream', OPERATOR_LIVE_EVENTS)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((event) => this.applyLive(event.type, event.data));
  }

  /** The API query for the current filters. */
  query(cursor?: string): FindingListQuery {
    const f = this.filters();
    const me = this.session.user()?.id;
    return {
      status: f.status || undefined,
      type: f.type || undefined,
      severity: f.severity || undefined,
      customerId: f.customerId || undefined,
      assigneeId: f.assignee === 'me' ? me : f.assignee || undefined,
      overdue: f.overdue ? 'true' : undefined,
      sort: f.sort,
      limit: PAGE_SIZE,
      cursor,
    };
  }

  setFilter<K extends keyof QueueFilters>(key: K, value: QueueFilters[K]): void {
    this.filters.update((f) => ({ ...f, [key]: value }));
    const f = this.filters();
    void this.router.navigate([], {
      relativeTo: this.route,
      replaceUrl: true,
      queryParams: {
        status: f.status || null,
        type: f.type || null,
        severity: f.severity || null,
        customerId: f.customerId || null,
        assignee: f.assignee || null,
        overdue: f.overdue ? 'true' : null,
        sort: f.sort === 'urgency' ? null : f.sort,
      },
    });
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.list(this.query()).subscribe({
      next: (page) => {
        this.items.set(page.items);
        this.total.set(page.total);
        this.counts.set(page.counts);
        this.nextCursor.set(page.nextCursor);
        this.newCount.set(0);
        this.changed.set(new Set());
        // the selection survives a reload only for findings still listed
        const listed = new Set(page.items.map((f) => f.id));
        this.selected.update((s) => new Set([...s].filter((id) => listed.has(id))));
        if (!this.focusedId() || !listed.has(this.focusedId() ?? '')) this.focusedId.set(page.items[0]?.id ?? null);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.error.set(apiErrorMessage(err));
        this.loading.set(false);
      },
    });
  }

  loadMore(): void {
    const cursor = this.nextCursor();
    if (!cursor || this.loadingMore()) return;
    this.loadingMore.set(true);
    this.api.list(this.query(cursor)).subscribe({
      next: (page) => {
        const known = new Set(this.items().map((f) => f.id));
        this.items.update((items) => [...items, ...page.items.filter((f) => !known.has(f.id))]);
        this.nextCursor.set(page.nextCursor);
        this.total.set(page.total);
        this.loadingMore.set(false);
      },
      error: (err: unknown) => {
        this.loadingMore.set(false);
        this.snack.open(apiErrorMessage(err), 'Close', { duration: 6000 });
      },
    });
  }

  /** Live events patch rows in place by id and version; nothing is inserted or removed under the reviewer. */
  applyLive(type: string, data: unknown): void {
    if (type === 'finding.created') {
      const created = data as FindingCreatedEvent;
      const f = this.filters();
      const matches = (!f.type || f.type === created.type) && (!f.severity || f.severity === created.severity) && (!f.customerId || f.customerId === created.customerId) && (!f.status || f.status === created.status);
      if (matches && !this.items().some((x) => x.id === created.id)) this.newCount.update((n) => n + 1);
      return;
    }
    if (type === 'finding.decided') {
      const e = data as FindingDecidedEvent;
      this.patch(e.id, e.version, e.actorId, (row) => ({ ...row, status: e.status, version: e.version, assigneeId: e.status === 'in_review' ? row.assigneeId : e.status === 'pending' ? null : row.assigneeId }));
      if (e.fromStatus !== e.status) {
        this.counts.update((c) => ({ ...c, [e.fromStatus]: Math.max(0, (c[e.fromStatus] ?? 0) - 1), [e.status]: (c[e.status] ?? 0) + 1 }));
      }
      return;
    }
    if (type === 'finding.claimed') {
      const e = data as FindingClaimedEvent;
      this.patch(e.id, e.version, e.actorId, (row) => ({ ...row, status: 'in_review', version: e.version, assigneeId: e.assigneeId, claimedAt: e.claimedAt }));
    }
  }

  /** Someone else's change is highlighted; the reviewer's own decisions (echoed by the stream) are not. */
  private patch(id: string, version: number, actorId: string | null, change: (row: FindingView) => FindingView): void {
    const row = this.items().find((f) => f.id === id);
    if (!row || row.version >= version) return;
    this.items.update((items) => items.map((f) => (f.id === id ? change(f) : f)));
    if (actorId !== this.session.user()?.id) this.changed.update((s) => new Set(s).add(id));
  }

  searchCustomers(q: string): void {
    this.customerSearch$.next(q.trim());
  }

  chooseCustomer(event: MatAutocompleteSelectedEvent): void {
    const customer = this.customerOptions().find((c) => c.id === event.option.value);
    this.chosenCustomer.set(customer?.displayName ?? null);
    this.setFilter('customerId', typeof event.option.value === 'string' ? event.option.value : '');
  }

  clearCustomer(): void {
    this.chosenCustomer.set(null);
    this.setFilter('customerId', '');
  }

  showNew(): void {
    this.load();
  }

  toggle(id: string): void {
    this.selected.update((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  toggleAll(): void {
    this.selected.set(this.allSelected() ? new Set() : new Set(this.items().map((f) => f.id)));
  }

  focusRow(id: string, moveFocus = true): void {
    this.focusedId.set(id);
    if (!moveFocus) return;
    const index = this.items().findIndex((f) => f.id === id);
    const el = this.rowEls()[index]?.nativeElement as HTMLElement | undefined;
    el?.focus();
    el?.scrollIntoView?.({ block: 'nearest' });
  }

  open(id: string): void {
    void this.router.navigate(['/findings', id]);
  }

  /** Table cells get their row untyped from mat-table: this gives the template typed labels for it. */
  row(f: FindingView): { severityLabel: string; typeLabel: string; statusLabel: string } {
    return { severityLabel: SEVERITY_LABELS[f.severity], typeLabel: TYPE_LABELS[f.type], statusLabel: STATUS_LABELS[f.status] };
  }

  assignee(f: FindingView): string {
    if (!f.assigneeId) return '—';
    if (f.assigneeId === this.session.user()?.id) return 'You';
    return this.names().get(f.assigneeId) ?? 'Another operator';
  }

  bulkApprove(): void {
    const ids = [...this.selected()];
    if (!ids.length) return;
    confirm(this.dialog, {
      title: `Approve ${ids.length} ${ids.length === 1 ? 'finding' : 'findings'}?`,
      message: 'Each customer will see the finding as currently worded. Findings others are working on are skipped.',
      confirmText: 'Approve',
    })
      .pipe(filter(Boolean))
      .subscribe(() => this.runBulk(this.api.bulk({ action: 'approve', ids })));
  }

  bulkDismiss(): void {
    const ids = [...this.selected()];
    if (!ids.length) return;
    const high = this.items().some((f) => ids.includes(f.id) && f.severity === 'high');
    askDismissal(this.dialog, { subject: `${ids.length} ${ids.length === 1 ? 'finding' : 'findings'}`, needsSecondReview: high })
      .pipe(filter((c) => c !== undefined))
      .subscribe((choice) => this.runBulk(this.api.bulk({ action: 'dismiss', ids, reason: choice.reason, note: choice.note })));
  }

  private runBulk(call: Observable<{ results: BulkItemResult[] }>, quiet = false): void {
    this.busy.set(true);
    call.subscribe({
      next: ({ results }) => {
        this.busy.set(false);
        if (!quiet) this.bulkResults.set(results);
        const ok = results.filter((r) => r.ok);
        this.items.update((items) => items.map((f) => {
          const r = ok.find((x) => x.id === f.id);
          return r?.status ? { ...f, status: r.status } : f;
        }));
        this.selected.update((s) => new Set([...s].filter((id) => !ok.some((r) => r.id === id))));
        if (quiet) {
          const r = results[0];
          this.snack.open(r?.ok ? `Done: ${STATUS_LABELS[r.status ?? 'approved']}` : `Not done: ${r?.error ?? 'refused'}`, 'Close', { duration: 5000 });
        }
        // counts and versions come from the server, not from guesses
        this.refreshCounts();
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.snack.open(apiErrorMessage(err), 'Close', { duration: 6000 });
      },
    });
  }

  private refreshCounts(): void {
    this.api.list({ ...this.query(), limit: 1 }).subscribe({ next: (page) => this.counts.set(page.counts), error: () => undefined });
  }

  approveFocused(): void {
    const f = this.focused();
    if (f) this.runBulk(this.api.bulk({ action: 'approve', ids: [f.id] }), true);
  }

  dismissFocused(): void {
    const f = this.focused();
    if (!f) return;
    askDismissal(this.dialog, { subject: `“${f.title}”`, needsSecondReview: f.severity === 'high' })
      .pipe(filter((c): c is { reason: ReviewerDismissReason; note?: string } => c !== undefined))
      .subscribe((c) => this.runBulk(this.api.bulk({ action: 'dismiss', ids: [f.id], reason: c.reason, note: c.note }), true));
  }

  takeNext(): void {
    this.api.next().subscribe({
      next: (f) => {
        if (f) this.open(f.id);
        else this.snack.open('The queue is empty: nothing is waiting for review.', 'Close', { duration: 5000 });
      },
      error: (err: unknown) => this.snack.open(apiErrorMessage(err), 'Close', { duration: 6000 }),
    });
  }

  help(): void {
    this.dialog.open(ShortcutsDialog, { width: '480px', maxWidth: '95vw' });
  }

  private focused(): FindingView | undefined {
    const id = this.focusedId();
    return this.items().find((f) => f.id === id);
  }

  private move(delta: number): void {
    const items = this.items();
    if (!items.length) return;
    const index = items.findIndex((f) => f.id === this.focusedId());
    const next = index < 0 ? 0 : Math.min(items.length - 1, Math.max(0, index + delta));
    this.focusRow(items[next].id);
  }

  onKey(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target) || this.dialog.openDialogs.length) return;
    const actions: Record<string, () => void> = {
      j: () => this.move(1),
      k: () => this.move(-1),
      Enter: () => {
        const f = this.focused();
        if (f) this.open(f.id);
      },
      x: () => {
        const f = this.focused();
        if (f) this.toggle(f.id);
      },
      a: () => this.approveFocused(),
      d: () => this.dismissFocused(),
      n: () => this.takeNext(),
      '?': () => this.help(),
    };
    const action = actions[event.key];
    if (!action) return;
    // Enter on a link or button keeps its own meaning
    if (event.key === 'Enter' && event.target instanceof HTMLElement && ['A', 'BUTTON'].includes(event.target.tagName)) return;
    event.preventDefault();
    action();
  }
}
