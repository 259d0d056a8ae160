import * as fs from 'node:fs';
import * as path from 'node:path';
import { toMatrix } from '../common/matrix';
import { applyScaler, fitRobustScaler, fitStandardScaler } from './scaler';

const fx: { X: number[][]; mean: number[]; scale: number[] } = JSON.parse(
  fs.readFileSync(path.resolve(process.cwd(), '../shared/fixtures/ml/scaler.json'), 'utf8'),
);

describe('scalers', () => {
  it('StandardScaler mean and population std agree with scikit-learn (scaler.json)', () => {
    const s = fitStandardScaler(toMatrix(fx.X));
    fx.mean.forEach((m, j) => expect(Math.abs(s.center[j] - m)).toBeLessThan(1e-12));
    fx.scale.forEach((m, j) => expect(Math.abs(s.scale[j] - m)).toBeLessThan(1e-12));
  });

  it('RobustScaler centres on the median and scales by the IQR, ignoring an outlier', () => {
    const X = toMatrix([[1, 0], [2, 0], [3, 0], [4, 0], [1000, 1]]);
    const s = fitRobustScaler(X);
    expect(s.center).toEqual([3, 0]);
    expect(s.scale[0]).toBe(2);
    // A constant-but-one indicator keeps a finite, positive scale.
    expect(s.scale[1]).toBeGreaterThan(0);
    const t = applyScaler(s, X, 10);
    expect(t.data[8]).toBe(10);
  });
});
