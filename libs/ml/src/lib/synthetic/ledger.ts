import { DEFAULT_CATEGORIES, type DefaultCategory } from '@spendguard/contracts';
import { createRng, type Rng } from '../common/rng';
import { CITIES, FIRST_NAMES, LAST_NAMES, MERCHANTS, type MerchantSpec } from './merchants';

export type AnomalyKind = 'amount_spike' | 'unusual_category' | 'odd_time' | 'duplicate_charge' | 'new_merchant_large';
export const ANOMALY_KINDS: readonly AnomalyKind[] = [
  'amount_spike',
  'unusual_category',
  'odd_time',
  'duplicate_charge',
  'new_merchant_large',
];

export type LookalikeKind = 'big_normal_purchase' | 'repeated_small_fares' | 'late_night_dining' | 'annual_renewal' | 'seasonal_travel' | 'late_night_ride';

export interface SyntheticTransaction {
  /** Unique and stable for a seed. */
  txnId: string;
  userId: string;
  /** ISO local wall-clock time without offset, e.g. '2025-03-14T19:42:00'. */
  occurredAt: string;
  /** 'YYYY-MM-DD'. */
  date: string;
  /** Positive, 2 decimals. */
  amount: number;
  category: DefaultCategory;
  merchant: string;
  /** Bank-statement-like text. */
  description: string;
  /** Ground-truth label for evaluation (null for normal spending, including look-alikes). */
  anomaly: AnomalyKind | null;
  /** Legitimate spending that resembles an anomaly. */
  lookalike?: LookalikeKind;
  /** Recurring series key, e.g. 'subscription:netflix', 'bill:electricity'. */
  recurring?: string;
}

export interface SyntheticCustomer {
  userId: string;
  displayName: string;
  persona: string;
  monthlyIncome?: number;
  city?: string;
}

export interface LedgerOptions {
  seed: number | string;
  customers: number;
  /** Number of calendar months ending with the month of `endDate` (default 24). */
  months?: number;
  /** Last day, 'YYYY-MM-DD' (default '2026-10-31' so that output is reproducible). */
  endDate?: string;
  /** Injected anomalies per transaction (default 0.01). */
  anomalyRate?: number;
  /** Number of the first customer (default 1, giving 'u0001'). */
  firstCustomerIndex?: number;
  /** Months at the start without injected anomalies, so there is history to be anomalous against (default 3). */
  burnInMonths?: number;
  /**
   * Also plant one labelled anomaly (a large first payment to a new merchant, the plainest kind) inside the last
   * `days` days for every `every`-th customer of this call, starting with the first: a demo then shows a fresh
   * anomaly whatever the day it is seeded on (default: none; the other transactions are the same either way, only
   * the index-based `txnId`s after a planted one shift).
   */
  recentAnomalies?: { days: number; every: number };
}

export interface Ledger {
  customers: SyntheticCustomer[];
  transactions: SyntheticTransaction[];
}

type Range = readonly [number, number];

interface Persona {
  name: string;
  weight: number;
  income: Range;
  housing: Range;
  groceryTripsPerWeek: Range;
  groceryMedian: Range;
  diningPerWeek: Range;
  diningMedian: Range;
  /** Share of dinners that happen late at night (22:00-01:45). */
  lateNight: number;
  commute: 'transit' | 'car' | 'none';
  ridesPerMonth: number;
  shoppingPerMonth: Range;
  shoppingMedian: Range;
  subscriptions: Range;
  /** Probability that a customer of this persona spends in an optional category at all. */
  optional: Partial<Record<DefaultCategory, number>>;
  student?: boolean;
  kids?: boolean;
}

const PERSONAS: Persona[] = [
  {
    name: 'student', weight: 1.2, income: [900, 1800], housing: [550, 900],
    groceryTripsPerWeek: [1, 2], groceryMedian: [25, 45], diningPerWeek: [2, 4], diningMedian: [9, 15], lateNight: 0.35,
    commute: 'transit', ridesPerMonth: 2, shoppingPerMonth: [1, 3], shoppingMedian: [20, 45], subscriptions: [2, 3],
    optional: { Health: 0.3, Entertainment: 0.8, 'Personal care': 0.4, Travel: 0.4, Fees: 0.5, Other: 0.3 }, student: true,
  },
  {
    name: 'young_professional', weight: 1.2, income: [3800, 6500], housing: [1400, 2400],
    groceryTripsPerWeek: [1, 2], groceryMedian: [40, 70], diningPerWeek: [4, 7], diningMedian: [14, 28], lateNight: 0.1,
    commute: 'transit', ridesPerMonth: 4, shoppingPerMonth: [3, 5], shoppingMedian: [35, 80], subscriptions: [3, 5],
    optional: { Health: 0.6, Entertainment: 0.8, 'Personal care': 0.8, Travel: 0.8, Education: 0.2, Fees: 0.2, Other: 0.4 },
  },
  {
    name: 'family', weight: 1.2, income: [5500, 9500], housing: [1800, 3200],
    groceryTripsPerWeek: [2, 3], groceryMedian: [80, 150], diningPerWeek: [1, 3], diningMedian: [35, 70], lateNight: 0,
    commute: 'car', ridesPerMonth: 0.3, shoppingPerMonth: [4, 7], shoppingMedian: [40, 90], subscriptions: [3, 5],
    optional: { Health: 0.9, Entertainment: 0.6, 'Personal care': 0.6, Travel: 0.7, Fees: 0.2, Other: 0.5 }, kids: true,
  },
  {
    name: 'commuter', weight: 1, income: [3500, 6000], housing: [1100, 2000],
    groceryTripsPerWeek: [1, 2], groceryMedian: [45, 85], diningPerWeek: [3, 5], diningMedian: [10, 20], lateNight: 0.05,
    commute: 'transit', ridesPerMonth: 1, shoppingPerMonth: [2, 4], shoppingMedian: [30, 70], subscriptions: [2, 4],
    optional: { Health: 0.5, Entertainment: 0.5, 'Personal care': 0.7, Travel: 0.6, Fees: 0.3, Other: 0.3 },
  },
  {
    name: 'retiree', weight: 0.8, income: [2200, 4000], housing: [700, 1500],
    groceryTripsPerWeek: [2, 3], groceryMedian: [35, 60], diningPerWeek: [1, 2], diningMedian: [18, 35], lateNight: 0,
    commute: 'car', ridesPerMonth: 0.2, shoppingPerMonth: [1, 3], shoppingMedian: [25, 60], subscriptions: [1, 3],
    optional: { Health: 1, Entertainment: 0.4, 'Personal care': 0.7, Travel: 0.6, Fees: 0.3, Other: 0.5 },
  },
  {
    name: 'night_owl', weight: 0.8, income: [2800, 4800], housing: [900, 1600],
    groceryTripsPerWeek: [1, 2], groceryMedian: [30, 55], diningPerWeek: [4, 7], diningMedian: [15, 30], lateNight: 0.55,
    commute: 'none', ridesPerMonth: 6, shoppingPerMonth: [2, 4], shoppingMedian: [30, 60], subscriptions: [2, 4],
    optional: { Health: 0.4, Entertainment: 0.9, 'Personal care': 0.5, Travel: 0.5, Fees: 0.4, Other: 0.4 },
  },
  {
    name: 'freelancer', weight: 0.8, income: [3000, 7000], housing: [1200, 2200],
    groceryTripsPerWeek: [1, 3], groceryMedian: [40, 75], diningPerWeek: [2, 5], diningMedian: [12, 25], lateNight: 0.15,
    commute: 'none', ridesPerMonth: 3, shoppingPerMonth: [2, 5], shoppingMedian: [35, 90], subscriptions: [3, 5],
    optional: { Health: 0.5, Entertainment: 0.6, 'Personal care': 0.5, Travel: 0.8, Education: 0.5, Fees: 0.3, Other: 0.5 },
  },
];

const SUBSCRIPTION_PRICES: Record<string, number> = {
  Netflix: 15.49, Spotify: 10.99, 'Planet Fitness': 24.99, Verizon: 70, 'T-Mobile': 65, 'Disney+': 7.99,
  iCloud: 2.99, Hulu: 7.99, 'New York Times': 17, Equinox: 240,
};

const DAY_MS = 86_400_000;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

interface DraftTxn {
  /** Minutes since the start of the ledger (local time). */
  t: number;
  amount: number;
  category: DefaultCategory;
  merchant: MerchantSpec;
  anomaly: AnomalyKind | null;
  lookalike?: LookalikeKind;
  recurring?: string;
  /** Planted by `recentAnomalies`: described last, from its own random stream, so other descriptions stay as they were. */
  planted?: true;
}

const uniform = (rng: Rng, [lo, hi]: Range) => lo + (hi - lo) * rng.next();
const money = (x: number) => Math.max(0.5, Math.round(x * 100) / 100);

class CustomerGenerator {
  readonly draft: DraftTxn[] = [];
  private readonly stores = new Map<string, string>();
  private readonly favourites = new Map<DefaultCategory, { merchants: MerchantSpec[]; weights: number[] }>();
  readonly city: string;
  readonly income: number;
  readonly used = new Set<DefaultCategory>();

  constructor(
    private readonly rng: Rng,
    readonly persona: Persona,
    private readonly startMs: number,
    readonly nDays: number,
  ) {
    this.city = rng.pick(CITIES);
    this.income = Math.round(uniform(rng, persona.income) / 50) * 50;
  }

  dateOf(day: number): Date {
    return new Date(this.startMs + day * DAY_MS);
  }

  store(merchant: MerchantSpec): string {
    let s = this.stores.get(merchant.name);
    if (!s) {
      s = String(this.rng.int(100, 9899));
      this.stores.set(merchant.name, s);
    }
    return s;
  }

  /** A customer's habitual merchants in a category: a few, with skewed weights. */
  favourite(category: DefaultCategory, count: number, pool = MERCHANTS[category]): MerchantSpec {
    let fav = this.favourites.get(category);
    if (!fav) {
      const merchants = this.rng.shuffle([...pool]).slice(0, Math.min(count, pool.length));
      const weights = merchants.map((_, i) => 1 / (i + 1) ** 1.2);
      fav = { merchants, weights };
      this.favourites.set(category, fav);
    }
    return this.rng.weighted(fav.merchants, fav.weights);
  }

  favouriteMerchants(category: DefaultCategory): MerchantSpec[] {
    return this.favourites.get(category)?.merchants ?? [];
  }

  push(day: number, hour: number, amount: number, category: DefaultCategory, merchant: MerchantSpec, extra: Partial<DraftTxn> = {}) {
    if (day < 0 || day >= this.nDays) return;
    // Ordinary daytime habits stay within waking hours; only look-alikes happen at night.
    if (!extra.lookalike) hour = Math.max(6.5, Math.min(23.25, hour));
    const minutes = Math.max(0, Math.min(30 * 60 - 1, Math.round(hour * 60)));
    const t = day * 1440 + minutes;
    if (t >= this.nDays * 1440) return;
    this.used.add(category);
    this.draft.push({ t, amount: money(amount), category, merchant, anomaly: null, ...extra });
  }
}

function monthlyDay(rng: Rng): number {
  return rng.int(1, 28);
}

/** Generate the normal (unlabelled) spending of one customer. */
function generateNormal(g: CustomerGenerator, rng: Rng): void {
  const p = g.persona;
  const nDays = g.nDays;

  // Per-customer habits.
  const groceryPerWeek = uniform(rng, p.groceryTripsPerWeek);
  const groceryMedian = uniform(rng, p.groceryMedian);
  const groceryHour = rng.normal(p.name === 'retiree' ? 10.5 : 17.5, 1.5);
  const groceryDays = [rng.int(0, 6), rng.int(0, 6)];
  const diningPerWeek = uniform(rng, p.diningPerWeek);
  const diningMedian = uniform(rng, p.diningMedian);
  const lunchShare = p.commute === 'transit' ? 0.5 : 0.25;
  const shoppingPerMonth = uniform(rng, p.shoppingPerMonth);
  const shoppingMedian = uniform(rng, p.shoppingMedian);
  const usesOptional = new Set<DefaultCategory>();
  for (const [cat, prob] of Object.entries(p.optional) as [DefaultCategory, number][]) {
    if (rng.chance(prob)) usesOptional.add(cat);
  }
  const fare = rng.pick([2.4, 2.75, 2.9, 3.1]);
  const transitMerchant = rng.pick(MERCHANTS.Transport.slice(0, 2));
  const fuelMerchant = rng.pick(MERCHANTS.Transport.slice(4, 7));

  // Recurring bills and subscriptions.
  const housingMerchant = p.student ? MERCHANTS.Housing[3] : rng.pick(MERCHANTS.Housing.filter((h) => h.name !== 'Campus Housing'));
  const housing = Math.round(uniform(rng, p.housing) / 5) * 5;
  const housingDay = rng.int(1, 3);
  const electricity = { merchant: rng.pick([MERCHANTS.Utilities[0], MERCHANTS.Utilities[1]]), base: uniform(rng, [45, 110]) * (p.kids ? 1.5 : 1), day: monthlyDay(rng) };
  const internet = { merchant: rng.pick([MERCHANTS.Utilities[2], MERCHANTS.Utilities[4]]), price: rng.pick([49.99, 59.99, 69.99, 79.99]), day: monthlyDay(rng) };
  const water = { merchant: MERCHANTS.Utilities[3], base: uniform(rng, [25, 60]), day: monthlyDay(rng) };
  const gas = rng.chance(0.5) ? { merchant: MERCHANTS.Utilities[5], base: uniform(rng, [20, 45]), day: monthlyDay(rng) } : null;
  const subPool = MERCHANTS.Subscriptions.filter((s) => (p.student ? s.name !== 'Equinox' : true));
  const nSubs = rng.int(p.subscriptions[0], p.subscriptions[1]);
  const phone = rng.pick(subPool.filter((s) => s.name === 'Verizon' || s.name === 'T-Mobile'));
  const others = rng.shuffle(subPool.filter((s) => s.name !== 'Verizon' && s.name !== 'T-Mobile')).slice(0, nSubs - 1);
  const subs = [phone, ...others].map((merchant) => ({
    merchant,
    price: SUBSCRIPTION_PRICES[merchant.name] ?? 9.99,
    day: monthlyDay(rng),
    hour: rng.normal(8, 2.5),
    // Occasional price rise at a random month.
    riseAt: rng.chance(0.45) ? rng.int(3, 22) : -1,
    rise: 1 + uniform(rng, [0.08, 0.2]),
  }));
  const annual = rng.chance(0.5)
    ? { merchant: MERCHANTS.Subscriptions[6], amount: rng.pick([99, 119, 139]), month: rng.int(0, 11), day: monthlyDay(rng) }
    : null;
  const birthdays = Array.from({ length: rng.int(2, 4) }, () => ({ month: rng.int(0, 11), day: monthlyDay(rng) }));
  const travelMonths = new Set<number>(rng.chance(0.7) ? [rng.pick([6, 7]), 11] : [rng.pick([5, 6, 7])]);
  const bankFee = usesOptional.has('Fees') && rng.chance(0.5) ? rng.pick([4.95, 9.95, 12]) : 0;
  const bigPurchases = new Set<number>();
  for (let i = rng.int(1, 3); i > 0; i--) bigPurchases.add(rng.int(30, nDays - 1));

  let monthIndex = -1;
  let lastHaircut = -rng.int(0, 40);
  for (let day = 0; day < nDays; day++) {
    const date = g.dateOf(day);
    const dom = date.getUTCDate();
    const month = date.getUTCMonth();
    const dow = date.getUTCDay();
    const weekend = dow === 0 || dow === 6;
    if (dom === 1) monthIndex++;
    const m0 = Math.max(0, monthIndex);
    const yearFactor = 1 + 0.03 * Math.floor(m0 / 12);
    const winter = month === 11 || month <= 1 ? 1 : month === 2 || month === 10 ? 0.5 : 0;
    const summer = month >= 5 && month <= 7 ? 1 : 0;
    const december = month === 11;

    // Housing: fixed, raised once a year.
    if (dom === housingDay) g.push(day, rng.normal(7, 0.7), housing * (m0 >= 12 ? 1.04 : 1), 'Housing', housingMerchant, { recurring: 'bill:housing' });
    // Utilities with seasonality (heating in winter, some cooling in summer).
    if (dom === electricity.day)
      g.push(day, rng.normal(9, 1.5), electricity.base * (1 + 0.7 * winter + 0.25 * summer) * rng.logNormal(1, 0.1), 'Utilities', electricity.merchant, { recurring: 'bill:electricity' });
    if (dom === internet.day) g.push(day, rng.normal(9, 1.5), internet.price * (m0 >= 14 ? 1.1 : 1), 'Utilities', internet.merchant, { recurring: 'bill:internet' });
    if (dom === water.day && month % 2 === 0) g.push(day, rng.normal(10, 1.5), water.base * (1 + 0.3 * summer) * rng.logNormal(1, 0.1), 'Utilities', water.merchant, { recurring: 'bill:water' });
    if (gas && dom === gas.day) g.push(day, rng.normal(10, 1.5), gas.base * (1 + 1.5 * winter) * rng.logNormal(1, 0.12), 'Utilities', gas.merchant, { recurring: 'bill:gas' });
    for (const s of subs) {
      if (dom === s.day) {
        const price = s.riseAt >= 0 && m0 >= s.riseAt ? Math.round(s.price * s.rise) - 0.01 : s.price;
        g.push(day, s.hour, price, 'Subscriptions', s.merchant, { recurring: `subscription:${s.merchant.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` });
      }
    }
    if (annual && month === annual.month && dom === annual.day)
      g.push(day, rng.normal(8, 1), annual.amount, 'Subscriptions', annual.merchant, { recurring: 'subscription:annual-plan', lookalike: 'annual_renewal' });
    if (bankFee && dom === 28) g.push(day, 5, bankFee, 'Fees', MERCHANTS.Fees[0], { recurring: 'bill:bank-fee' });

    // Groceries: habitual days plus top-ups; bigger before holidays.
    const groceryProb = Math.min(0.95, groceryPerWeek / 7 + (groceryDays.includes(dow) ? 0.35 : 0) - 0.1);
    if (rng.chance(groceryProb)) {
      const amt = rng.logNormal(groceryMedian * (december ? 1.2 : 1) * yearFactor, 0.35);
      g.push(day, rng.normal(groceryHour, 1.3), amt, 'Groceries', g.favourite('Groceries', 3));
    }

    // Dining: lunches on workdays, dinners, late nights for some personas.
    if (rng.chance((diningPerWeek / 7) * (weekend ? 1.3 : 0.9))) {
      const lunch = !weekend && rng.chance(lunchShare);
      const late = !lunch && rng.chance(p.lateNight);
      const hour = lunch ? rng.normal(12.6, 0.5) : late ? uniform(rng, [22, 25.75]) : rng.normal(19.3, 1);
      const amt = rng.logNormal(diningMedian * (lunch ? 0.7 : late ? 0.9 : 1.2), 0.35);
      g.push(day, hour, amt, 'Dining', g.favourite('Dining', 5), late ? { lookalike: 'late_night_dining' } : {});
    }
    if (rng.chance(0.12)) g.push(day, rng.normal(8.6, 0.6), rng.logNormal(5.2, 0.15), 'Dining', MERCHANTS.Dining[0]);

    // Transport.
    if (p.commute === 'transit' && !weekend && rng.chance(0.85)) {
      const out = rng.normal(8.1, 0.4);
      g.push(day, out, fare, 'Transport', transitMerchant, { recurring: 'fare:transit' });
      // A transfer: the same fare again within the hour (looks like a duplicate, is not).
      if (rng.chance(0.15)) g.push(day, out + uniform(rng, [0.3, 1.2]), fare, 'Transport', transitMerchant, { lookalike: 'repeated_small_fares' });
      g.push(day, rng.normal(17.8, 0.6), fare, 'Transport', transitMerchant, { recurring: 'fare:transit' });
    } else if (p.student && weekend && rng.chance(0.3)) {
      g.push(day, rng.normal(14, 2), fare, 'Transport', transitMerchant, { lookalike: 'repeated_small_fares' });
      g.push(day, rng.normal(18, 1.5), fare, 'Transport', transitMerchant, { lookalike: 'repeated_small_fares' });
    }
    if (p.commute === 'car' && rng.chance(1 / 8)) g.push(day, rng.normal(17, 2.5), rng.logNormal(48, 0.2), 'Transport', fuelMerchant);
    if (rng.chance(p.ridesPerMonth / 30)) {
      const late = p.name === 'night_owl' && rng.chance(0.6);
      g.push(day, late ? uniform(rng, [22.5, 26]) : rng.normal(15, 4), rng.logNormal(16, 0.35), 'Transport', g.favourite('Transport', 1, MERCHANTS.Transport.slice(2, 4)), late ? { lookalike: 'late_night_ride' } : {});
    }

    // Shopping, including legitimate one-off merchants and rare big purchases at habitual merchants.
    const shopBoost = month === 10 || december ? 1.6 : 1;
    if (rng.chance((shoppingPerMonth / 30) * shopBoost)) {
      const oneOff = rng.chance(0.06);
      const merchant = oneOff ? rng.pick(MERCHANTS.Shopping) : g.favourite('Shopping', 4);
      g.push(day, rng.normal(weekend ? 14 : 19, 2.5), rng.logNormal(shoppingMedian, 0.55), 'Shopping', merchant);
    }
    if (bigPurchases.has(day)) {
      const merchant = g.favouriteMerchants('Shopping')[0] ?? g.favourite('Shopping', 4);
      g.push(day, rng.normal(15, 2), shoppingMedian * uniform(rng, [5, 12]), 'Shopping', merchant, { lookalike: 'big_normal_purchase' });
    }

    // Optional categories.
    if (usesOptional.has('Health') && rng.chance(1.2 / 30)) g.push(day, rng.normal(13, 3), rng.logNormal(22, 0.5), 'Health', g.favourite('Health', 2));
    if (usesOptional.has('Personal care') && day - lastHaircut > 35 && rng.chance(0.15)) {
      lastHaircut = day;
      g.push(day, rng.normal(13, 2.5), rng.logNormal(32, 0.25), 'Personal care', g.favourite('Personal care', 2));
    }
    if (usesOptional.has('Entertainment') && rng.chance((weekend ? 2.5 : 0.8) / 30)) g.push(day, rng.normal(19, 2), rng.logNormal(24, 0.45), 'Entertainment', g.favourite('Entertainment', 3));
    if (usesOptional.has('Other') && rng.chance(0.6 / 30)) g.push(day, rng.normal(12, 2.5), rng.logNormal(18, 0.6), 'Other', g.favourite('Other', 2, MERCHANTS.Other.slice(0, 5)));
    if (usesOptional.has('Fees') && rng.chance(0.4 / 30)) g.push(day, rng.normal(14, 3), rng.pick([2.5, 3, 3.5]), 'Fees', MERCHANTS.Fees[1]);
    if (usesOptional.has('Travel') && travelMonths.has(month) && dom === 10) {
      // A trip booked each season: flight plus a hotel; seasonal, so normal for this customer.
      const tripScale = p.student ? 0.5 : p.kids ? 1.6 : 1;
      g.push(day, rng.normal(20, 1.5), rng.logNormal(420 * tripScale, 0.25), 'Travel', g.favourite('Travel', 2, MERCHANTS.Travel.slice(0, 2)), { lookalike: 'seasonal_travel' });
      g.push(day + rng.int(5, 15), rng.normal(21, 1.5), rng.logNormal(560 * tripScale, 0.3), 'Travel', g.favourite('Travel', 3), { lookalike: 'seasonal_travel' });
    }
    if (usesOptional.has('Education') && rng.chance(0.8 / 30)) g.push(day, rng.normal(20, 2), rng.logNormal(25, 0.4), 'Education', g.favourite('Education', 2, MERCHANTS.Education.slice(1, 5)));
    if (p.student && (month === 0 || month === 8) && dom === 5) g.push(day, 9, 2400 + 0, 'Education', MERCHANTS.Education[0], { recurring: 'bill:tuition' });
    if (p.student && (month === 0 || month === 8) && dom > 5 && dom < 20 && rng.chance(0.15)) g.push(day, rng.normal(14, 2), rng.logNormal(60, 0.4), 'Education', MERCHANTS.Education[2]);
    if (p.kids && dom === 15) g.push(day, 9, 850, 'Education', MERCHANTS.Education[3], { recurring: 'bill:childcare' });

    // Gifts: birthdays and December.
    for (const b of birthdays) if (b.month === month && b.day === dom) g.push(day - rng.int(1, 5), rng.normal(18, 2), rng.logNormal(45, 0.4), 'Gifts', g.favourite('Gifts', 2));
    if (december && dom >= 1 && dom <= 22 && rng.chance(0.12)) g.push(day, rng.normal(16, 3), rng.logNormal(55, 0.5), 'Gifts', g.favourite('Gifts', 3));
  }
}

/** Inject labelled anomalies into a customer's ledger (after the burn-in period). */
function injectAnomalies(g: CustomerGenerator, rng: Rng, rate: number, burnInDays: number, nDays: number): void {
  const normal = g.draft.filter((d) => d.t >= burnInDays * 1440);
  if (normal.length === 0) return;
  const count = Math.max(1, Math.round(normal.length * rate * rng.logNormal(1, 0.2)));
  const offset = rng.int(0, ANOMALY_KINDS.length - 1);
  const usedCategories = new Map<DefaultCategory, number>();
  for (const d of g.draft) usedCategories.set(d.category, (usedCategories.get(d.category) ?? 0) + 1);
  const usedMerchants = new Set(g.draft.map((d) => d.merchant.name));
  const stable = (d: DraftTxn) => !d.recurring && !d.lookalike && ['Groceries', 'Dining', 'Shopping', 'Transport', 'Personal care', 'Entertainment', 'Health'].includes(d.category);

  for (let i = 0; i < count; i++) {
    const kind = ANOMALY_KINDS[(offset + i) % ANOMALY_KINDS.length];
    const day = rng.int(burnInDays, nDays - 1);
    const dayMinutes = (h: number) => day * 1440 + Math.round(h * 60);
    const base = () => {
      const pool = normal.filter(stable);
      return rng.pick(pool.length ? pool : normal);
    };
    switch (kind) {
      case 'amount_spike': {
        const b = base();
        g.draft.push({ ...b, t: dayMinutes(rng.normal(15, 3)), amount: money(b.amount * uniform(rng, [4, 10])), anomaly: kind, lookalike: undefined, recurring: undefined });
        break;
      }
      case 'unusual_category': {
        const candidates = (['Travel', 'Health', 'Education', 'Entertainment', 'Other', 'Gifts', 'Personal care', 'Fees'] as DefaultCategory[])
          .filter((c) => (usedCategories.get(c) ?? 0) <= 2);
        const category = candidates.length ? rng.pick(candidates) : 'Other';
        const pool = category === 'Other' ? MERCHANTS.Other.slice(5) : MERCHANTS[category];
        const amount = category === 'Fees' ? uniform(rng, [25, 60]) : rng.logNormal(140, 0.5);
        const merchant = rng.pick(pool);
        usedCategories.set(category, (usedCategories.get(category) ?? 0) + 1);
        usedMerchants.add(merchant.name);
        g.draft.push({ t: dayMinutes(rng.normal(14, 3)), amount: money(amount), category, merchant, anomaly: kind });
        break;
      }
      case 'odd_time': {
        const b = base();
        g.draft.push({ ...b, t: dayMinutes(uniform(rng, [2.5, 5.5])), amount: money(b.amount * uniform(rng, [1, 2.2])), anomaly: kind, lookalike: undefined, recurring: undefined });
        break;
      }
      case 'duplicate_charge': {
        const pool = normal.filter((d) => stable(d) && d.category !== 'Transport');
        const b = rng.pick(pool.length ? pool : normal);
        g.draft.push({ ...b, t: b.t + rng.int(1, 150), anomaly: kind, lookalike: undefined, recurring: undefined });
        break;
      }
      case 'new_merchant_large':
        pushNewMerchantLarge(g, rng, day, normal, usedMerchants);
        break;
    }
  }
}

/** A large first payment to a merchant the customer has never used (5–14× their typical shopping, at least `minAmount`). */
function pushNewMerchantLarge(g: CustomerGenerator, rng: Rng, day: number, normal: DraftTxn[], usedMerchants: Set<string>, minAmount = 250): DraftTxn {
  const category = rng.pick(['Shopping', 'Shopping', 'Travel', 'Entertainment'] as DefaultCategory[]);
  const fresh = MERCHANTS[category].filter((mm) => !usedMerchants.has(mm.name));
  const merchant = fresh.length ? rng.pick(fresh) : { name: `${rng.pick(['Luxe', 'Prime', 'Global', 'Metro'])} ${rng.pick(['Electronics', 'Outlet', 'Boutique', 'Traders'])}`, statement: 'POS {ref}' };
  usedMerchants.add(merchant.name);
  const shop = normal.filter((d) => d.category === 'Shopping').map((d) => d.amount).sort((a, b) => a - b);
  const typical = shop.length ? shop[Math.floor(shop.length / 2)] : 60;
  const draft: DraftTxn = { t: day * 1440 + Math.round(rng.normal(15, 3) * 60), amount: money(Math.max(minAmount, typical * uniform(rng, [5, 14]))), category, merchant, anomaly: 'new_merchant_large' };
  g.draft.push(draft);
  return draft;
}

/**
 * One more labelled anomaly inside the last `days` days of the ledger (see LedgerOptions.recentAnomalies): a first
 * payment to a new merchant of at least 30% of the customer's average month over the last year, so that it stands
 * out plainly (a laptop or a flight, not a dinner).
 */
function plantRecentAnomaly(g: CustomerGenerator, rng: Rng, days: number, nDays: number): void {
  const day = rng.int(Math.max(0, nDays - days), nDays - 1);
  const earlier = g.draft.filter((d) => d.t < day * 1440 && !d.anomaly);
  const yearStart = (day - 365) * 1440;
  const lastYear = earlier.filter((d) => d.t >= yearStart).reduce((sum, d) => sum + d.amount, 0);
  const monthly = (lastYear / Math.max(1, Math.min(365, day))) * 30.4;
  const planted = pushNewMerchantLarge(g, rng, day, earlier, new Set(g.draft.map((d) => d.merchant.name)), Math.max(250, 0.3 * monthly));
  planted.planted = true;
  // on its day, even at the far tail of the time-of-day draw (the last day of the ledger may be yesterday)
  planted.t = Math.min(Math.max(planted.t, day * 1440), day * 1440 + 1439);
}

function isoLocal(startMs: number, t: number): { occurredAt: string; date: string } {
  const d = new Date(startMs + t * 60_000);
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  return { date, occurredAt: `${date}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:00` };
}

function statementText(g: CustomerGenerator, rng: Rng, merchant: MerchantSpec): string {
  return merchant.statement
    .replace('{store}', () => g.store(merchant))
    .replace('{city}', g.city)
    .replace('{ref}', () => rng.int(0x10000000, 0x7fffffff).toString(36).toUpperCase().slice(0, 8));
}

/**
 * Seeded synthetic ledger: many customers with personas, recurring bills and subscriptions, seasonality,
 * legitimate look-alikes and labelled injected anomalies. Customer i depends only on (seed, i), so the
 * same customer is identical whatever `customers` is.
 */
export function generateLedger(opts: LedgerOptions): Ledger {
  const months = opts.months ?? 24;
  const end = (opts.endDate ?? '2026-10-31').split('-').map(Number);
  const endMs = Date.UTC(end[0], end[1] - 1, end[2]);
  const startMs = Date.UTC(end[0], end[1] - 1 - (months - 1), 1);
  const nDays = Math.round((endMs - startMs) / DAY_MS) + 1;
  const rate = opts.anomalyRate ?? 0.01;
  const burnInDays = Math.min(nDays - 1, Math.round((opts.burnInMonths ?? 3) * 30.4));
  const first = opts.firstCustomerIndex ?? 1;
  const root = createRng(opts.seed);

  const customers: SyntheticCustomer[] = [];
  const transactions: SyntheticTransaction[] = [];
  const personaWeights = PERSONAS.map((p) => p.weight);
  for (let c = 0; c < opts.customers; c++) {
    const index = first + c;
    const userId = `u${String(index).padStart(4, '0')}`;
    const rng = root.fork(`customer:${index}`);
    const persona = rng.weighted(PERSONAS, personaWeights);
    const g = new CustomerGenerator(rng, persona, startMs, nDays);
    generateNormal(g, rng.fork('normal'));
    if (rate > 0) injectAnomalies(g, rng.fork('anomalies'), rate, burnInDays, nDays);
    const recent = opts.recentAnomalies;
    if (recent && recent.days > 0 && recent.every >= 1 && c % recent.every === 0) plantRecentAnomaly(g, rng.fork('recent-anomaly'), recent.days, nDays);
    customers.push({
      userId,
      displayName: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
      persona: persona.name,
      monthlyIncome: g.income,
      city: g.city,
    });
    g.draft.sort((a, b) => a.t - b.t || (a.anomaly ? 1 : 0) - (b.anomaly ? 1 : 0));
    const descRng = rng.fork('descriptions');
    const plantedRng = rng.fork('recent-anomaly-descriptions');
    const descriptions = new Map<DraftTxn, string>();
    for (const d of g.draft) if (!d.planted) descriptions.set(d, statementText(g, descRng, d.merchant));
    for (const d of g.draft) if (d.planted) descriptions.set(d, statementText(g, plantedRng, d.merchant));
    g.draft.forEach((d, i) => {
      const { occurredAt, date } = isoLocal(startMs, d.t);
      const txn: SyntheticTransaction = {
        txnId: `${userId}-${String(i + 1).padStart(5, '0')}`,
        userId,
        occurredAt,
        date,
        amount: d.amount,
        category: d.category,
        merchant: d.merchant.name,
        description: descriptions.get(d) ?? '',
        anomaly: d.anomaly,
      };
      if (d.lookalike) txn.lookalike = d.lookalike;
      if (d.recurring) txn.recurring = d.recurring;
      transactions.push(txn);
    });
  }
  return { customers, transactions };
}

/** The categories the generator uses (all of the default taxonomy). */
export const SYNTHETIC_CATEGORIES: readonly DefaultCategory[] = DEFAULT_CATEGORIES;
