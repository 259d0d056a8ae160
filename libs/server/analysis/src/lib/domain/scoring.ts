/**
 * One scale for every finding type so that the review queue orders sensibly: the severity decides the band,
 * the strength of the evidence (0..1) the position inside it. Any high finding outranks any medium one, and so on.
 *   low    0.30 .. 0.59
 *   medium 0.60 .. 0.84
 *   high   0.85 .. 1.00
 */
import type { FindingSeverity } from '@spendguard/contracts';

export const SEVERITY_BANDS: Record<FindingSeverity, readonly [number, number]> = {
  low: [0.3, 0.59],
  medium: [0.6, 0.84],
  high: [0.85, 1],
};

export function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : x > 0 ? 1 : 0;
}

/** Queue score of a finding: inside its severity's band, by strength (rounded to 4 decimals). */
export function findingScore(severity: FindingSeverity, strength: number): number {
  const [lo, hi] = SEVERITY_BANDS[severity];
  return Math.round((lo + (hi - lo) * clamp01(strength)) * 1e4) / 1e4;
}
