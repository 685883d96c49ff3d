/**
 * snarkjs verification keys in Solidity form: many rollups publish only the verifier contract
 * snarkjs exported (`zkey export solidityverifier`, templates/verifier_groth16.sol.ejs,
 * verifier_plonk.sol.ejs, verifier_fflonk.sol.ejs of snarkjs 0.7). This reads such a contract's
 * constants back into the snarkjs JSON key our verifiers take (./groth16.ts, ./plonk.ts,
 * ./fflonk.ts), so `verifyZkProof(system, vkey, proof, publicSignals)` runs on it unchanged.
 *
 * - Groth16: `alphax alphay`, `betax1 betax2 betay1 betay2` (x1 the imaginary part), `gamma…`,
 *   `delta…`, `IC0x IC0y …`; nPublic = number of IC points − 1;
 * - PLONK: `n` (2^power), `nPublic`, `Qmx Qmy … S3x S3y` ((0, 0) for a selector at infinity),
 *   `k1 k2`, `X2x1 X2x2 X2y1 X2y2` (x1 the real part), `w1`;
 * - FFLONK: `n`, `k1 k2`, `w1 wr w3 w4 w8_1`, `C0x C0y`, `X2x1 …`; nPublic is not a constant
 *   there: it is read from the length the first challenge hashes, `pBeta … keccak256(add(pMem,
 *   lastMem), 32·nPublic + 128)` (C0, the public inputs, [C1]).
 *
 * The system is told by its constants (`alphax` / `Qmx` / `C0x`). A missing constant or one that
 * is not a number literal is InputError naming it; the key's values are then checked by the
 * system's own parser (points on the curve, subgroup, roots of unity…), VerificationError.
 * @module
 */
import { InputError, VerificationError } from '../core/errors.ts';
import { type FflonkVerificationKey, parseFflonkVerificationKey } from './fflonk.ts';
import type { ZkSystem } from './format.ts';
import { MAX_PUBLIC_SIGNALS } from './format.ts';
import { type Groth16VerificationKey, parseGroth16VerificationKey } from './groth16.ts';
import { parsePlonkVerificationKey, type PlonkVerificationKey } from './plonk.ts';
import { SolidityConstants } from './solidity-constants.ts';

/** A snarkjs `verification_key.json` as read from a Solidity verifier (numbers as decimal strings). */
export type SnarkjsVkeyJson = Record<string, unknown>;

const dec = (v: bigint): string => v.toString();

/** The system of a snarkjs Solidity verifier, from the constants only it declares. */
export function snarkjsSoliditySystem(source: unknown): ZkSystem {
  const c = SolidityConstants.read(source);
  const found = (['alphax', 'Qmx', 'C0x'] as const).filter((name) => c.has(name));
  if (found.length !== 1) {
    throw new InputError(
      found.length === 0
        ? '"source" is not a snarkjs verifier: none of the constants alphax (Groth16), Qmx (PLONK), C0x (FFLONK)'
        : `"source" declares the constants of several systems: ${found.join(', ')}`,
    );
  }
  return found[0] === 'alphax' ? 'groth16' : found[0] === 'Qmx' ? 'plonk' : 'fflonk';
}

function power(c: SolidityConstants): number {
  const n = c.get('n');
  const p = n > 0n ? n.toString(2).length - 1 : -1;
  if (n <= 0n || n !== 1n << BigInt(p)) {
    throw new VerificationError('ZK_VKEY_INVALID', 'the constant n is not a power of two', { expected: '2^power', got: n.toString() });
  }
  return p;
}

const g1 = (c: SolidityConstants, x: string, y: string): string[] => {
  const [vx, vy] = [c.get(x), c.get(y)];
  return vx === 0n && vy === 0n ? ['0', '1', '0'] : [dec(vx), dec(vy), '1'];
};

/** X_2 in the PLONK/FFLONK templates: `X2x1` = X_2[0][0] (c0), `X2x2` = X_2[0][1] (c1). */
const x2 = (c: SolidityConstants): string[][] => [
  [dec(c.get('X2x1')), dec(c.get('X2x2'))],
  [dec(c.get('X2y1')), dec(c.get('X2y2'))],
  ['1', '0'],
];

function groth16Json(c: SolidityConstants): SnarkjsVkeyJson {
  /** Groth16's G2 constants: `<p>x1` = [0][1] (c1), `<p>x2` = [0][0] (c0). */
  const g2 = (p: string): string[][] => [
    [dec(c.get(`${p}x2`)), dec(c.get(`${p}x1`))],
    [dec(c.get(`${p}y2`)), dec(c.get(`${p}y1`))],
    ['1', '0'],
  ];
  const ic: string[][] = [];
  while (c.has(`IC${ic.length}x`) && ic.length <= MAX_PUBLIC_SIGNALS) ic.push(g1(c, `IC${ic.length}x`, `IC${ic.length}y`));
  if (ic.length === 0) throw new InputError('"source" has no constant IC0x');
  const beyond = c.names().filter((name) => /^IC\d+[xy]$/.test(name) && Number(name.slice(2, -1)) >= ic.length);
  if (beyond.length > 0) throw new InputError(`"source" has IC constants out of sequence: ${beyond.join(', ')}`);
  return {
    protocol: 'groth16',
    curve: 'bn128',
    nPublic: ic.length - 1,
    vk_alpha_1: g1(c, 'alphax', 'alphay'),
    vk_beta_2: g2('beta'),
    vk_gamma_2: g2('gamma'),
    vk_delta_2: g2('delta'),
    IC: ic,
  };
}

function plonkJson(c: SolidityConstants): SnarkjsVkeyJson {
  const out: SnarkjsVkeyJson = { protocol: 'plonk', curve: 'bn128', nPublic: c.count('nPublic', MAX_PUBLIC_SIGNALS), power: power(c) };
  for (const name of ['k1', 'k2'] as const) out[name] = dec(c.get(name));
  for (const name of ['Qm', 'Ql', 'Qr', 'Qo', 'Qc', 'S1', 'S2', 'S3']) out[name] = g1(c, `${name}x`, `${name}y`);
  out.X_2 = x2(c);
  out.w = dec(c.get('w1'));
  return out;
}

const FFLONK_NPUBLIC_RE = /pBeta\s*\)\s*,\s*mod\(\s*keccak256\(\s*add\(\s*pMem\s*,\s*lastMem\s*\)\s*,\s*(\d+)\s*\)/g;

function fflonkJson(c: SolidityConstants, source: string): SnarkjsVkeyJson {
  const out: SnarkjsVkeyJson = { protocol: 'fflonk', curve: 'bn128', nPublic: 0, power: power(c) };
  for (const [json, sol] of [['k1', 'k1'], ['k2', 'k2'], ['w', 'w1'], ['wr', 'wr'], ['w3', 'w3'], ['w4', 'w4'], ['w8', 'w8_1']] as const) {
    out[json] = dec(c.get(sol));
  }
  out.C0 = g1(c, 'C0x', 'C0y');
  out.X_2 = x2(c);
  const lengths = [...source.matchAll(FFLONK_NPUBLIC_RE)].map((m) => Number(m[1]));
  if (lengths.length !== 1 || (lengths[0]! - 128) % 32 !== 0 || lengths[0]! < 128) {
    throw new InputError('"source" has no single challenge beta = keccak256(add(pMem, lastMem), 32·nPublic + 128) to read nPublic from');
  }
  const nPublic = (lengths[0]! - 128) / 32;
  if (nPublic > MAX_PUBLIC_SIGNALS) throw new InputError(`"source" nPublic expected at most ${MAX_PUBLIC_SIGNALS}, got ${nPublic}`);
  out.nPublic = nPublic;
  return out;
}

/**
 * The snarkjs JSON key of a snarkjs-exported Solidity verifier, and its system. Shape problems
 * (a missing constant, an expression where a number is expected, no system recognised) are
 * InputError naming the constant; values are left for the system's parser to judge.
 * @example const { system, vkey } = snarkjsVkeyFromSolidity(readFileSync('verifier.sol', 'utf8'))
 *          verifyZkProof(system, vkey, proofJson, publicJson)
 */
export function snarkjsVkeyFromSolidity(source: unknown): { system: ZkSystem; vkey: SnarkjsVkeyJson } {
  const system = snarkjsSoliditySystem(source);
  const c = SolidityConstants.read(source);
  const vkey = system === 'groth16' ? groth16Json(c) : system === 'plonk' ? plonkJson(c) : fflonkJson(c, source as string);
  return { system, vkey };
}

/** A parsed and checked key of any of the three systems, with its system. */
export type SoliditySnarkjsKey =
  | { readonly system: 'groth16'; readonly key: Groth16VerificationKey }
  | { readonly system: 'plonk'; readonly key: PlonkVerificationKey }
  | { readonly system: 'fflonk'; readonly key: FflonkVerificationKey };

/**
 * `snarkjsVkeyFromSolidity` then the system's key parser: the checked key our verifiers take.
 * @example const { system, key } = parseSnarkjsSolidityVerifyingKey(source); verifyGroth16(key, proof, signals)
 */
export function parseSnarkjsSolidityVerifyingKey(source: unknown): SoliditySnarkjsKey {
  const { system, vkey } = snarkjsVkeyFromSolidity(source);
  switch (system) {
    case 'groth16':
      return { system, key: parseGroth16VerificationKey(vkey) };
    case 'plonk':
      return { system, key: parsePlonkVerificationKey(vkey) };
    case 'fflonk':
      return { system, key: parseFflonkVerificationKey(vkey) };
  }
}
