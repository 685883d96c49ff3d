/**
 * BLS12-381 points as they arrive (src/crypto/bls.ts, on the WASM kernel by default): the
 * sync committee's 48-byte compressed public keys and the 96-byte compressed signatures of the
 * real mainnet light-client chain, and the valid inputs of the BLS deserialization vectors,
 * mutated (bit flips in the three flag bits included), decoded as a G1 point, as a public key
 * (KeyValidate) and as a signature (G2), against @noble/curves.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { readdirSync, readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { g1PointFromBytes, publicKeyFromBytes, signatureFromBytes } from '../../../src/crypto/bls.ts';
import { mainnetJson } from '../../unit/l1/helpers.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { attempt, verdictOf } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

/** @noble/curves' reading: the canonical compressed encoding of a valid point of the group, or a refusal. */
function nobleRead(group: 'G1' | 'G2', bytes: Uint8Array): { ok: true; encoded: string; infinity: boolean } | { ok: false } {
  try {
    const point = bls12_381[group].Point.fromHex(bytesToHex(bytes).slice(2));
    point.assertValidity();
    return { ok: true, encoded: bytesToHex(point.toBytes(true)), infinity: point.is0() };
  } catch {
    return { ok: false };
  }
}

/** The flag bits of a compressed point: compression (0x80), infinity (0x40), sign of y (0x20). */
function flagEdit(rng: Rng, bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out[0] = (out[0]! & 0x1f) | (rng.pick([0, 1, 2, 3, 4, 5, 6, 7]) << 5);
  if (rng.chance(0.3)) out.fill(0, 1);
  return out;
}

interface BlsSeeds {
  g1: Uint8Array[];
  g2: Uint8Array[];
}

const BLS_STRICTER: Record<string, string> = {
  BLS_INVALID_PUBKEY: 'The point at infinity as a public key: a valid G1 point (noble reads it), refused by KeyValidate (the BLS signature draft, §2.5), since with it any signature of nothing verifies.',
};

export const blsPointsTarget = defineTarget({
  name: 'bls-points',
  subject: 'g1PointFromBytes, publicKeyFromBytes (KeyValidate) and signatureFromBytes (signature_to_point): BLS12-381 compressed points',
  reference: '@noble/curves bls12_381 fromHex + assertValidity (flags, x < p, on the curve, in the subgroup): same acceptance, same canonical encoding',
  seeds: 'the mainnet bootstrap\'s 512 sync-committee keys and its aggregate, the signatures of the mainnet updates, the valid inputs of ethereum/bls12-381-tests deserialization_G1/G2',
  stricter: BLS_STRICTER,
  async load() {
    const committee = mainnetJson('bootstrap.json').data.current_sync_committee;
    const g1 = [...(committee.pubkeys as string[]), committee.aggregate_pubkey as string].map((h) => hexToBytes(h));
    const g2 = [...(mainnetJson('updates.json') as any[]).map((u) => u.data.sync_aggregate.sync_committee_signature as string), mainnetJson('finality.json').data.sync_aggregate.sync_committee_signature].map((h: string) => hexToBytes(h));
    for (const [dir, into] of [['deserialization_G1', g1], ['deserialization_G2', g2]] as const) {
      const folder = new URL(`../../fixtures/bls12-381-tests/${dir}/`, import.meta.url);
      for (const file of readdirSync(folder)) {
        const t = JSON.parse(readFileSync(new URL(file, folder), 'utf8'));
        const input = (t.input.pubkey ?? t.input.signature) as string;
        if (t.output === true) into.push(hexToBytes('0x' + input.replace(/^0x/, '')));
      }
    }
    return { g1, g2 };
  },
  run(seeds: BlsSeeds, rng): Outcome {
    const group = rng.chance(0.6) ? 'G1' : 'G2';
    const list = group === 'G1' ? seeds.g1 : seeds.g2;
    const seed = rng.pick(list);
    const flags = rng.chance(0.25);
    const bytes = flags ? flagEdit(rng, seed) : mutateBytes(rng, seed, { donors: list }).value;
    const op = flags ? 'flags' : 'bytes';
    const asKey = group === 'G1' && rng.chance(0.5);
    const ours = attempt(() => (group === 'G2' ? signatureFromBytes(bytes) : asKey ? publicKeyFromBytes(bytes) : g1PointFromBytes(bytes)));
    const out: Outcome = { op: `${group}${asKey ? '-key' : ''}:${op}`, ...verdictOf(ours), input: bytesToHex(bytes) };
    if (out.wrong) return out;
    // A wrong length is refused before any decoding, as noble refuses it.
    const theirs = nobleRead(group, bytes);
    if (ours.ok) {
      if (!theirs.ok) return { ...out, wrong: `Vigil decoded a ${group} point @noble/curves refuses` };
      if (bytesToHex(ours.value.toBytes()) !== theirs.encoded) return { ...out, wrong: 'Vigil decoded another point than @noble/curves' };
      return out;
    }
    return theirs.ok ? { ...out, stricter: out.verdict } : out;
  },
});
