/**
 * The consensus-specs KZG test vectors (c-kzg-4844's copy of consensus-spec-tests, in the shared
 * fixtures beside the checkout: ../shared/fixtures/kzg-spec, see its MANIFEST.md), read from their
 * `<handler>/kzg-mainnet/<case>/data.yaml` files with hex decoded: `output` null is a case the
 * function must refuse. For the tests of src/crypto/kzg.ts and the fuzz target of its verifiers.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { hexToBytes } from '../../src/core/bytes.ts';

/** The shared fixtures beside the checkout (required, never skipped). */
export const KZG_SPEC_VECTORS = fileURLToPath(new URL('../../../shared/fixtures/kzg-spec', import.meta.url));

export const KZG_HANDLERS = [
  'compute_cells_and_kzg_proofs',
  'compute_verify_cell_kzg_proof_batch_challenge',
  'recover_cells_and_kzg_proofs',
  'verify_blob_kzg_proof_batch',
  'verify_cell_kzg_proof_batch',
] as const;
export type KzgHandler = (typeof KZG_HANDLERS)[number];

export interface KzgSpecCase {
  handler: KzgHandler;
  /** The case directory's name. */
  name: string;
  /** The YAML input as parsed (hex strings, numbers). */
  input: Record<string, unknown>;
  output: unknown;
}

/** Every case of every handler (56 in the shared copy), in directory order. */
export function kzgSpecCases(handler?: KzgHandler): KzgSpecCase[] {
  if (!existsSync(KZG_SPEC_VECTORS)) throw new Error(`${KZG_SPEC_VECTORS} (the shared KZG vectors) is missing`);
  const out: KzgSpecCase[] = [];
  for (const h of handler === undefined ? KZG_HANDLERS : [handler]) {
    const dir = `${KZG_SPEC_VECTORS}/${h}/kzg-mainnet`;
    for (const name of readdirSync(dir).sort()) {
      const { input, output } = parse(readFileSync(`${dir}/${name}/data.yaml`, 'utf8')) as { input: Record<string, unknown>; output: unknown };
      out.push({ handler: h, name, input, output });
    }
  }
  return out;
}

/** Hex as it stands in the vectors: a string, or a list of them. */
export const hex = (value: unknown): Uint8Array => hexToBytes(value);
export const hexList = (value: unknown): Uint8Array[] => (value as string[]).map((v) => hexToBytes(v));
/** cosets_evals: one list of 64 field elements per cell, joined into the cell's 2048 bytes. */
export const cosetsEvals = (value: unknown): Uint8Array[] =>
  (value as string[][]).map((evals) => {
    const out = new Uint8Array(32 * evals.length);
    evals.forEach((e, i) => out.set(hexToBytes(e, 32), 32 * i));
    return out;
  });
