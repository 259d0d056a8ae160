/**
 * Point-forecast models. Each takes the observed history and a horizon and returns the mean
 * forecast; uncertainty is estimated separately from rolling-origin backtest errors (select.ts).
 */
import { goldenSection, logit, nelderMead, sigmoid } from '../common/optimize';

export type Series = ArrayLike<number>;

export function naiveForecast(y: Series, h: number): Float64Array {
  return new Float64Array(h).fill(y.length ? y[y.length - 1] : 0);
}

export function seasonalNaiveForecast(y: Series, h: number, m: number): Float64Array {
  const n = y.length;
  if (n < m || m <= 1) return naiveForecast(y, h);
  const out = new Float64Array(h);
  for (let j = 0; j < h; j++) out[j] = y[n - m + (j % m)];
  return out;
}

export function meanForecast(y: Series, h: number, window = y.length): Float64Array {
  const n = y.length;
  const w = Math.max(1, Math.min(window, n));
  let s = 0;
  for (let i = n - w; i < n; i++) s += y[i];
  return new Float64Array(h).fill(n ? s / w : 0);
}

export interface SesFit {
  alpha: number;
  level: number;
  sse: number;
}

/** SSE of SES for a given alpha with the initial level chosen optimally (closed form: errors are affine in l0). */
function sesSse(y: Series, alpha: number): { sse: number; l0: number; level: number } {
  const n = y.length;
  // Run with l0 = 0: level_p; the homogeneous part contributes c_t * l0 with c_t = (1-alpha)^t.
  let lp = 0;
  let c = 1;
  let sAA = 0;
  let sAC = 0;
  let sCC = 0;
  for (let t = 0; t < n; t++) {
    const a = y[t] - lp; // error when l0 = 0
    sAA += a * a;
    sAC += a * c;
    sCC += c * c;
    lp = lp + alpha * a;
    c *= 1 - alpha;
  }
  const l0 = sCC > 1e-300 ? sAC / sCC : 0;
  const sse = Math.max(0, sAA - 2 * l0 * sAC + l0 * l0 * sCC);
  // final level = lp + (1-alpha)^n * l0
  return { sse, l0, level: lp + c * l0 };
}

export function fitSes(y: Series, alphaRange: [number, number] = [1e-4, 0.9999]): SesFit {
  if (y.length === 0) return { alpha: 0.5, level: 0, sse: 0 };
  const best = goldenSection((a) => sesSse(y, a).sse, alphaRange[0], alphaRange[1], 1e-4);
  const r = sesSse(y, best.x);
  return { alpha: best.x, level: r.level, sse: r.sse };
}

export function sesForecast(y: Series, h: number): Float64Array {
  return new Float64Array(h).fill(fitSes(y).level);
}

/** Linear regression slope and intercept of y on 0..n-1. */
export function linearTrend(y: Series): { intercept: number; slope: number } {
  const n = y.length;
  if (n < 2) return { intercept: n ? y[0] : 0, slope: 0 };
  const tm = (n - 1) / 2;
  let ym = 0;
  for (let i = 0; i < n; i++) ym += y[i];
  ym /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - tm) * (y[i] - ym);
    sxx += (i - tm) * (i - tm);
  }
  const slope = sxy / sxx;
  return { intercept: ym - slope * tm, slope };
}

/** Standard Theta method (theta = 0 and 2 lines; SES on theta-2 plus half the drift), as forecast::thetaf. */
export function thetaForecast(y: Series, h: number): Float64Array {
  const n = y.length;
  const ses = fitSes(y);
  const b = linearTrend(y).slope / 2;
  const alpha = Math.max(1e-10, ses.alpha);
  const out = new Float64Array(h);
  const k = (1 - Math.pow(1 - alpha, n)) / alpha;
  for (let j = 0; j < h; j++) out[j] = ses.level + b * (j + k);
  return out;
}

export interface HoltFit {
  alpha: number;
  beta: number;
  phi: number;
  level: number;
  trend: number;
  sse: number;
}

/**
 * Holt's linear / damped trend (ETS(A,A,N), ETS(A,Ad,N)) with initial level and trend solved in closed
 * form for each parameter vector (one-step errors are affine in the initial state).
 */
function holtSse(y: Series, alpha: number, beta: number, phi: number): { sse: number; level: number; trend: number } {
  const n = y.length;
  // particular solution with x0 = 0
  let pl = 0;
  let pb = 0;
  // homogeneous rows r_t = w' D^{t-1}, tracked as the columns' images: state images of e1 and e2
  // x_t = D x_{t-1}, with D = [[1-a, phi(1-a)], [-b, phi(1-b)]]
  let l1 = 1, b1 = 0; // image of unit level
  let l2 = 0, b2 = 1; // image of unit trend
  let s11 = 0, s12 = 0, s22 = 0, s1a = 0, s2a = 0, saa = 0;
  for (let t = 0; t < n; t++) {
    const a = y[t] - (pl + phi * pb);
    const c1 = l1 + phi * b1;
    const c2 = l2 + phi * b2;
    s11 += c1 * c1; s12 += c1 * c2; s22 += c2 * c2;
    s1a += c1 * a; s2a += c2 * a; saa += a * a;
    const npl = pl + phi * pb + alpha * a;
    const npb = phi * pb + beta * a;
    pl = npl; pb = npb;
    // homogeneous: e = -c, update
    const nl1 = l1 + phi * b1 - alpha * c1;
    const nb1 = phi * b1 - beta * c1;
    const nl2 = l2 + phi * b2 - alpha * c2;
    const nb2 = phi * b2 - beta * c2;
    l1 = nl1; b1 = nb1; l2 = nl2; b2 = nb2;
  }
  const det = s11 * s22 - s12 * s12;
  let x1: number;
  let x2: number;
  if (Math.abs(det) > 1e-12 * (s11 * s22 + 1e-300)) {
    x1 = (s22 * s1a - s12 * s2a) / det;
    x2 = (s11 * s2a - s12 * s1a) / det;
  } else {
    x1 = s11 > 0 ? s1a / s11 : 0;
    x2 = 0;
  }
  const sse = Math.max(0, saa - 2 * (x1 * s1a + x2 * s2a) + x1 * x1 * s11 + 2 * x1 * x2 * s12 + x2 * x2 * s22);
  return { sse, level: pl + x1 * l1 + x2 * l2, trend: pb + x1 * b1 + x2 * b2 };
}

export function fitHolt(y: Series, damped: boolean): HoltFit {
  const phiLo = 0.8;
  const phiHi = 0.98;
  const decode = (p: Float64Array) => {
    const alpha = 1e-4 + (0.9999 - 1e-4) * sigmoid(p[0]);
    const beta = 1e-4 + (alpha - 1e-4) * sigmoid(p[1]);
    const phi = damped ? phiLo + (phiHi - phiLo) * sigmoid(p[2]) : 1;
    return { alpha, beta, phi };
  };
  const start = damped ? [logit(0.3), logit(0.1), 0] : [logit(0.3), logit(0.1)];
  const res = nelderMead(
    (p) => {
      const { alpha, beta, phi } = decode(p);
      return holtSse(y, alpha, beta, phi).sse;
    },
    start,
    { maxIterations: damped ? 120 : 80, tolerance: 1e-7, step: 1 },
  );
  const { alpha, beta, phi } = decode(res.x);
  const r = holtSse(y, alpha, beta, phi);
  return { alpha, beta, phi, level: r.level, trend: r.trend, sse: r.sse };
}

export function holtForecast(y: Series, h: number, damped = true): Float64Array {
  if (y.length < 3) return naiveForecast(y, h);
  const f = fitHolt(y, damped);
  const out = new Float64Array(h);
  let acc = 0;
  let ph = 1;
  for (let j = 0; j < h; j++) {
    ph *= f.phi;
    acc += ph;
    out[j] = f.level + acc * f.trend;
  }
  return out;
}

export type SeasonType = 'A' | 'M';

export interface HoltWintersFit {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  sse: number;
  level: number;
  trend: number;
  season: Float64Array; // by position t mod m
  n: number;
}

function hwInit(y: Series, m: number, season: SeasonType): { l0: number; b0: number; s0: Float64Array } {
  // Seasonal indices from the first (up to) three seasons; level/trend by regression on the adjusted first two seasons.
  const span = Math.min(y.length, 3 * m);
  const head = Array.from({ length: span }, (_, i) => y[i]);
  const trendMa: number[] = [];
  const half = Math.floor(m / 2);
  const s0 = new Float64Array(m);
  const cnt = new Float64Array(m);
  for (let t = half; t < span - half; t++) {
    let s = 0.5 * head[t - half] + 0.5 * head[t + half];
    for (let k = -half + 1; k < half; k++) s += head[t + k];
    const tr = s / m;
    trendMa.push(tr);
    if (season === 'M') {
      if (tr > 0) {
        s0[t % m] += head[t] / tr;
        cnt[t % m]++;
      }
    } else {
      s0[t % m] += head[t] - tr;
      cnt[t % m]++;
    }
  }
  let tot = 0;
  for (let p = 0; p < m; p++) {
    s0[p] = cnt[p] > 0 ? s0[p] / cnt[p] : season === 'M' ? 1 : 0;
    tot += s0[p];
  }
  for (let p = 0; p < m; p++) s0[p] = season === 'M' ? s0[p] / (tot / m) : s0[p] - tot / m;
  const k = Math.min(y.length, 2 * m);
  const adj = new Float64Array(k);
  for (let t = 0; t < k; t++) adj[t] = season === 'M' ? y[t] / s0[t % m] : y[t] - s0[t % m];
  const lt = linearTrend(adj);
  return { l0: lt.intercept - lt.slope, b0: lt.slope, s0 };
}

function hwRun(
  y: Series,
  m: number,
  season: SeasonType,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  init: { l0: number; b0: number; s0: Float64Array },
  s: Float64Array,
): { sse: number; level: number; trend: number } {
  s.set(init.s0);
  let l = init.l0;
  let b = init.b0;
  let sse = 0;
  const n = y.length;
  for (let t = 0; t < n; t++) {
    const p = t % m;
    const base = l + phi * b;
    const st = s[p];
    if (season === 'M') {
      const yhat = base * st;
      const e = y[t] - yhat;
      sse += e * e;
      const sd = Math.abs(st) < 1e-8 ? 1e-8 : st;
      l = base + (alpha * e) / sd;
      b = phi * b + (beta * e) / sd;
      const bd = Math.abs(base) < 1e-8 ? 1e-8 : base;
      s[p] = st + (gamma * e) / bd;
    } else {
      const e = y[t] - (base + st);
      sse += e * e;
      l = base + alpha * e;
      b = phi * b + beta * e;
      s[p] = st + gamma * e;
    }
    if (!Number.isFinite(sse)) return { sse: Infinity, level: l, trend: b };
  }
  return { sse, level: l, trend: b };
}

/** Holt-Winters ETS(A,Ad,A) / ETS(A,Ad,M) (or undamped) with smoothing parameters optimised by Nelder-Mead. */
export function fitHoltWinters(y: Series, m: number, season: SeasonType, damped = true): HoltWintersFit | null {
  const n = y.length;
  if (n < 2 * m + 2) return null;
  if (season === 'M') for (let i = 0; i < n; i++) if (!(y[i] > 0)) return null;
  const init = hwInit(y, m, season);
  const s = new Float64Array(m);
  const decode = (p: Float64Array) => {
    const alpha = 1e-4 + 0.9998 * sigmoid(p[0]);
    const beta = 1e-4 + (alpha - 1e-4) * sigmoid(p[1]);
    const gamma = 1e-4 + Math.max(0, 1 - alpha - 2e-4) * sigmoid(p[2]);
    const phi = damped ? 0.8 + 0.18 * sigmoid(p[3]) : 1;
    return { alpha, beta, gamma, phi };
  };
  const start = damped ? [logit(0.3), logit(0.1), logit(0.1), 0] : [logit(0.3), logit(0.1), logit(0.1)];
  const res = nelderMead(
    (p) => {
      const q = decode(p);
      return hwRun(y, m, season, q.alpha, q.beta, q.gamma, q.phi, init, s).sse;
    },
    start,
    { maxIterations: 160, tolerance: 1e-6, step: 1 },
  );
  const q = decode(res.x);
  const r = hwRun(y, m, season, q.alpha, q.beta, q.gamma, q.phi, init, s);
  if (!Number.isFinite(r.sse)) return null;
  return { ...q, sse: r.sse, level: r.level, trend: r.trend, season: Float64Array.from(s), n };
}

export function holtWintersForecast(y: Series, h: number, m: number, season: SeasonType, damped = true): Float64Array | null {
  const f = fitHoltWinters(y, m, season, damped);
  if (!f) return null;
  const out = new Float64Array(h);
  let acc = 0;
  let ph = 1;
  for (let j = 0; j < h; j++) {
    ph *= f.phi;
    acc += ph;
    const base = f.level + acc * f.trend;
    const st = f.season[(f.n + j) % m];
    out[j] = season === 'M' ? base * st : base + st;
  }
  return out;
}

/** Share of zero (or negative) observations: high values call for intermittent-demand methods. */
export function zeroShare(y: Series): number {
  if (!y.length) return 0;
  let z = 0;
  for (let i = 0; i < y.length; i++) if (!(y[i] > 0)) z++;
  return z / y.length;
}

/** Croston's method (alpha 0.1 on sizes and intervals), SBA bias correction optional. */
export function crostonForecast(y: Series, h: number, alpha = 0.1, sba = true): Float64Array {
  let z = NaN;
  let p = NaN;
  let q = 1;
  for (let t = 0; t < y.length; t++) {
    if (y[t] > 0) {
      if (Number.isNaN(z)) {
        z = y[t];
        p = q;
      } else {
        z += alpha * (y[t] - z);
        p += alpha * (q - p);
      }
      q = 1;
    } else q++;
  }
  const f = Number.isNaN(z) ? 0 : (z / p) * (sba ? 1 - alpha / 2 : 1);
  return new Float64Array(h).fill(f);
}

/** Teunter-Syntetos-Babai: smooths demand probability every period, so it decays after a category stops. */
export function tsbForecast(y: Series, h: number, alpha = 0.1, beta = 0.1): Float64Array {
  let z = NaN;
  let p = NaN;
  for (let t = 0; t < y.length; t++) {
    const occurred = y[t] > 0 ? 1 : 0;
    if (Number.isNaN(p)) {
      if (occurred) {
        z = y[t];
        p = 1 / (t + 1);
      }
      continue;
    }
    p += beta * (occurred - p);
    if (occurred) z += alpha * (y[t] - z);
  }
  return new Float64Array(h).fill(Number.isNaN(z) ? 0 : z * p);
}
