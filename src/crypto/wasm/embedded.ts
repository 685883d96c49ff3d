/**
 * An embedded WebAssembly binary (base64 in a *.generated.ts), compiled once per realm and
 * instantiated on each call, synchronously or not: how every kernel (hash, BLS12-381, BN254)
 * starts. Instantiating again (tests, a forced reload) is then cheap.
 * @module
 */
import { decodeBase64 } from './base64.ts';

export class EmbeddedModule {
  private module: WebAssembly.Module | undefined;

  constructor(private readonly base64: string) {}

  /**
   * Throws where synchronous compilation is refused (a page's main thread, for modules over
   * 4 KB) or WebAssembly is unavailable or forbidden (an extension page whose CSP lacks
   * 'wasm-unsafe-eval').
   */
  instantiateSync(imports: WebAssembly.Imports = {}): WebAssembly.Instance {
    this.module ??= new WebAssembly.Module(decodeBase64(this.base64));
    return new WebAssembly.Instance(this.module, imports);
  }

  /** Without blocking; works on page main threads. */
  async instantiate(imports: WebAssembly.Imports = {}): Promise<WebAssembly.Instance> {
    this.module ??= await WebAssembly.compile(decodeBase64(this.base64));
    return WebAssembly.instantiate(this.module, imports);
  }
}

/** What {@link runOnSlots} needs of a field kernel: its exports, its slots and its element conversions. */
export interface SlottedKernel<E> {
  readonly exports: E;
  slot(i: number): number;
  load(dst: number, values: readonly bigint[]): void;
  read(src: number, count: number): bigint[];
}

/**
 * For tests of the curve kernels: runs a kernel routine on elements given as coefficient arrays.
 * Each input goes to its own slot (or, with `alias`, the output is the first input's slot), then
 * `fn(out, ...inputs, ...extra)` runs and `outCount` coefficients are read back.
 */
export function runOnSlots<E>(
  kernel: SlottedKernel<E>,
  fn: keyof E,
  outCount: number,
  inputs: readonly (readonly bigint[])[],
  extra: readonly number[] = [],
  alias = false,
): bigint[] {
  const ptrs = inputs.map((values, i) => {
    const p = kernel.slot(i + 1);
    kernel.load(p, values);
    return p;
  });
  const out = alias ? ptrs[0]! : kernel.slot(0);
  (kernel.exports[fn] as (...args: number[]) => unknown)(out, ...ptrs, ...extra);
  return kernel.read(out, outCount);
}
