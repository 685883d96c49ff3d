/**
 * One consensus-spec-tests KZG case (`<handler>/kzg-mainnet/<case>/data.yaml`, the format of
 * consensus-specs tests/formats/kzg_4844 and kzg_7594): its `input` given to the front door's
 * function of the handler's name (src/crypto/kzg.ts), its `output` compared: a boolean for a
 * verification, the values for a computation, `null` where the function must refuse the input
 * (a typed Vigil error; an untyped one is a bug, and fails the case).
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, VigilError } from '../../core/errors.ts';
import { aarray, aobject, isObject } from '../../core/json.ts';
import {
  blobToKzgCommitment,
  computeBlobKzgProof,
  computeCells,
  computeCellsAndKzgProofs,
  computeVerifyCellKzgProofBatchChallenge,
  recoverCellsAndKzgProofs,
  type TrustedSetup,
  verifyBlobKzgProof,
  verifyBlobKzgProofBatch,
  verifyCellKzgProofBatch,
  verifyKzgProof,
} from '../../crypto/kzg.ts';
import { readYaml } from './files.ts';

/** What a handler's function returns, as the YAML writes it: a boolean, hex, or lists of hex. */
type Output = boolean | string | Output[];

type Input = Record<string, unknown>;

interface Handler {
  /** Whether it needs the whole trusted setup (a computation, not a verification). */
  setup: boolean;
  run(input: Input, setup: TrustedSetup | undefined): Output;
}

const hex = (input: Input, name: string): Uint8Array => hexToBytes(input[name], undefined, name);
const hexList = (input: Input, name: string): Uint8Array[] => aarray(input[name], name).map((h, i) => hexToBytes(h, undefined, `${name}[${i}]`));
const hexOut = (bytes: Uint8Array): string => bytesToHex(bytes);
const setupOf = (setup: TrustedSetup | undefined): TrustedSetup => {
  if (!setup) throw new Error('trusted setup not loaded');
  return setup;
};
/** YAML integers (the failsafe schema reads them as strings); one the function must refuse stays out of range. */
const indexList = (input: Input, name: string): number[] =>
  aarray(input[name], name).map((v, i) => {
    if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new InputError(`"${name}[${i}]" expected an unsigned integer, got ${String(v)}`);
    return Number(v);
  });

/**
 * The handlers of the consensus-specs KZG test formats that the front door has a function for:
 * the five of EIP-7594's and the cell challenge Vigil's issue names, and EIP-4844's that map one to
 * one (compute_kzg_proof and compute_challenge have no front-door function: unknown).
 */
export const KZG_HANDLERS: Readonly<Record<string, Handler>> = {
  verify_cell_kzg_proof_batch: {
    setup: false,
    run: (i) => verifyCellKzgProofBatch(hexList(i, 'commitments'), indexList(i, 'cell_indices'), hexList(i, 'cells'), hexList(i, 'proofs')),
  },
  verify_blob_kzg_proof_batch: { setup: false, run: (i) => verifyBlobKzgProofBatch(hexList(i, 'blobs'), hexList(i, 'commitments'), hexList(i, 'proofs')) },
  compute_cells_and_kzg_proofs: {
    setup: true,
    run: (i, s) => {
      const { cells, proofs } = computeCellsAndKzgProofs(hex(i, 'blob'), setupOf(s));
      return [cells.map(hexOut), proofs.map(hexOut)];
    },
  },
  recover_cells_and_kzg_proofs: {
    setup: true,
    run: (i, s) => {
      const { cells, proofs } = recoverCellsAndKzgProofs(indexList(i, 'cell_indices'), hexList(i, 'cells'), setupOf(s));
      return [cells.map(hexOut), proofs.map(hexOut)];
    },
  },
  compute_verify_cell_kzg_proof_batch_challenge: {
    setup: false,
    run: (i) =>
      hexOut(
        computeVerifyCellKzgProofBatchChallenge(
          hexList(i, 'commitments'),
          indexList(i, 'commitment_indices'),
          indexList(i, 'cell_indices'),
          aarray(i.cosets_evals, 'cosets_evals').map((evals, k) => {
            const list = aarray(evals, `cosets_evals[${k}]`).map((h, j) => hexToBytes(h, undefined, `cosets_evals[${k}][${j}]`));
            // The front door takes a coset's 64 evaluations as one string of 64 × 32 bytes.
            if (list.some((e) => e.length !== 32)) throw new InputError(`cosets_evals[${k}]: every evaluation expected 32 bytes`);
            const joined = new Uint8Array(list.length * 32);
            list.forEach((e, j) => joined.set(e, j * 32));
            return joined;
          }),
          hexList(i, 'proofs'),
        ),
      ),
  },
  compute_cells: { setup: false, run: (i) => computeCells(hex(i, 'blob')).map(hexOut) },
  verify_kzg_proof: { setup: false, run: (i) => verifyKzgProof(hex(i, 'commitment'), hex(i, 'z'), hex(i, 'y'), hex(i, 'proof')) },
  verify_blob_kzg_proof: { setup: false, run: (i) => verifyBlobKzgProof(hex(i, 'blob'), hex(i, 'commitment'), hex(i, 'proof')) },
  blob_to_kzg_commitment: { setup: true, run: (i, s) => hexOut(blobToKzgCommitment(hex(i, 'blob'), setupOf(s))) },
  compute_blob_kzg_proof: { setup: true, run: (i, s) => hexOut(computeBlobKzgProof(hex(i, 'blob'), hex(i, 'commitment'), setupOf(s))) },
};

export interface KzgCaseResult {
  ok: boolean;
  /** Why it failed (empty when it passed). */
  detail: string;
}

/** A case's `input` and `output` (`null` for "must fail"). @throws InputError for a data.yaml not of the format */
export function readKzgCase(dir: string): { input: Input; output: Output | null } {
  const data = aobject(readYaml(dir, 'data.yaml'), 'data.yaml');
  if (!('input' in data) || !('output' in data)) throw new InputError(`${dir}/data.yaml: expected "input" and "output"`);
  return { input: aobject(data.input, 'input'), output: data.output === 'null' ? null : toOutput(data.output) };
}

function toOutput(v: unknown): Output {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (typeof v === 'string') return v.toLowerCase();
  if (Array.isArray(v)) return v.map(toOutput);
  throw new InputError(`"output" expected a boolean, hex or a list of them, got ${isObject(v) ? 'an object' : String(v)}`);
}

/**
 * Runs a case of a known handler. Reading it is the caller's ({@link readKzgCase}); a function
 * that returns where it must refuse, refuses where it must return, returns another value or throws
 * an untyped error fails the case.
 */
export function runKzgCase(handler: string, c: { input: Input; output: Output | null }, setup: TrustedSetup | undefined): KzgCaseResult {
  const fn = KZG_HANDLERS[handler];
  if (!fn) return { ok: false, detail: `unknown handler ${handler}` };
  let got: Output;
  try {
    got = fn.run(c.input, setup);
  } catch (err) {
    if (!(err instanceof VigilError)) return { ok: false, detail: `threw an untyped error: ${(err as Error).message ?? String(err)}` };
    if (c.output === null) return { ok: true, detail: '' };
    return { ok: false, detail: `expected ${show(c.output)}, refused: ${err.code}: ${err.shortMessage}` };
  }
  if (c.output === null) return { ok: false, detail: `expected a refusal (output null), got ${show(got)}` };
  const diff = difference(got, c.output, 'output');
  return diff === undefined ? { ok: true, detail: '' } : { ok: false, detail: diff };
}

/** Where `got` first differs from `expected`, or undefined when equal. */
function difference(got: Output, expected: Output, path: string): string | undefined {
  if (Array.isArray(got) && Array.isArray(expected)) {
    if (got.length !== expected.length) return `${path}: expected ${expected.length} items, got ${got.length}`;
    for (let i = 0; i < got.length; i++) {
      const d = difference(got[i]!, expected[i]!, `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return got === expected ? undefined : `${path}: expected ${show(expected)}, got ${show(got)}`;
}

/** A short rendering of an output for a failure line. */
function show(o: Output): string {
  if (typeof o === 'boolean') return String(o);
  if (typeof o === 'string') return o.length > 24 ? `${o.slice(0, 18)}…${o.slice(-4)}` : o;
  return `[${o.length} items]`;
}
