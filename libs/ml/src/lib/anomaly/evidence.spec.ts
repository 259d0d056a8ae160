import { amountZ, CircularHourDensity, combineEvidence, evidenceTerms, hourBin, identicalAmountInformation, shrunkZ, type EvidenceInput } from './evidence';
import { extractFeatures, type TransactionInput } from './features';
import { combineScores, profileTerms } from './ensemble';

const quiet: EvidenceInput = {
  amountZ: 0, newMerchant: 0, newMerchantZ: NaN, categoryRarity: 0, hourSurprise: 0, categoryHourSurprise: 0, duplicate: 0, maturity: 1,
};

describe('CircularHourDensity', () => {
  it('wraps around midnight and bins by quarter hour', () => {
    expect(hourBin(0)).toBe(0);
    expect(hourBin(23.99)).toBe(95);
    expect(hourBin(24.5)).toBe(hourBin(0.5));
    expect(hourBin(-1)).toBe(hourBin(23));
  });

  it('is surprised by hours never seen near, not by habitual ones, and more so with more history', () => {
    const d = new CircularHourDensity();
    for (let i = 0; i < 200; i++) d.add(8 + (i % 10) / 10); // 08:00-08:54
    expect(d.surprise(8.5)).toBe(0); // denser than uniform
    expect(d.surprise(3)).toBeGreaterThan(4);
    const few = new CircularHourDensity();
    for (let i = 0; i < 20; i++) few.add(8 + (i % 10) / 10);
    expect(few.surprise(3)).toBeLessThan(d.surprise(3));
    // 23:50 is close to 00:10 across midnight.
    const night = new CircularHourDensity();
    for (let i = 0; i < 100; i++) night.add(0.1);
    expect(night.surprise(23.9)).toBeLessThan(1);
    expect(new CircularHourDensity().surprise(4)).toBe(0);
  });
});

describe('shrunkZ and amountZ', () => {
  it('shrinks z-scores estimated from few observations and respects the floor', () => {
    expect(shrunkZ(2, 1, 0.1, 30, 0.25, 3)).toBeCloseTo(4 / 1.1, 10);
    expect(shrunkZ(2, 1, 0.1, 3, 0.25, 3)).toBeCloseTo(2, 10);
    expect(shrunkZ(2, 1, 0.5, 2, 0.25, 3)).toBeNaN();
  });

  it('trusts an often-visited merchant alone, needs agreement before, and ignores known prices and new merchants', () => {
    expect(amountZ(6, 50, 0.5, false)).toBe(6); // coffee at 6 x the usual price among dinners
    expect(amountZ(0.2, 3, 7, false)).toBe(0.2); // a taxi ride among bus fares
    expect(amountZ(5, 3, 4, false)).toBe(4);
    expect(amountZ(NaN, 0, 7, false)).toBe(0); // new merchant: the novelty term decides
    expect(amountZ(9, 40, 9, true)).toBe(0); // the same price was charged before (annual plan, tuition)
  });
});

describe('identicalAmountInformation', () => {
  it('is high for a basket repeated to the cent and low for a fixed fare', () => {
    expect(identicalAmountInformation(1, 50)).toBe(1);
    expect(identicalAmountInformation(40, 40)).toBeLessThan(0.2);
    expect(identicalAmountInformation(1, 1)).toBeGreaterThan(0.7);
  });
});

describe('evidenceTerms and combineEvidence', () => {
  it('gives zero evidence to ordinary spending and adds independent evidence up', () => {
    expect(combineEvidence(evidenceTerms(quiet))).toBe(0);
    const spike = evidenceTerms({ ...quiet, amountZ: 6 });
    const oddHour = evidenceTerms({ ...quiet, hourSurprise: 6 });
    const both = evidenceTerms({ ...quiet, amountZ: 6, hourSurprise: 6 });
    expect(spike.amount).toBeGreaterThan(0);
    expect(oddHour.hour).toBeGreaterThan(0);
    expect(combineEvidence(both)).toBeCloseTo(combineEvidence(spike) + combineEvidence(oddHour), 10);
  });

  it('discounts immature histories but not duplicates', () => {
    const young = evidenceTerms({ ...quiet, amountZ: 6, duplicate: 1, maturity: 0.25 });
    const old = evidenceTerms({ ...quiet, amountZ: 6, duplicate: 1 });
    expect(young.amount).toBeCloseTo(old.amount / 4, 10);
    expect(young.duplicate).toBe(old.duplicate);
  });
});

describe('combineScores', () => {
  const w = { lof: 0.2, ocsvm: 0.15, autoencoder: 0.15, profile: 0.5 };
  it('is monotone in the profile evidence, keeps it above generic agreement alone, and stays in [0, 1)', () => {
    const mid = { lof: 0.5, ocsvm: 0.5, autoencoder: 0.5, profile: 0.5 };
    const high = { lof: 0.999, ocsvm: 0.999, autoencoder: 0.999, profile: 0.5 };
    expect(combineScores(3, mid, w)).toBeGreaterThan(combineScores(1, mid, w));
    expect(combineScores(0, high, w)).toBeGreaterThan(combineScores(0, mid, w));
    expect(combineScores(5, mid, w)).toBeGreaterThan(combineScores(0, high, w));
    for (const s of [combineScores(0, mid, w), combineScores(50, high, w)]) expect(s >= 0 && s < 1).toBe(true);
  });
});

describe('profile evidence from a history', () => {
  function history(): TransactionInput[] {
    const out: TransactionInput[] = [];
    const start = Date.UTC(2025, 0, 1);
    for (let d = 0; d < 200; d++) {
      const day = new Date(start + d * 86400000).toISOString().slice(0, 10);
      out.push({ id: `c${d}`, occurredAt: `${day}T08:${String(10 + (d % 40)).padStart(2, '0')}:00`, amount: 4.5 + (d % 5) * 0.1, category: 'Dining', merchant: 'Coffee', description: 'COFFEE' });
      if (d % 3 === 0) out.push({ id: `g${d}`, occurredAt: `${day}T18:${String(10 + (d % 40)).padStart(2, '0')}:00`, amount: 40 + (d % 7) * 3.17, category: 'Groceries', merchant: 'Grocer', description: 'GROCER' });
    }
    return out;
  }

  it('sees a spike at a habitual merchant, an odd hour and a duplicate basket, but not an ordinary purchase', () => {
    const h = history();
    const last = h.filter((t) => t.merchant === 'Grocer').slice(-1)[0];
    const extra: TransactionInput[] = [
      { id: 'normal', occurredAt: '2025-07-25T08:30:00', amount: 4.7, category: 'Dining', merchant: 'Coffee', description: 'COFFEE' },
      { id: 'spike', occurredAt: '2025-07-26T08:30:00', amount: 31, category: 'Dining', merchant: 'Coffee', description: 'COFFEE' },
      { id: 'hour', occurredAt: '2025-07-27T03:40:00', amount: 4.6, category: 'Dining', merchant: 'Coffee', description: 'COFFEE' },
      { ...last, id: 'dup', occurredAt: String(last.occurredAt).slice(0, 14) + '55:00' },
    ];
    const all = [...h, ...extra].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
    const fs = extractFeatures(all);
    const ev = (id: string) => profileTerms(fs.context[all.findIndex((t) => t.id === id)]);
    expect(combineEvidence(ev('normal'))).toBe(0);
    expect(ev('spike').amount).toBeGreaterThan(2);
    expect(ev('hour').hour).toBeGreaterThan(2);
    expect(ev('dup').duplicate).toBeGreaterThan(3);
  });
});
