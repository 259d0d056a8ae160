/**
 * Pure building blocks of the profile detector's evidence: a circular (time-of-day) kernel density of a customer's
 * own hours, small-sample-aware robust z-scores, and the per-term evidence combined into one score in nats-like
 * units that are comparable across customers (unlike per-customer ranks, which saturate at the top).
 */

/** Bins per day of the hour histogram (15 minutes). */
export const HOUR_BINS = 96;
/** Kernel standard deviation in bins (45 minutes). */
const KERNEL_SD_BINS = 3;
const KERNEL_HALF_WIDTH = 9;
const KERNEL: Float64Array = (() => {
  const w = new Float64Array(2 * KERNEL_HALF_WIDTH + 1);
  let total = 0;
  for (let d = -KERNEL_HALF_WIDTH; d <= KERNEL_HALF_WIDTH; d++) {
    w[d + KERNEL_HALF_WIDTH] = Math.exp(-0.5 * (d / KERNEL_SD_BINS) ** 2);
    total += w[d + KERNEL_HALF_WIDTH];
  }
  for (let i = 0; i < w.length; i++) w[i] /= total;
  return w;
})();

/** Hour of day (0-24, fractional) to a bin index. */
export function hourBin(hour: number): number {
  const h = ((hour % 24) + 24) % 24;
  return Math.min(HOUR_BINS - 1, Math.floor((h / 24) * HOUR_BINS));
}

/**
 * Circular kernel density of the hours seen so far. `surprise(hour)` is -log of the smoothed probability of the
 * hour's bin relative to a uniform day, with a pseudo-count prior so that a few observations cannot make an hour
 * look impossible: about log(n / prior) nats for an hour never seen near, about 0 for a typical hour.
 */
export class CircularHourDensity {
  private readonly bins = new Float64Array(HOUR_BINS);
  count = 0;
  constructor(private readonly prior = 2) {}

  add(hour: number): void {
    this.bins[hourBin(hour)]++;
    this.count++;
  }

  /** Smoothed share of observations in the hour's bin (kernel-weighted), before the prior. */
  mass(hour: number): number {
    const b = hourBin(hour);
    let m = 0;
    for (let d = -KERNEL_HALF_WIDTH; d <= KERNEL_HALF_WIDTH; d++) m += KERNEL[d + KERNEL_HALF_WIDTH] * this.bins[(b + d + HOUR_BINS) % HOUR_BINS];
    return m;
  }

  surprise(hour: number): number {
    if (this.count === 0) return 0;
    const p = (this.mass(hour) + this.prior / HOUR_BINS) / (this.count + this.prior);
    return Math.max(0, -Math.log(p * HOUR_BINS));
  }
}

/**
 * Robust z-score shrunk for small samples: (x - median) / max(MAD, floor), divided by (1 + c / n), so that a norm
 * estimated from 3 observations counts about half as much as one from 30. NaN below `minCount`.
 */
export function shrunkZ(x: number, median: number, mad: number, n: number, floor: number, minCount: number, c = 3): number {
  if (!(n >= minCount) || !Number.isFinite(median)) return NaN;
  return (x - median) / Math.max(mad, floor) / (1 + c / n);
}

/** Weights and thresholds of the evidence terms (chosen on synthetic seeds 1-5 only). */
export const EVIDENCE_PARAMS = {
  /** Visits after which the merchant's own norm decides alone. */
  merchantFullVisits: 12,
  amountThreshold: 2.0,
  amountWeight: 1.0,
  noveltyThreshold: 1.0,
  noveltyWeight: 0.8,
  categoryThreshold: 1.6,
  categoryWeight: 2.0,
  hourThreshold: 2.2,
  hourWeight: 1.0,
  categoryHourThreshold: 3.0,
  categoryHourWeight: 0.5,
  duplicateWeight: 6,
  /** Transactions and days of history over which evidence ramps up to full weight. */
  maturityTransactions: 60,
};

/**
 * Amount surprise against the most specific norm: the merchant once visited often (it knows best: a coffee at 6 x
 * the usual price is a spike even if dinners cost as much), before that the smaller of the merchant and category
 * surprises (a taxi ride is not a spike among bus fares). A new merchant has no amount term (novelty covers it). An
 * amount already charged before at this merchant (a recurring price) is not a spike.
 */
export function amountZ(zMerchant: number, merchantVisits: number, zCategory: number, amountSeenAtMerchant: boolean): number {
  if (amountSeenAtMerchant || merchantVisits <= 0) return 0;
  if (Number.isFinite(zMerchant) && merchantVisits >= EVIDENCE_PARAMS.merchantFullVisits) return zMerchant;
  if (Number.isFinite(zMerchant)) return Number.isFinite(zCategory) ? Math.min(zMerchant, zCategory) : zMerchant;
  return Number.isFinite(zCategory) ? zCategory : 0;
}

/**
 * How telling an identical amount is, in [0, 1]: a repeat of a price paid at most of the merchant's visits (a
 * fixed fare) happens by design; a repeat of an amount seen once among many visits (a basket to the cent) does
 * not. `sameBefore` counts earlier charges of exactly this amount at the merchant (the original included).
 */
export function identicalAmountInformation(sameBefore: number, visits: number): number {
  // Prior: a few pseudo-visits at other amounts (most merchants do not charge fixed prices).
  const share = (Math.max(0, sameBefore - 1) + 0.5) / (Math.max(0, visits) + 4);
  return Math.min(1, Math.max(0, -Math.log(share)) / 2.5);
}

/** Inputs of the profile evidence (all from the transaction's context, no labels). */
export interface EvidenceInput {
  /** Combined amount z (see amountZ). */
  amountZ: number;
  /** 1 for a new merchant once the history is mature (0..1 ramp before). */
  newMerchant: number;
  /** z of the amount against first visits at new merchants in the category (NaN if unknown). */
  newMerchantZ: number;
  /** -log of the category's smoothed monthly rate. */
  categoryRarity: number;
  /** Hour surprise against the customer's hours (nats) and against the customer's hours in this category. */
  hourSurprise: number;
  categoryHourSurprise: number;
  /** Near-duplicate evidence (0..1, already discounted for habitual repeats). */
  duplicate: number;
  /** History maturity in [0, 1] (transactions and days). */
  maturity: number;
}

export interface EvidenceTerms {
  amount: number;
  novelty: number;
  category: number;
  hour: number;
  duplicate: number;
}

/** Per-term evidence, each roughly in nats above what normal spending produces. */
export function evidenceTerms(e: EvidenceInput): EvidenceTerms {
  const P = EVIDENCE_PARAMS;
  const m = Math.max(0, Math.min(1, e.maturity));
  const nz = Number.isFinite(e.newMerchantZ) ? e.newMerchantZ : 0;
  return {
    amount: m * P.amountWeight * Math.max(0, e.amountZ - P.amountThreshold),
    novelty: m * e.newMerchant * P.noveltyWeight * Math.max(0, nz - P.noveltyThreshold),
    category: m * P.categoryWeight * Math.max(0, e.categoryRarity - P.categoryThreshold),
    hour:
      m * (P.hourWeight * Math.max(0, e.hourSurprise - P.hourThreshold) + P.categoryHourWeight * Math.max(0, e.categoryHourSurprise - P.categoryHourThreshold)),
    duplicate: P.duplicateWeight * e.duplicate,
  };
}

/** One evidence value: independent kinds of surprise add up (log-likelihood-ratio style). */
export function combineEvidence(t: EvidenceTerms): number {
  return t.amount + t.novelty + t.category + t.hour + t.duplicate;
}
