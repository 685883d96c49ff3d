import { readFileSync } from 'node:fs';
import { encodePacked, keccak256 } from 'viem';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { parseRollupConfig, ROLLUP_SLOTS, verificationKeyHash } from '../../../../src/l2/vigil-zk/config.ts';

/** A Groth16 key for the rollup's 53 public inputs: a real key's points (gnark-cubic), IC extended with valid G1 points. */
function vkey5(): any {
  const vk = JSON.parse(readFileSync(new URL('../../../fixtures/groth16/gnark-cubic/verification_key_bn254.json', import.meta.url), 'utf8'));
  return { ...vk, curve: 'bn128', nPublic: 53, IC: Array.from({ length: 54 }, (_, i) => [vk.IC[0], vk.IC[1], vk.vk_alpha_1][i % 3]) };
}

function config(): any {
  const verificationKey = vkey5();
  return {
    kind: 'vigil-zk-v1',
    name: 'Vigil devnet rollup',
    chainId: 1_337_001,
    l1ChainId: 31337,
    contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    slots: Object.fromEntries(Object.entries(ROLLUP_SLOTS).map(([k, v]) => [k, Number(v)])),
    verifier: { address: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512', codeHash: '0x' + 'ab'.repeat(32) },
    verificationKey,
    verificationKeyHash: verificationKeyHash(verificationKey),
    depth: 6,
    batchSize: 2,
    l2Rpc: 'http://127.0.0.1:8547',
    liveness: { delayedAfterSeconds: 60, stalledAfterSeconds: 300 },
  };
}

describe('the rollup config', () => {
  it('reads a good one (addresses lower-cased)', () => {
    const c = parseRollupConfig(config());
    expect(c.contract).toBe('0x5fbdb2315678afecb367f032d93f642f64180aa3');
    expect(c.slots.queue).toBe(5n);
    expect(c.verifier.address).toBe('0xe7f1725e7734ce288f8367e1bb143e90bb3f0512');
    expect(c.liveness).toEqual({ delayedAfterSeconds: 60, stalledAfterSeconds: 300 });
    const { l2Rpc: _, ...noRpc } = config();
    expect(parseRollupConfig(noRpc).l2Rpc).toBeUndefined();
  });

  it('verificationKeyHash: keccak256 of the key’s words, G2 as (c1, c0), independent of JSON formatting', () => {
    const vk = vkey5();
    const w = (x: string): bigint => BigInt(x);
    const g2 = (p: string[][]): bigint[] => [w(p[0]![1]!), w(p[0]![0]!), w(p[1]![1]!), w(p[1]![0]!)];
    const words = [
      w(vk.vk_alpha_1[0]), w(vk.vk_alpha_1[1]),
      ...g2(vk.vk_beta_2), ...g2(vk.vk_gamma_2), ...g2(vk.vk_delta_2),
      ...vk.IC.flatMap((p: string[]) => [w(p[0]!), w(p[1]!)]),
    ];
    expect(verificationKeyHash(vk)).toBe(keccak256(encodePacked(words.map(() => 'uint256'), words)));
    const reordered = JSON.parse(JSON.stringify({ IC: vk.IC, vk_delta_2: vk.vk_delta_2, ...vk }));
    expect(verificationKeyHash(reordered)).toBe(verificationKeyHash(vk));
    expect(verificationKeyHash({ ...vk, IC: vk.IC.slice(0, 5) })).not.toBe(verificationKeyHash(vk));
  });

  const bad: [string, (c: any) => void, RegExp][] = [
    ['kind', (c) => (c.kind = 'op-stack'), /"kind" expected "vigil-zk-v1"/],
    ['name', (c) => delete c.name, /missing field "name"/],
    ['chainId', (c) => (c.chainId = '1'), /"chainId" expected an integer/],
    ['contract', (c) => (c.contract = '0x1234'), /"contract" expected 20 bytes/],
    ['slots', (c) => (c.slots.queue = 6), /"slots.queue" expected 5 \(circuits\/SPEC.md\), got 6/],
    ['slots (missing)', (c) => delete c.slots.escaped, /missing field "slots.escaped"/],
    ['slots (extra)', (c) => (c.slots.owner = 13), /"slots.owner" is not a slot/],
    ['verifier', (c) => (c.verifier.codeHash = '0x12'), /"verifier.codeHash" expected 32 bytes/],
    ['verificationKey (not a key)', (c) => (c.verificationKey = { protocol: 'groth16' }), /"verificationKey" is not a valid Groth16 key/],
    ['verificationKey (off curve)', (c) => (c.verificationKey.vk_alpha_1 = ['1', '3', '1']), /"verificationKey" is not a valid Groth16 key/],
    ['verificationKey (nPublic)', (c) => ((c.verificationKey.nPublic = 1), (c.verificationKey.IC = c.verificationKey.IC.slice(0, 2))), /"verificationKey.nPublic" expected 53, got 1/],
    ['verificationKeyHash', (c) => (c.verificationKeyHash = '0x' + '00'.repeat(32)), /"verificationKeyHash" does not match the verification key/],
    ['depth', (c) => (c.depth = 5), /"depth" expected 6/],
    ['batchSize', (c) => (c.batchSize = 4), /"batchSize" expected 2/],
    ['l2Rpc', (c) => (c.l2Rpc = 'ftp://x'), /"l2Rpc" expected an http\(s\) URL/],
    ['liveness', (c) => (c.liveness.stalledAfterSeconds = 10), /"liveness.stalledAfterSeconds" expected ≥ delayedAfterSeconds/],
    ['liveness (missing)', (c) => delete c.liveness, /missing field "liveness"/],
  ];
  it.each(bad)('refuses a wrong %s with an InputError naming it', (_, spoil, message) => {
    const c = config();
    spoil(c);
    expect(() => parseRollupConfig(c)).toThrowError(InputError);
    expect(() => parseRollupConfig(c)).toThrow(message);
  });

  it('refuses what is not an object', () => {
    expect(() => parseRollupConfig([])).toThrowError(InputError);
    expect(() => parseRollupConfig(null)).toThrowError(InputError);
  });
});
