/**
 * P256VERIFY (src/crypto/p256.ts through src/execution/precompiles.ts), the precompile every OP
 * Stack chain runs from Fjord and L1 from Osaka: one valid signature's check, against
 * @ethereumjs/evm's own EIP-7951 precompile (the anchor: what Vigil's EVM ran before) and
 * @noble/curves' p256.verify of the same signature.
 * @module
 */
import { Common, Mainnet } from '@ethereumjs/common';
import { getActivePrecompiles, type PrecompileInput } from '@ethereumjs/evm';
import { p256 } from '@noble/curves/nist.js';
import { bigIntToBytesPadded, concatBytes } from '../src/core/bytes.ts';
import { P256VERIFY_ADDRESS, P256VERIFY_GAS_OSAKA, p256VerifyPrecompile } from '../src/execution/precompiles/block.ts';
import type { BenchGroup } from './run.ts';

const secret = new Uint8Array(32).fill(7);
const hash = new Uint8Array(32).fill(0x42);
const signature = p256.sign(hash, secret, { prehash: false });
const sig = p256.Signature.fromBytes(signature);
const publicKey = p256.getPublicKey(secret, false);
const q = p256.Point.fromBytes(publicKey).toAffine();
const be = (x: bigint) => bigIntToBytesPadded(x, 32);
const data = concatBytes(hash, be(sig.r), be(sig.s), be(q.x), be(q.y));

const common = new Common({ chain: Mainnet, hardfork: 'osaka' });
const input = { data, gasLimit: 100_000n, common, _EVM: {} } as unknown as PrecompileInput;
const theirs = getActivePrecompiles(common).get(P256VERIFY_ADDRESS)!;
const ours = p256VerifyPrecompile(P256VERIFY_GAS_OSAKA);

export default [
  {
    name: 'P256VERIFY: one valid signature',
    anchor: { name: '@ethereumjs/evm 0x100 (EIP-7951)', fn: () => theirs(input) },
    cases: [
      { name: 'vigil P256VERIFY (src/crypto/p256.ts)', fn: () => ours(input) },
      { name: '@noble/curves p256.verify of the same signature', fn: () => p256.verify(signature, hash, publicKey, { prehash: false, lowS: false }) },
    ],
  },
] satisfies BenchGroup[];
