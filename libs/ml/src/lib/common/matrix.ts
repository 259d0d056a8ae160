/** Dense row-major matrix of float64 values: the shared currency of the detectors. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function toMatrix(rows: ArrayLike<ArrayLike<number>>): Matrix {
  const n = rows.length;
  const d = n ? rows[0].length : 0;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r.length !== d) throw new Error(`row ${i} has ${r.length} values, expected ${d}`);
    for (let j = 0; j < d; j++) data[i * d + j] = r[j];
  }
  return { rows: n, cols: d, data };
}

export function matrixRow(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

export function toArrays(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(matrixRow(m, i)));
  return out;
}

/** Rows selected by index, copied. */
export function selectRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const data = new Float64Array(indices.length * m.cols);
  for (let r = 0; r < indices.length; r++) data.set(matrixRow(m, indices[r]), r * m.cols);
  return { rows: indices.length, cols: m.cols, data };
}

/** Squared euclidean distance between row i of a and row j of b. */
export function sqDist(a: Matrix, i: number, b: Matrix, j: number): number {
  const d = a.cols;
  const ad = a.data;
  const bd = b.data;
  let s = 0;
  let p = i * d;
  let q = j * d;
  for (let k = 0; k < d; k++, p++, q++) {
    const t = ad[p] - bd[q];
    s += t * t;
  }
  return s;
}
