// onnxruntime-node checks tensors with `instanceof Float32Array` against the outer realm's constructors,
// while jest runs each test file in its own vm realm (STACK.md G6). Share the outer typed-array
// constructors with the sandbox so tensors created in tests are accepted.
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'Float32Array', 'Float64Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
  'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array', 'ArrayBuffer',
];

class OrtEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = OrtEnvironment;
