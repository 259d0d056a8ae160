import { afterNextRender, ChangeDetectionStrategy, Component, computed, DestroyRef, inject, Injector, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatStep, MatStepper } from '@angular/material/stepper';
import { RouterLink } from '@angular/router';
import type { CsvImportMapping, CsvImportResult } from '@spendguard/contracts';
import { apiErrorMessage, LocalDatePipe, MoneyPipe } from '@spendguard/web';
import { ExpensesApi } from '../../api/expenses-api';

/** The mapping fields a customer can adjust, in the order they are asked. */
export const MAPPING_FIELDS: ReadonlyArray<{ key: 'date' | 'description' | 'merchant' | 'amount' | 'debit' | 'credit' | 'type' | 'category' | 'currency'; label: string; hint: string }> = [
  { key: 'date', label: 'Date column', hint: 'When the payment happened' },
  { key: 'description', label: 'Description column', hint: 'What the bank calls the payment' },
  { key: 'amount', label: 'Amount column', hint: 'Or use separate money out / money in columns' },
  { key: 'debit', label: 'Money out column', hint: 'Only if your bank splits amounts' },
  { key: 'credit', label: 'Money in column', hint: 'Only if your bank splits amounts' },
  { key: 'type', label: 'Debit/credit column', hint: 'Tells payments from income' },
  { key: 'category', label: 'Category column', hint: 'Optional' },
  { key: 'merchant', label: 'Merchant column', hint: 'Optional' },
  { key: 'currency', label: 'Currency column', hint: 'Optional' },
];
export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY'];

/** The header row of a CSV file (quoted fields allowed), with the delimiter the server detected or the likeliest one. */
export function csvHeaders(firstLine: string, delimiter?: string): string[] {
  const line = firstLine.replace(/^\uFEFF/, '').replace(/\r$/, '');
  const d = delimiter ?? [',', ';', '\t', '|'].reduce((best, c) => (line.split(c).length > line.split(best).length ? c : best), ',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === d && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out.filter((h) => h !== '');
}

/** A blob's text through FileReader, which every browser (and jsdom) has. */
function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

type EditableMapping = Record<(typeof MAPPING_FIELDS)[number]['key'], string> & { dateFormat: string; refunds: boolean };

@Component({
  selector: 'sg-import-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, MatStepper, MatStep, MatButton, MatIcon, MatFormField, MatLabel, MatHint, MatSelect, MatOption, MatCheckbox, MatProgressBar, MoneyPipe, LocalDatePipe],
  templateUrl: './import-page.html',
  styleUrl: './import-page.scss',
})
export class ImportPage {
  private readonly api = inject(ExpensesApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly stepper = viewChild(MatStepper);
  private readonly injector = inject(Injector);

  protected readonly fields = MAPPING_FIELDS;
  protected readonly dateFormats = DATE_FORMATS;
  protected readonly file = signal<File | null>(null);
  protected readonly headers = signal<string[]>([]);
  protected readonly mapping = signal<EditableMapping | null>(null);
  protected readonly preview = signal<CsvImportResult | null>(null);
  protected readonly summary = signal<CsvImportResult | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly uploaded = computed(() => this.mapping() !== null);
  protected readonly previewed = computed(() => this.preview() !== null);
  protected readonly committed = computed(() => this.summary() !== null);
  protected readonly importable = computed(() => {
    const p = this.preview();
    return p ? p.valid - p.duplicates : 0;
  });

  async choose(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0] ?? null;
    this.reset();
    if (!file) return;
    this.file.set(file);
    const firstLine = (await readText(file.slice(0, 64 * 1024))).split('\n')[0] ?? '';
    this.headers.set(csvHeaders(firstLine));
    // A dry run without a mapping: the server detects the columns, date format and signs.
    this.send(null, false, (result) => {
      this.headers.set(csvHeaders(firstLine, result.mapping.delimiter));
      this.mapping.set(this.editable(result.mapping));
      this.preview.set(null);
      this.advance();
    });
  }

  update<K extends keyof EditableMapping>(key: K, value: EditableMapping[K]): void {
    const m = this.mapping();
    if (m) this.mapping.set({ ...m, [key]: value });
    this.preview.set(null);
  }

  runPreview(): void {
    this.send(this.toMapping(), false, (result) => {
      this.preview.set(result);
      this.advance();
    });
  }

  commit(): void {
    this.send(this.toMapping(), true, (result) => {
      this.summary.set(result);
      this.advance();
    });
  }

  startOver(): void {
    this.reset();
    this.stepper()?.reset();
  }

  private advance(): void {
    // The linear stepper only moves past a step marked completed, and that flag is bound in the template: move
    // on once it has rendered.
    afterNextRender(() => this.stepper()?.next(), { injector: this.injector });
  }

  private reset(): void {
    this.file.set(null);
    this.headers.set([]);
    this.mapping.set(null);
    this.preview.set(null);
    this.summary.set(null);
    this.error.set(null);
  }

  private send(mapping: CsvImportMapping | null, commit: boolean, done: (r: CsvImportResult) => void): void {
    const file = this.file();
    if (!file || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.api
      .importCsv(file, file.name, mapping, commit)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (result) => {
          this.busy.set(false);
          done(result);
        },
        error: (e) => {
          this.busy.set(false);
          this.error.set(apiErrorMessage(e));
        },
      });
  }

  private editable(m: CsvImportMapping): EditableMapping {
    const description = Array.isArray(m.description) ? (m.description[0] ?? '') : (m.description ?? '');
    return {
      date: m.date ?? '',
      description,
      merchant: m.merchant ?? '',
      amount: m.amount ?? '',
      debit: m.debit ?? '',
      credit: m.credit ?? '',
      type: m.type ?? '',
      category: m.category ?? '',
      currency: m.currency ?? '',
      dateFormat: m.dateFormat ?? '',
      refunds: m.refunds ?? false,
    };
  }

  private toMapping(): CsvImportMapping {
    const m = this.mapping();
    if (!m) return {};
    const out: CsvImportMapping = { refunds: m.refunds };
    for (const f of MAPPING_FIELDS) if (m[f.key]) (out as Record<string, string>)[f.key] = m[f.key];
    if (m.dateFormat) out.dateFormat = m.dateFormat;
    return out;
  }
}
