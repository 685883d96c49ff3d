/**
 * The constants of a published Solidity verifier contract, read from its source text: the one
 * reader behind every "key in Solidity form" (gnark's PLONK export, snarkjs's Groth16 / PLONK /
 * FFLONK exports). Only declarations of the form
 *
 *     uintN [private|internal|public] constant NAME = <decimal or 0x-hex literal>;
 *
 * are read (any whitespace, line breaks included, between the tokens). Comments are removed
 * first, so a commented-out constant is not read. A constant whose value is an expression (such
 * as snarkjs's `uint16 constant pA = 4 + 0;`) is kept as text and refused only if asked for.
 * @module
 */
import { InputError } from '../core/errors.ts';

const DECLARATION_RE =
  /\buint(?:8|16|24|32|64|128|256)?\s+(?:(?:private|internal|public)\s+)?constant\s+([A-Za-z_$][A-Za-z0-9_$]*)\s*=\s*([^;]*);/g;
const LITERAL_RE = /^(?:0x[0-9a-fA-F]{1,64}|[0-9]{1,78})$/;
/** Longest source read: real verifier contracts are below 100 kB. */
const MAX_SOURCE = 4 << 20;

/** Strips `// …` and `/* … *\/` comments (string literals in verifier contracts hold no `//`). */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

/** The named constants of a contract's source, looked up with typed errors. */
export class SolidityConstants {
  private constructor(
    private readonly values: ReadonlyMap<string, string>,
    private readonly title: string,
  ) {}

  /**
   * Reads every `uintN constant` declaration of `source`. A name declared twice is InputError
   * (two contracts in one file, or an edited copy: the key would be ambiguous).
   * @example SolidityConstants.read('uint256 constant alphax = 1;').get('alphax') // 1n
   */
  static read(source: unknown, title = 'source'): SolidityConstants {
    if (typeof source !== 'string') throw new InputError(`"${title}" expected Solidity source text, got ${typeof source}`);
    if (source.length > MAX_SOURCE) throw new InputError(`"${title}" expected at most ${MAX_SOURCE} characters, got ${source.length}`);
    const values = new Map<string, string>();
    for (const [, name, value] of stripComments(source).matchAll(DECLARATION_RE)) {
      if (values.has(name!)) throw new InputError(`"${title}" declares the constant ${name} twice`);
      values.set(name!, value!.trim());
    }
    return new SolidityConstants(values, title);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** Every declared name, in source order. */
  names(): string[] {
    return [...this.values.keys()];
  }

  /** The value of `name`: InputError naming the constant when it is missing or not a number literal. */
  get(name: string): bigint {
    const text = this.values.get(name);
    if (text === undefined) throw new InputError(`"${this.title}" has no constant ${name}`);
    if (!LITERAL_RE.test(text)) throw new InputError(`"${this.title}" constant ${name} is not a number literal: ${JSON.stringify(text.slice(0, 80))}`);
    return BigInt(text);
  }

  /** `get(name)` as a count no larger than `max` (a domain size, a number of inputs, an index). */
  count(name: string, max: number): number {
    const v = this.get(name);
    if (v > BigInt(max)) throw new InputError(`"${this.title}" constant ${name} expected at most ${max}, got ${v}`);
    return Number(v);
  }
}
