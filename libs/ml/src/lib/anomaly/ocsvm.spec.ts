import * as fs from 'node:fs';
import * as path from 'node:path';
import { toMatrix } from '../common/matrix';
import { fitOneClassSvm, ocsvmDecision, resolveGamma } from './ocsvm';

interface OcsvmFixture {
  train: number[][];
  test: number[][];
  cases: { nu: number; gamma: number; gamma_rule: string; decision_function: number[]; predict: number[]; n_support: number }[];
}
const fx: OcsvmFixture = JSON.parse(fs.readFileSync(path.resolve(process.cwd(), '../shared/fixtures/ml/ocsvm.json'), 'utf8'));

describe('One-class SVM agrees with scikit-learn (ocsvm.json)', () => {
  it.each(fx.cases.map((c) => [c.nu, c.gamma_rule, c] as const))('nu %s, gamma %s', async (_nu, rule, c) => {
    const train = toMatrix(fx.train);
    const gamma = rule === 'explicit' ? c.gamma : 'scale';
    if (gamma === 'scale') expect(Math.abs(resolveGamma(train, 'scale') - c.gamma)).toBeLessThan(1e-12);
    const model = await fitOneClassSvm(train, { nu: c.nu, gamma, tolerance: 1e-6 });
    expect(model.sv.rows).toBe(c.n_support);
    const dec = ocsvmDecision(model, toMatrix(fx.test));
    let worst = 0;
    c.decision_function.forEach((e, i) => {
      worst = Math.max(worst, Math.abs(dec[i] - e));
      expect(dec[i] > 0 ? 1 : -1).toBe(c.predict[i]);
    });
    expect(worst).toBeLessThan(1e-4);
  });
});
