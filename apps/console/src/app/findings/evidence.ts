/**
 * Readers for a finding's evidence. The API types it as `Record<string, unknown>` (its shape belongs to the
 * analysis engine, libs/server/analysis domain/findings.ts, and differs per finding type), so the console reads
 * each field defensively: a missing or odd field hides that part of the view instead of breaking the page.
 */
export interface MonthTotal {
  month: string;
  total: number;
}

export interface EvidenceExpense {
  id: string;
  occurredOn: string;
  amount: number;
  originalAmount: string | null;
  currency: string | null;
  category: string | null;
  merchant: string | null;
  description: string;
}

export interface AnomalyEvidence {
  expense: EvidenceExpense | null;
  reasons: string[];
  detectors: Array<{ name: string; score: number }>;
  score: number | null;
  typicalMonthlySpend: number | null;
  shareOfTypicalMonth: number | null;
  categoryHistory: MonthTotal[];
  merchantHistory: Array<{ id: string; occurredAt: string; amount: number; category: string | null }>;
}

export interface ForecastEvidence {
  month: string;
  budget: number | null;
  spentSoFar: number | null;
  projected: number | null;
  low: number | null;
  high: number | null;
  level: number;
  probability: number | null;
  daysElapsed: number | null;
  daysInMonth: number | null;
  method: string | null;
  lowConfidence: boolean;
  series: MonthTotal[];
}

export interface DriftCategory {
  category: string;
  shareBefore: number;
  shareAfter: number;
  spendAfter: number | null;
  spendBeforeScaled: number | null;
  direction: string;
  significant: boolean;
}

export interface DriftEvidence {
  categories: DriftCategory[];
  js: number | null;
  psi: number | null;
  threshold: number | null;
}

export interface RecurringEvidence {
  change: string;
  merchant: string;
  cadence: string | null;
  from: number | null;
  to: number | null;
  relativeChange: number | null;
  changedOn: string | null;
  extraPerYear: number | null;
  typicalAmount: number | null;
  nextExpectedDate: string | null;
  nextExpectedAmount: number | null;
  monthlyCost: number | null;
  charges: Array<{ id: string; occurredOn: string; amount: number }>;
}

export interface MergeEvidence {
  source: { name: string; examples: string[] };
  target: { name: string; examples: string[] };
  similarity: number | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const objs = (v: unknown): Obj[] => arr(v).filter(isObj);
const strings = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');

function monthTotals(v: unknown): MonthTotal[] {
  return objs(v)
    .map((m) => ({ month: str(m['month']) ?? '', total: num(m['total']) ?? 0 }))
    .filter((m) => /^\d{4}-\d{2}$/.test(m.month));
}

export function readAnomaly(e: Obj): AnomalyEvidence {
  const x = isObj(e['expense']) ? e['expense'] : null;
  const detectors = isObj(e['detectors']) ? e['detectors'] : {};
  return {
    expense: x
      ? {
          id: str(x['id']) ?? '',
          occurredOn: str(x['occurredOn']) ?? (str(x['occurredAt']) ?? '').slice(0, 10),
          amount: num(x['amount']) ?? 0,
          originalAmount: str(x['originalAmount']),
          currency: str(x['currency']),
          category: str(x['category']),
          merchant: str(x['merchant']),
          description: str(x['description']) ?? '',
        }
      : null,
    reasons: strings(e['reasons']),
    detectors: Object.entries(detectors)
      .map(([name, score]) => ({ name, score: num(score) ?? 0 }))
      .sort((a, b) => b.score - a.score),
    score: num(e['score']),
    typicalMonthlySpend: num(e['typicalMonthlySpend']),
    shareOfTypicalMonth: num(e['shareOfTypicalMonth']),
    categoryHistory: monthTotals(e['categoryHistory']),
    merchantHistory: objs(e['merchantHistory']).map((m) => ({ id: str(m['id']) ?? '', occurredAt: str(m['occurredAt']) ?? '', amount: num(m['amount']) ?? 0, category: str(m['category']) })),
  };
}

export function readForecast(e: Obj): ForecastEvidence {
  const f = isObj(e['forecast']) ? e['forecast'] : null;
  return {
    month: str(e['month']) ?? '',
    budget: num(e['budget']),
    spentSoFar: num(e['spentSoFar']),
    projected: num(e['projected']) ?? (f ? num(f['mean']) : null),
    low: num(e['low']) ?? (f ? num(f['lo']) : null),
    high: num(e['high']) ?? (f ? num(f['hi']) : null),
    level: num(e['level']) ?? 0.8,
    probability: num(e['probability']),
    daysElapsed: num(e['daysElapsed']),
    daysInMonth: num(e['daysInMonth']),
    method: str(e['method']),
    lowConfidence: e['lowConfidence'] === true,
    series: monthTotals(e['series']),
  };
}

export function readDrift(e: Obj): DriftEvidence {
  return {
    categories: objs(e['categories'])
      .map((c) => ({
        category: str(c['category']) ?? '',
        shareBefore: num(c['shareBefore']) ?? 0,
        shareAfter: num(c['shareAfter']) ?? 0,
        spendAfter: num(c['spendAfter']),
        spendBeforeScaled: num(c['spendBeforeScaled']),
        direction: str(c['direction']) ?? '',
        significant: c['significant'] === true,
      }))
      .sort((a, b) => Math.abs(b.shareAfter - b.shareBefore) - Math.abs(a.shareAfter - a.shareBefore)),
    js: num(e['js']),
    psi: num(e['psi']),
    threshold: num(e['threshold']),
  };
}

export function readRecurring(e: Obj): RecurringEvidence {
  return {
    change: str(e['change']) ?? '',
    merchant: str(e['merchant']) ?? '',
    cadence: str(e['cadence']),
    from: num(e['from']),
    to: num(e['to']),
    relativeChange: num(e['relativeChange']),
    changedOn: str(e['changedOn']),
    extraPerYear: num(e['extraPerYear']),
    typicalAmount: num(e['typicalAmount']),
    nextExpectedDate: str(e['nextExpectedDate']),
    nextExpectedAmount: num(e['nextExpectedAmount']),
    monthlyCost: num(e['monthlyCost']),
    charges: objs(e['charges'])
      .map((c) => ({ id: str(c['id']) ?? '', occurredOn: str(c['occurredOn']) ?? '', amount: num(c['amount']) ?? 0 }))
      .filter((c) => c.occurredOn)
      .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn)),
  };
}

export function readMerge(e: Obj): MergeEvidence {
  const side = (v: unknown) => (isObj(v) ? { name: str(v['name']) ?? '', examples: strings(v['examples']) } : { name: '', examples: [] });
  return { source: side(e['source']), target: side(e['target']), similarity: num(e['similarity']) };
}
