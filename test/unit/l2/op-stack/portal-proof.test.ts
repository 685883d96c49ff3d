/**
 * The portal's proof form from its proven implementation, and the prove calldata in that form
 * (src/l2/op-stack/portal-proof.ts): the 6-argument super-root call checked against viem's ABI
 * encoder, every check the portal makes made before signing, and every one-byte change of the
 * super-root proof (preimage, output root proof, withdrawal proof, claim) refused.
 */
import { describe, expect, it } from 'vitest';
import { Trie } from '@ethereumjs/trie';
import { decodeFunctionData, encodeFunctionData, parseAbi } from 'viem';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { encodeRlp } from '../../../../src/core/rlp.ts';
import { functionSelector } from '../../../../src/execution/abi.ts';
import type { ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { encodeProveWithdrawal, exitWithdrawal, type OutputRootProof, sentMessagesKey, withdrawalHash } from '../../../../src/l2/op-stack/bridge.ts';
import { type OpStackConfig, parseOpStackConfig } from '../../../../src/l2/op-stack/config.ts';
import { outputRoot } from '../../../../src/l2/op-stack/follow.ts';
import { OP_MAINNET, OP_SEPOLIA } from '../../../../src/l2/op-stack/networks.ts';
import { chainOutputRoot, encodeProveWithdrawalSuperRoot, portalMode, PROVE_WITHDRAWAL_SUPER_ROOT, type PortalMode, proveCall, type ProveGame } from '../../../../src/l2/op-stack/portal-proof.ts';
import { decodeSuperRoot, encodeSuperRoot, type SuperRoot, superRootHash } from '../../../../src/l2/op-stack/super-root.ts';
import { EIP1967_IMPLEMENTATION_SLOT, storageKey } from '../../../../src/l2/slots.ts';
import { errorCode } from '../../proofs/helpers.ts';
import { flip } from './words.ts';

const sepolia = parseOpStackConfig(OP_SEPOLIA);
const CHAIN = BigInt(sepolia.chainId);
const OWNER = '0x' + 'ab'.repeat(20);
const TX = exitWithdrawal(OWNER, 10n ** 18n, (1n << 240n) | 7n);
const HASH = withdrawalHash(TX);
/** A constructed interop-style portal implementation (not a real address): super-root proofs while its flag is set. */
const INTEROP_IMPL = '0x' + '17'.repeat(20);
const withInterop: OpStackConfig = parseOpStackConfig({
  ...OP_SEPOLIA,
  optimismPortal: { ...OP_SEPOLIA.optimismPortal, implementations: [...OP_SEPOLIA.optimismPortal.implementations, { address: INTEROP_IMPL, proofForm: 'super-root', superRootsActive: { slot: 63, offset: 20 } }] },
});

const PORTAL_ABI = parseAbi([
  'struct WithdrawalTransaction { uint256 nonce; address sender; address target; uint256 value; uint256 gasLimit; bytes data; }',
  'struct OutputRootProof { bytes32 version; bytes32 stateRoot; bytes32 messagePasserStorageRoot; bytes32 latestBlockhash; }',
  'struct OutputRootWithChainId { uint256 chainId; bytes32 root; }',
  'struct SuperRootProof { bytes1 version; uint64 timestamp; OutputRootWithChainId[] outputRoots; }',
  'function proveWithdrawalTransaction(WithdrawalTransaction _tx, address _disputeGameProxy, uint256 _outputRootIndex, SuperRootProof _superRootProof, OutputRootProof _outputRootProof, bytes[] _withdrawalProof)',
  'function proveWithdrawalTransaction(WithdrawalTransaction _tx, uint256 _disputeGameIndex, OutputRootProof _outputRootProof, bytes[] _withdrawalProof)',
]);

/** The message passer at one L2 block holding the withdrawal, its output root proof and the withdrawal's storage proof. */
async function l2State(sent = [HASH]) {
  const trie = await Trie.create({ useKeyHashing: true });
  for (const h of sent) await trie.put(hexToBytes(sentMessagesKey(h), 32), encodeRlp(1n));
  const proof: OutputRootProof = { version: '0x' + '00'.repeat(32), stateRoot: '0x' + '5a'.repeat(32), messagePasserStorageRoot: bytesToHex(trie.root()), latestBlockhash: '0x' + '6b'.repeat(32) };
  const withdrawalProof = (await trie.createProof(hexToBytes(sentMessagesKey(HASH), 32))).map(bytesToHex);
  const root = outputRoot(hexToBytes(proof.stateRoot), trie.root(), hexToBytes(proof.latestBlockhash));
  return { proof, withdrawalProof, root };
}

/** A super root of three chains (ours in the middle) at an L2 time, and its game of type 9. */
function superGame(ours: Uint8Array, o: { entries?: SuperRoot['entries']; gameType?: number } = {}): ProveGame {
  const superRoot: SuperRoot = { timestamp: 1_790_000_000n, entries: o.entries ?? [{ chainId: 10n, outputRoot: new Uint8Array(32).fill(1) }, { chainId: CHAIN, outputRoot: ours }, { chainId: 11155421n, outputRoot: new Uint8Array(32).fill(2) }] };
  return { proxy: '0x' + '63'.repeat(20), index: 41n, gameType: o.gameType ?? 9, rootClaim: superRootHash(encodeSuperRoot(superRoot)), superRoot };
}

const OUTPUT_MODE: PortalMode = { form: 'output-root', implementation: '0xe89f13c5ee4033b2d3cd76c9d6958efbfe26d3c2', superGameTypes: [4, 5, 7, 9] };
const SUPER_MODE: PortalMode = { form: 'super-root', implementation: INTEROP_IMPL };

function proven(config: OpStackConfig, slots: Record<string, bigint>): ProvenL1Storage {
  const storage = new Map(Object.entries(slots));
  return { blockNumber: 1n, blockHash: '0x' + '00'.repeat(32), timestamp: 1n, accounts: new Map([[config.optimismPortal.address.toLowerCase(), { codeHash: '0x' + '00'.repeat(32), storage }]]) };
}

describe('op-stack portal proof form: read from the proven portal implementation', () => {
  const IMPL = storageKey({ storageKey: EIP1967_IMPLEMENTATION_SLOT });
  const FLAG = storageKey({ slot: 63n });

  it('asks for the EIP-1967 slot (and every pinned flag) first, then names the form of the implementation running', () => {
    const first = portalMode(withInterop, proven(withInterop, {}));
    expect(first.mode).toBeUndefined();
    expect(first.todo).toEqual([{ address: withInterop.optimismPortal.address, slots: [{ storageKey: EIP1967_IMPLEMENTATION_SLOT }, { slot: 63n }] }]);
    for (const impl of OP_SEPOLIA.optimismPortal.implementations) {
      expect(portalMode(sepolia, proven(sepolia, { [IMPL]: BigInt(impl.address) })).mode).toEqual({ form: 'output-root', implementation: impl.address, superGameTypes: [4, 5, 7, 9] });
    }
  });

  it('an interop portal: super-root proofs while superRootsActive (slot 63, offset 20) is set, output-root proofs of the claim alone while it is not', () => {
    const ethLockbox = BigInt('0x' + 'c3'.repeat(20));
    expect(portalMode(withInterop, proven(withInterop, { [IMPL]: BigInt(INTEROP_IMPL), [FLAG]: ethLockbox | (1n << 160n) })).mode).toEqual({ form: 'super-root', implementation: INTEROP_IMPL });
    expect(portalMode(withInterop, proven(withInterop, { [IMPL]: BigInt(INTEROP_IMPL), [FLAG]: ethLockbox })).mode).toEqual({ form: 'output-root', implementation: INTEROP_IMPL, superGameTypes: [] });
  });

  it('an implementation the config does not pin, or a config that pins none: L2_IMPLEMENTATION_UNKNOWN, never a guess', () => {
    expect(errorCode(() => portalMode(sepolia, proven(sepolia, { [IMPL]: BigInt('0x' + '99'.repeat(20)) })))).toBe('L2_IMPLEMENTATION_UNKNOWN');
    const bare = parseOpStackConfig({ ...OP_MAINNET, optimismPortal: { address: OP_MAINNET.optimismPortal.address } });
    expect(errorCode(() => portalMode(bare, proven(bare, {})))).toBe('L2_IMPLEMENTATION_UNKNOWN');
  });

  it('the config refuses a malformed portal pin', () => {
    const bad = (p: unknown) => () => parseOpStackConfig({ ...OP_SEPOLIA, optimismPortal: { address: OP_SEPOLIA.optimismPortal.address, implementations: [p] } });
    expect(bad({ address: INTEROP_IMPL, proofForm: 'zk' })).toThrow(/proofForm/);
    expect(bad({ address: INTEROP_IMPL, proofForm: 'super-root' })).toThrow(/superRootsActive/);
    expect(bad({ address: INTEROP_IMPL, proofForm: 'output-root', superRootsActive: { slot: 63, offset: 20 } })).toThrow(/super-root portals/);
    expect(bad({ address: INTEROP_IMPL, proofForm: 'super-root', superRootsActive: { slot: 63, offset: 20 }, superGameTypes: [9] })).toThrow(/output-root portals/);
    expect(bad({ address: INTEROP_IMPL, proofForm: 'output-root', extra: 1 })).toThrow();
  });
});

describe('op-stack prove calldata in the portal form', () => {
  it('the super-root call: selector and encoding as viem encodes the interop portal ABI', async () => {
    const { proof, withdrawalProof, root } = await l2State();
    const game = superGame(root);
    const data = encodeProveWithdrawalSuperRoot(TX, game.proxy, 1n, game.superRoot!, proof, withdrawalProof);
    const reference = encodeFunctionData({
      abi: PORTAL_ABI,
      functionName: 'proveWithdrawalTransaction',
      args: [
        { nonce: TX.nonce, sender: OWNER as `0x${string}`, target: OWNER as `0x${string}`, value: TX.value, gasLimit: TX.gasLimit, data: '0x' },
        game.proxy as `0x${string}`,
        1n,
        { version: '0x01', timestamp: game.superRoot!.timestamp, outputRoots: game.superRoot!.entries.map((e) => ({ chainId: e.chainId, root: bytesToHex(e.outputRoot) as `0x${string}` })) },
        proof as any,
        withdrawalProof as `0x${string}`[],
      ],
    });
    expect(data).toBe(reference);
    expect(data.slice(0, 10)).toBe(functionSelector(PROVE_WITHDRAWAL_SUPER_ROOT));
  });

  it('OptimismPortal2 (output-root form) against a super-root game: the 4-argument call by factory index, the proof hashing to our chain’s entry', async () => {
    const { proof, withdrawalProof, root } = await l2State();
    const game = superGame(root);
    expect(chainOutputRoot(sepolia, game)).toEqual({ outputRoot: root, entryIndex: 1 });
    const call = proveCall(sepolia, OUTPUT_MODE, TX, game, proof, HASH, withdrawalProof);
    expect(call).toMatchObject({ form: 'output-root', outputRoot: root });
    expect(call.data).toBe(encodeProveWithdrawal(TX, 41n, proof, withdrawalProof));
    const decoded = decodeFunctionData({ abi: PORTAL_ABI, data: call.data as `0x${string}` });
    expect(decoded.args[1]).toBe(41n);
  });

  it('the interop form: the game by address, our entry’s index, the whole preimage', async () => {
    const { proof, withdrawalProof, root } = await l2State();
    const game = superGame(root);
    const call = proveCall(withInterop, SUPER_MODE, TX, game, proof, HASH, withdrawalProof);
    expect(call).toMatchObject({ form: 'super-root', outputRootIndex: 1 });
    const { args } = decodeFunctionData({ abi: PORTAL_ABI, data: call.data as `0x${string}` });
    expect(args.length).toBe(6);
    expect(String(args[1]).toLowerCase()).toBe(game.proxy);
    expect(args[2]).toBe(1n);
    // Our chain alone at the first index too.
    const alone = superGame(root, { entries: [{ chainId: CHAIN, outputRoot: root }] });
    expect(proveCall(withInterop, SUPER_MODE, TX, alone, proof, HASH, withdrawalProof).outputRootIndex).toBe(0);
  });

  it('a preimage of another chain (ours missing), a super game the portal reads as a claim (ZK, type 10), an output-root game while super roots are active: refused before signing', async () => {
    const { proof, withdrawalProof, root } = await l2State();
    const others = superGame(root, { entries: [{ chainId: 10n, outputRoot: root }, { chainId: 8453n, outputRoot: root }] });
    expect(errorCode(() => proveCall(sepolia, OUTPUT_MODE, TX, others, proof, HASH, withdrawalProof))).toBe('OP_SUPER_ROOT_CHAIN_MISSING');
    expect(errorCode(() => proveCall(withInterop, SUPER_MODE, TX, others, proof, HASH, withdrawalProof))).toBe('OP_SUPER_ROOT_CHAIN_MISSING');
    expect(errorCode(() => proveCall(sepolia, OUTPUT_MODE, TX, superGame(root, { gameType: 10 }), proof, HASH, withdrawalProof))).toBe('OP_PORTAL_PROOF_FORM');
    expect(errorCode(() => proveCall(sepolia, { ...OUTPUT_MODE, superGameTypes: [] }, TX, superGame(root), proof, HASH, withdrawalProof))).toBe('OP_PORTAL_PROOF_FORM');
    const outputGame: ProveGame = { proxy: '0x' + '64'.repeat(20), index: 42n, gameType: 0, rootClaim: root };
    expect(errorCode(() => proveCall(withInterop, SUPER_MODE, TX, outputGame, proof, HASH, withdrawalProof))).toBe('OP_PORTAL_PROOF_FORM');
    expect(proveCall(sepolia, OUTPUT_MODE, TX, outputGame, proof, HASH, withdrawalProof).data).toBe(encodeProveWithdrawal(TX, 42n, proof, withdrawalProof));
    // A withdrawal the message passer does not hold.
    const empty = await l2State(['0x' + '01'.repeat(32)]);
    expect(errorCode(() => proveCall(sepolia, OUTPUT_MODE, TX, superGame(empty.root), empty.proof, HASH, empty.withdrawalProof))).toMatch(/^PROOF_/);
  });

  it('every one-byte change of the super-root proof is refused before signing: the preimage, the claim, the output root proof, each withdrawal proof node', async () => {
    const { proof, withdrawalProof, root } = await l2State();
    const game = superGame(root);
    const preimage = encodeSuperRoot(game.superRoot!);
    let refused = 0;
    const attempt = (g: ProveGame | undefined, p = proof, w = withdrawalProof) => {
      for (const mode of [OUTPUT_MODE, SUPER_MODE]) {
        const config = mode === OUTPUT_MODE ? sepolia : withInterop;
        if (g !== undefined) expect(errorCode(() => proveCall(config, mode, TX, g, p, HASH, w))).toBeDefined();
        refused++;
      }
    };
    for (let i = 0; i < preimage.length; i++) {
      const changed = hexToBytes(flip(bytesToHex(preimage), i, 0x01));
      let decoded: SuperRoot | undefined;
      try {
        decoded = decodeSuperRoot(changed, 16);
      } catch {
        decoded = undefined; // the decoder refuses it: nothing to sign
      }
      attempt(decoded === undefined ? undefined : { ...game, superRoot: decoded });
    }
    for (let i = 0; i < 32; i++) attempt({ ...game, rootClaim: hexToBytes(flip(bytesToHex(game.rootClaim), i, 0x80)) });
    for (const key of ['version', 'stateRoot', 'messagePasserStorageRoot', 'latestBlockhash'] as const) {
      for (let i = 0; i < 32; i++) attempt(game, { ...proof, [key]: flip(proof[key], i, 0x01) });
    }
    for (let n = 0; n < withdrawalProof.length; n++) {
      const node = withdrawalProof[n]!;
      for (let i = 0; i < hexToBytes(node).length; i++) attempt(game, proof, withdrawalProof.map((x, j) => (j === n ? flip(node, i, 0x01) : x)));
    }
    expect(refused).toBeGreaterThan(2 * (preimage.length + 32 + 128));
    // And unchanged, both forms pass.
    expect(proveCall(sepolia, OUTPUT_MODE, TX, game, proof, HASH, withdrawalProof).form).toBe('output-root');
    expect(proveCall(withInterop, SUPER_MODE, TX, game, proof, HASH, withdrawalProof).form).toBe('super-root');
  });
});
