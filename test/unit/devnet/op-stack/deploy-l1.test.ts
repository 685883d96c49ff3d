/**
 * The devnet OP chain's L1 side (src/devnet/op-stack/deploy-l1.ts) on the devnet's execution node
 * alone (blocks and their times by evm_mine): op-contracts v7.0.0 deployed and wired as the
 * release wires them, read back through Vigil's own OP follower and signer slot from storage
 * proofs: the unsafe-block signer, a permissioned game the proposer creates, its resolution and
 * finality, and the registry's anchor moving to it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFunctionData, keccak256, stringToBytes, type Abi, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proveL1Accounts } from '../../../../src/client/rollups/follower.ts';
import { ExecutionRpc } from '../../../../src/client/verified/execution-rpc.ts';
import { getVerifiedAccount } from '../../../../src/client/verified/reads.ts';
import { bigIntToHex, bytesToHex, hexToBigInt, hexToBytes } from '../../../../src/core/bytes.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { OP_ARTIFACTS } from '../../../../src/devnet/op-stack/artifacts.generated.ts';
import { opDevnetConfig } from '../../../../src/devnet/op-stack/config.ts';
import { deployOpL1, type OpL1Deployment, signedGameCreation } from '../../../../src/devnet/op-stack/deploy-l1.ts';
import { depositHash, depositsFromLogs } from '../../../../src/devnet/op-stack/deposits.ts';
import { DEVNET_OP_EIP1559, jovianExtraData, sealL2Header } from '../../../../src/devnet/op-stack/l2-header.ts';
import { OpProposer } from '../../../../src/devnet/op-stack/proposer.ts';
import { opRolesAlloc, opRoleKey } from '../../../../src/devnet/op-stack/roles.ts';
import { gossipMessage, signL2Block } from '../../../../src/devnet/op-stack/sequencer.ts';
import { type ExecutionNode, startExecutionNode } from '../../../../src/devnet/execution/node/start.ts';
import { waitForReceipt } from '../../../../src/devnet/execution/dev-tx.ts';
import type { L1AccountRequest, ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { opStackAdapter } from '../../../../src/l2/op-stack/adapter.ts';
import { depositL2TransactionHash, TRANSACTION_DEPOSITED } from '../../../../src/l2/op-stack/bridge.ts';
import { type OpStackConfig, parseOpStackConfig } from '../../../../src/l2/op-stack/config.ts';
import { GAME_STATUS, opStackGames, outputRoot } from '../../../../src/l2/op-stack/follow.ts';
import { outputRootConflict, verifyEquivocation } from '../../../../src/l2/op-stack/gossip/equivocation.ts';
import { provenUnsafeBlockSigner, unsafeBlockSignerRequest } from '../../../../src/l2/op-stack/gossip/signer-slot.ts';
import { defaultExecutionHeader } from '../../../../src/l1/containers.ts';
import type { VerifiedHead } from '../../../../src/l1/heads.ts';
import { jsonRpcCall } from '../../../../src/rpc/http.ts';

const L1_CHAIN_ID = 31337;
const L2_CHAIN_ID = 901;
/** What the L2's genesis output root will be once the devnet runs the L2; any non-zero word here. */
const GENESIS_ROOT = keccak256(stringToBytes('devnet OP genesis output root')) as Hex;
const IMPLEMENTATION_SLOT = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';
const ADMIN_SLOT = '0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103';

const dir = mkdtempSync(join(tmpdir(), 'vigil-op-l1-'));
let el: ExecutionNode;
let op: OpL1Deployment;
let config: OpStackConfig;

const call = (method: string, params: unknown[] = []) => jsonRpcCall(el.url, method, params, { timeoutMs: 30_000, maxBytes: 1 << 24 });
const mine = () => call('evm_mine');
/** Mines a block at a time until `work` settles: the node builds blocks only when asked. */
async function whileMining<T>(work: Promise<T>): Promise<T> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  while (!settled) await mine();
  return done;
}
/** A block `seconds` after the newest (mining while the deployment waited ran the chain's time ahead of the clock). */
const mineAfter = async (seconds: number) => call('evm_mine', [Number(hexToBigInt(((await call('eth_getBlockByNumber', ['latest', false])) as { timestamp: string }).timestamp)) + seconds]);
const word = async (address: string, slot: string) => hexToBigInt((await call('eth_getStorageAt', [address, slot, 'latest'])) as string);
const ethCall = async (to: string, abi: readonly unknown[], name: string, args: readonly unknown[] = []) =>
  (await call('eth_call', [{ to, data: encodeFunctionData({ abi: abi as Abi, functionName: name, args } as Parameters<typeof encodeFunctionData>[0]) }, 'latest'])) as Hex;

/** The newest block as the light client would hand it over (trusted here: the node is honest). */
async function head(): Promise<VerifiedHead> {
  const b = (await call('eth_getBlockByNumber', ['latest', false])) as Record<string, string>;
  return {
    slot: hexToBigInt(b.number!) + 1000n,
    root: new Uint8Array(32).fill(0xbe),
    nextParentBeaconRoot: new Uint8Array(32).fill(0xbe),
    execution: { ...defaultExecutionHeader(), blockNumber: hexToBigInt(b.number!), blockHash: hexToBytes(b.hash!), stateRoot: hexToBytes(b.stateRoot!), receiptsRoot: hexToBytes(b.receiptsRoot!), timestamp: hexToBigInt(b.timestamp!) },
  };
}

/** `requests` proven at the newest block by Vigil's one L1 prover (the follower's and exit plans'). */
async function proveAtHead(next: (proven: ProvenL1Storage | undefined) => L1AccountRequest[], rounds: number): Promise<ProvenL1Storage> {
  const h = await head();
  const rpc = new ExecutionRpc({ endpoints: [el.url] });
  const ref = { blockNumber: h.execution.blockNumber, blockHash: bytesToHex(h.execution.blockHash), stateRoot: bytesToHex(h.execution.stateRoot), timestamp: h.execution.timestamp };
  const proven: ProvenL1Storage = { ...ref, accounts: new Map() };
  const deps = {
    readStorage: async (_: unknown, address: string, keys: string[]) => {
      const { account, storage } = await getVerifiedAccount({ rpc, head: h, address, storageKeys: keys });
      return { codeHash: bytesToHex(account.codeHash), storage: new Map(storage.map((s) => [bytesToHex(s.slot), s.value])), nonce: account.nonce };
    },
    readCode: async (_: unknown, address: string) => hexToBytes((await call('eth_getCode', [address, bigIntToHex(ref.blockNumber)])) as string),
  };
  for (let round = 0; round < rounds; round++) await proveL1Accounts(deps, ref, next(round === 0 ? undefined : proven), proven);
  return proven;
}
/** What Vigil's OP follower proves at the newest block, round by round, as RollupFollower does. */
const followed = () => proveAtHead((proven) => opStackAdapter.l1Slots(config, proven), 8);

beforeAll(async () => {
  await cryptoReady();
  el = await startExecutionNode({ dir: join(dir, 'el'), chainId: L1_CHAIN_ID, fork: 'prague', alloc: opRolesAlloc(10n ** 24n) });
  op = await whileMining(deployOpL1({ rpc: el.url, l1ChainId: L1_CHAIN_ID, l2ChainId: L2_CHAIN_ID, startingAnchor: { root: GENESIS_ROOT, l2BlockNumber: 0n } }));
  config = parseOpStackConfig(opDevnetConfig(op, { l1ChainId: L1_CHAIN_ID }));
});

afterAll(async () => {
  await el?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the devnet OP chain on L1 (op-contracts v7.0.0)', () => {
  it('funds its operators at genesis, apart from the dev accounts', async () => {
    expect(el.accounts).toHaveLength(10);
    for (const { address } of opRolesAlloc(1n)) expect(el.accounts).not.toContain(address);
    expect(hexToBigInt((await call('eth_getBalance', [opRoleKey('proposer').address, 'latest'])) as string)).toBe(10n ** 24n);
  });

  it('puts each contract behind a Proxy the ProxyAdmin owns, its implementation the release\'s code', async () => {
    for (const name of ['superchainConfig', 'systemConfig', 'optimismPortal', 'disputeGameFactory', 'anchorStateRegistry', 'delayedWETH'] as const) {
      expect(await word(op[name], ADMIN_SLOT), name).toBe(hexToBigInt(op.proxyAdmin));
      expect(await word(op[name], IMPLEMENTATION_SLOT), name).toBe(hexToBigInt(op.implementations[name]));
    }
    // The factory clones the release's permissioned game (its code differs from the artifact's only by the immutables set at construction).
    expect(await ethCall(op.disputeGameFactory, OP_ARTIFACTS.DisputeGameFactory.abi, 'gameImpls', [1])).toBe(`0x${op.implementations.permissionedDisputeGame.slice(2).padStart(64, '0')}`);
    const code = (await call('eth_getCode', [op.implementations.permissionedDisputeGame, 'latest'])) as string;
    expect(code.length).toBe(OP_ARTIFACTS.PermissionedDisputeGame.deployedBytecode.length);
    expect(hexToBigInt(await ethCall(op.implementations.permissionedDisputeGame, OP_ARTIFACTS.PermissionedDisputeGame.abi, 'maxClockDuration'))).toBe(BigInt(op.timing.maxClockDuration));
    expect(await ethCall(op.proxyAdmin, OP_ARTIFACTS.ProxyAdmin.abi, 'owner')).toBe(`0x${op.roles.admin.slice(2).padStart(64, '0')}`);
  });

  it('SystemConfig names the sequencer as the unsafe-block signer: by its getter, and by Vigil from a storage proof', async () => {
    expect(await ethCall(op.systemConfig, OP_ARTIFACTS.SystemConfig.abi, 'unsafeBlockSigner')).toBe(`0x${op.roles.sequencer.slice(2).padStart(64, '0')}`);
    const proven = await proveAtHead(() => [unsafeBlockSignerRequest(op.systemConfig)], 1);
    expect(provenUnsafeBlockSigner(proven, op.systemConfig)).toBe(op.roles.sequencer);
    expect(hexToBigInt(await ethCall(op.systemConfig, OP_ARTIFACTS.SystemConfig.abi, 'l2ChainId'))).toBe(BigInt(L2_CHAIN_ID));
  });

  it('a deposit through the portal: its TransactionDeposited log makes the same L2 transaction for the devnet as for Vigil, and the portal keeps the ether', async () => {
    const [from, to] = [el.accounts[1]!, el.accounts[2]!];
    const data = encodeFunctionData({ abi: OP_ARTIFACTS.OptimismPortal2.abi as Abi, functionName: 'depositTransaction', args: [to, 10n ** 18n, 100_000n, false, '0x'] });
    const hash = (await call('eth_sendTransaction', [{ from, to: op.optimismPortal, data, value: bigIntToHex(10n ** 18n), gas: '0x7a120' }])) as string;
    await mine();
    const receipt = (await call('eth_getTransactionReceipt', [hash])) as { status: string; blockHash: Hex; logs: { address: Hex; topics: Hex[]; data: Hex; logIndex: string }[] };
    expect(receipt.status).toBe('0x1');
    const logs = receipt.logs.map((l) => ({ ...l, logIndex: Number(l.logIndex) }));
    const [deposit, ...none] = depositsFromLogs(logs, op.optimismPortal, receipt.blockHash);
    expect(none).toEqual([]);
    expect(deposit).toMatchObject({ from, to, mint: 10n ** 18n, value: 10n ** 18n, gas: 100_000n, isSystemTx: false, data: '0x' });
    const log = logs.find((l) => l.topics[0] === TRANSACTION_DEPOSITED)!;
    expect(depositHash(deposit!)).toBe(depositL2TransactionHash(log, receipt.blockHash, BigInt(log.logIndex)));
    expect(hexToBigInt((await call('eth_getBalance', [op.optimismPortal, 'latest'])) as string)).toBe(10n ** 18n);
  });

  it('a game the proposer creates is followed by Vigil as a claim, then, resolved and past the finality delay, as the finalized root the registry anchors', async () => {
    const before = await followed();
    // Only the starting anchor root, no game: nothing Vigil could accept yet.
    expect(() => opStackGames(config, before)).toThrow(expect.objectContaining({ code: 'OP_NO_VALID_GAME' }));

    const rootClaim = keccak256(stringToBytes('devnet OP output root at block 8')) as Hex;
    const nonce = hexToBigInt((await call('eth_getTransactionCount', [op.roles.proposer, 'pending'])) as string);
    const created = (await call('eth_sendRawTransaction', [(await signedGameCreation({ l1ChainId: L1_CHAIN_ID, nonce, factory: op.disputeGameFactory, rootClaim, l2BlockNumber: 8n })).raw])) as string;
    await mine();
    expect((await waitForReceipt(el.url, created, 10_000)).status).toBe(1);

    const claimed = opStackGames(config, await followed()).newest!;
    expect(claimed).toMatchObject({ index: 0n, gameType: 1, l2BlockNumber: 8n, status: GAME_STATUS.IN_PROGRESS, verdict: 'claimed' });
    expect(bytesToHex(claimed.rootClaim)).toBe(rootClaim);
    expect(bytesToHex(claimed.outputRoot)).toBe(rootClaim);

    // Unanswered past its clock: anyone resolves it; the defender (the proposer) wins.
    const G = OP_ARTIFACTS.PermissionedDisputeGame.abi as Abi;
    await mineAfter(op.timing.maxClockDuration + 1);
    const send = async (to: string, data: Hex) => {
      const hash = (await call('eth_sendTransaction', [{ from: el.accounts[0], to, data, gas: '0x1e8480' }])) as string;
      await mine();
      expect((await waitForReceipt(el.url, hash, 10_000)).status, data.slice(0, 10)).toBe(1);
    };
    await send(claimed.proxy, encodeFunctionData({ abi: G, functionName: 'resolveClaim', args: [0n, 0n] }));
    await send(claimed.proxy, encodeFunctionData({ abi: G, functionName: 'resolve' }));
    const resolved = opStackGames(config, await followed()).newest!;
    expect(resolved.status).toBe(GAME_STATUS.DEFENDER_WINS);

    await mineAfter(op.timing.disputeGameFinalityDelaySeconds + 1);
    await send(op.anchorStateRegistry, encodeFunctionData({ abi: OP_ARTIFACTS.AnchorStateRegistry.abi as Abi, functionName: 'setAnchorState', args: [claimed.proxy] }));
    const { newest, anchor, chosen } = opStackGames(config, await followed());
    expect(newest!.verdict).toBe('finalized');
    expect(anchor!.proxy).toBe(claimed.proxy);
    expect(chosen).toMatchObject({ proxy: claimed.proxy, verdict: 'finalized', l2BlockNumber: 8n });
  });
});

describe('the devnet OP chain\'s proposer', () => {
  /** The newest block's time, plus one: what a transaction sent now lands after. */
  const now = async () => hexToBigInt(((await call('eth_getBlockByNumber', ['latest', false])) as { timestamp: string }).timestamp) + 1n;

  it('posts roots as games, resolves them when their clocks run out, and anchors the newest final one, which Vigil follows', async () => {
    const proposer = new OpProposer(el.url, L1_CHAIN_ID, op);
    const roots = [16n, 24n].map((n) => [n, keccak256(stringToBytes(`devnet OP output root at block ${n}`)) as Hex] as const);
    for (const [n, root] of roots) expect(await whileMining(proposer.propose(n, root))).toMatchObject({ l2BlockNumber: n, rootClaim: root, resolvedAt: null });
    // Nothing is due before the clock runs out.
    expect(await whileMining(proposer.settle(await now()))).toEqual({ resolved: [], anchored: null });
    await mineAfter(op.timing.maxClockDuration + 1);
    expect((await whileMining(proposer.settle(await now()))).resolved.map((g) => g.l2BlockNumber)).toEqual([16n, 24n]);
    await mineAfter(op.timing.disputeGameFinalityDelaySeconds + 1);
    expect((await whileMining(proposer.settle(await now()))).anchored?.l2BlockNumber).toBe(24n);
    const { chosen, anchor } = opStackGames(config, await followed());
    expect(anchor!.l2BlockNumber).toBe(24n);
    expect(chosen).toMatchObject({ l2BlockNumber: 24n, verdict: 'finalized' });
    expect(bytesToHex(chosen.outputRoot)).toBe(roots[1]![1]);
  });

  it('its fault `wrong-root` posts a root the chain does not have: the sequencer\'s signed block at that height is Vigil\'s evidence against it', async () => {
    const proposer = new OpProposer(el.url, L1_CHAIN_ID, op);
    const header = {
      parentHash: keccak256(stringToBytes('parent')) as Hex,
      feeRecipient: '0x4200000000000000000000000000000000000011' as Hex,
      stateRoot: keccak256(stringToBytes('state at 32')) as Hex,
      transactionsRoot: '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421' as Hex,
      receiptsRoot: '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421' as Hex,
      logsBloom: `0x${'00'.repeat(256)}` as Hex,
      prevRandao: keccak256(stringToBytes('randao')) as Hex,
      number: 32n,
      gasLimit: 30_000_000n,
      gasUsed: 0n,
      timestamp: 1_760_000_064n,
      extraData: jovianExtraData(DEVNET_OP_EIP1559),
      baseFee: 1_000_000_000n,
      messagePasserStorageRoot: keccak256(stringToBytes('passer')) as Hex,
      blobGasUsed: 0n,
      parentBeaconBlockRoot: keccak256(stringToBytes('beacon')) as Hex,
    };
    const block = { header, hash: sealL2Header(header).hash, transactions: [] };
    const signed = await signL2Block(BigInt(L2_CHAIN_ID), opRoleKey('sequencer').privateKey, block);
    const message = { version: 4 as const, wire: hexToBytes(gossipMessage(signed)) };
    const trueRoot = bytesToHex(outputRoot(hexToBytes(header.stateRoot), hexToBytes(header.messagePasserStorageRoot), hexToBytes(block.hash))) as Hex;

    proposer.setFault('wrong-root');
    const game = await whileMining(proposer.propose(32n, trueRoot));
    expect(game.rootClaim).not.toBe(trueRoot);
    const onL1 = opStackGames(config, await followed()).newest!;
    expect(onL1.l2BlockNumber).toBe(32n);
    const evidence = outputRootConflict(BigInt(L2_CHAIN_ID), op.roles.sequencer, message, { blockNumber: 32n, outputRoot: onL1.outputRoot, source: `root claim of game ${onL1.proxy}` });
    expect(verifyEquivocation(evidence)).toMatchObject({ kind: 'output-root', number: 32n, outputRoot: trueRoot, l1: { outputRoot: game.rootClaim } });
    // The honest root is no evidence.
    expect(() => outputRootConflict(BigInt(L2_CHAIN_ID), op.roles.sequencer, message, { blockNumber: 32n, outputRoot: hexToBytes(trueRoot), source: 'honest' })).toThrow(expect.objectContaining({ code: 'OP_EQUIVOCATION_NOT_PROVEN' }));
  });
});

