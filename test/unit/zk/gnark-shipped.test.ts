/**
 * The gnark PLONK keys Vigil ships for Linea's verifiers (src/zk/gnark-shipped.ts, linea-keys.ts):
 * each compiled-in key against the published contract it was read from (test/fixtures/linea,
 * NOTICE.md) and its pinned fingerprint, `keyInCode` on the contracts' compiled code, and the real
 * aggregation proofs through the one front door verifyZkProof('gnark-plonk', …) that rollup
 * configs and the worker use.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { bn254Ready } from '../../../src/crypto/bn254.ts';
import { gnarkPlonkKeyDigest, parseGnarkPlonkSolidityVerifyingKey } from '../../../src/zk/gnark-plonk.ts';
import { GNARK_SHIPPED_KEYS, gnarkShippedKey, keyInCode } from '../../../src/zk/gnark-shipped.ts';
import { verifyZkProof, zkVerifier } from '../../../src/zk/index.ts';
import { compileRuntime } from './solidity-evm.ts';
// @ts-expect-error: a plain .mjs script, no types
import { render } from '../../../scripts/linea-keys.mjs';

const read = (path: string) => readFileSync(new URL(`../../fixtures/linea/${path}`, import.meta.url), 'utf8');
const SOURCES: Record<string, { file: string; contract: string; proof: string }> = {
  'linea-mainnet-full-paris': { file: 'PlonkVerifierMainnetFull.paris.sol', contract: 'PlonkVerifierMainnetFull', proof: 'mainnet-24288348-24288678-getZkAggregatedProof.json' },
  'linea-sepolia-full-beta-v4.1': { file: 'PlonkVerifierSepoliaFull.beta-v4.1.sol', contract: 'PlonkVerifierSepoliaFull', proof: 'sepolia-20106872-20107472-getZkAggregatedProof.json' },
};
/** The later mainnet verifiers: no real proof of their keys is held (test/fixtures/linea/NOTICE.md). */
const WITHOUT_PROOF: Record<string, string> = {
  'linea-mainnet-osaka-beta-v4.4': 'PlonkVerifierMainnetFull.osaka.sol',
  'linea-mainnet-7702-v6.1.8': 'PlonkVerifierMainnetFull.7702-v6.1.8.sol',
  'linea-full-small-fields-7.0.7': 'PlonkVerifierFull.small-fields-7.0.7.sol',
  'linea-full-small-fields-ba3e9119': 'PlonkVerifierFull.ba3e9119.sol',
};
const proofOf = (id: string) => JSON.parse(read(SOURCES[id]!.proof)) as { aggregatedProof: string; aggregatedProofPublicInput: string };
const codes = new Map<string, Uint8Array>();

beforeAll(async () => {
  await bn254Ready();
  for (const [id, s] of Object.entries(SOURCES)) codes.set(id, compileRuntime({ [s.file]: read(s.file) }, s.file, s.contract));
});

describe('gnark PLONK keys shipped for Linea', () => {
  it('src/zk/linea-keys.ts is scripts/linea-keys.mjs output from the fixtures', () => {
    expect(readFileSync(new URL('../../../src/zk/linea-keys.ts', import.meta.url), 'utf8')).toBe(render());
  });

  it("each shipped key is its contract's key, and its fingerprint the pinned one", () => {
    const files = { ...Object.fromEntries(Object.entries(SOURCES).map(([id, s]) => [id, s.file])), ...WITHOUT_PROOF };
    expect(Object.keys(GNARK_SHIPPED_KEYS).sort()).toEqual(Object.keys(files).sort());
    for (const [id, file] of Object.entries(files)) {
      const fromContract = parseGnarkPlonkSolidityVerifyingKey(read(file));
      expect(bytesToHex(gnarkPlonkKeyDigest(fromContract))).toBe(GNARK_SHIPPED_KEYS[id]!.keyDigest);
      expect(bytesToHex(gnarkPlonkKeyDigest(gnarkShippedKey(id)))).toBe(GNARK_SHIPPED_KEYS[id]!.keyDigest);
    }
    expect(() => gnarkShippedKey('linea-unknown')).toThrow(InputError);
  });

  it("keyInCode: a verifier's compiled code carries its own key, not the other network's", () => {
    const mainnet = codes.get('linea-mainnet-full-paris')!;
    const sepolia = codes.get('linea-sepolia-full-beta-v4.1')!;
    expect(keyInCode('linea-mainnet-full-paris', mainnet)).toBe(true);
    expect(keyInCode('linea-sepolia-full-beta-v4.1', sepolia)).toBe(true);
    expect(keyInCode('linea-mainnet-full-paris', sepolia)).toBe(false);
    expect(keyInCode('linea-sepolia-full-beta-v4.1', mainnet)).toBe(false);
    expect(keyInCode('linea-mainnet-full-paris', new Uint8Array(0))).toBe(false);
    // No later key is found in either: each mainnet upgrade changed every commitment.
    for (const id of Object.keys(WITHOUT_PROOF)) expect([keyInCode(id, mainnet), keyInCode(id, sepolia)]).toEqual([false, false]);
    // One commitment changed wherever the code holds it: no longer that key.
    const hex = bytesToHex(mainnet);
    const qlx = 13608651608033279664282241697237247837057958762048910845481862812873637324308n.toString(16).padStart(64, '0');
    expect(hex.includes(qlx)).toBe(true);
    const changed = hex.split(qlx).join((qlx[0] === '0' ? '1' : '0') + qlx.slice(1));
    expect(keyInCode('linea-mainnet-full-paris', Uint8Array.from(Buffer.from(changed.slice(2), 'hex')))).toBe(false);
  });

  it("the real aggregation proofs verify through verifyZkProof('gnark-plonk', {key}); a changed input or the other key does not", () => {
    for (const id of Object.keys(SOURCES)) {
      const { aggregatedProof, aggregatedProofPublicInput } = proofOf(id);
      expect(verifyZkProof('gnark-plonk', { key: id }, aggregatedProof, [aggregatedProofPublicInput])).toEqual({ valid: true });
      const other = '0x' + (BigInt(aggregatedProofPublicInput) + 1n).toString(16);
      expect(verifyZkProof('gnark-plonk', { key: id }, aggregatedProof, [other]).valid).toBe(false);
      const otherKey = Object.keys(SOURCES).find((k) => k !== id)!;
      expect(verifyZkProof('gnark-plonk', { key: otherKey }, aggregatedProof, [aggregatedProofPublicInput]).valid).toBe(false);
      expect(zkVerifier('gnark-plonk', { key: id })(aggregatedProof, [aggregatedProofPublicInput])).toEqual({ valid: true });
    }
    expect(() => verifyZkProof('gnark-plonk', { key: 'linea-unknown' }, '0x00', ['0x01'])).toThrow(InputError);
    expect(() => verifyZkProof('gnark-plonk', {}, '0x00', ['0x01'])).toThrow(InputError);
  });
});
