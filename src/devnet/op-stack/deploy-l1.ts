/**
 * Deploys an OP Stack chain's L1 contracts on the devnet from op-contracts/v7.0.0 as released
 * (./artifacts.generated.ts; ./vendor/README.md), the way the release's own deployment wires them
 * (docs/research/op-contracts-v7.md §3): implementations, a ProxyAdmin owning one Proxy per
 * contract, each initialized through `ProxyAdmin.upgradeAndCall`, and the permissioned game
 * registered with the factory under its per-chain arguments. Short clocks and delays, so a game
 * resolves and finalizes within a test: what a chain's config would pin as immutables.
 *
 *   SuperchainConfig   guardian: the admin
 *   SystemConfig       the unsafe-block signer, batcher, fee scalars, gas limit, L2 chain id
 *   OptimismPortal2    no ETHLockbox (SystemConfig's ETH_LOCKBOX feature is off: deposits' ether stays in the portal)
 *   DisputeGameFactory PermissionedDisputeGame as game type 1 (PERMISSIONED_CANNON), no bond
 *   AnchorStateRegistry respects type 1; its starting anchor is the L2's genesis output root
 *   DelayedWETH        the games' bonds
 *   MIPS64, PreimageOracle  what a game's creation reads (`vm().oracle().challengePeriod()`);
 *                      no step of a permissioned game is played here
 *
 * Every transaction is the admin's, signed here (it is no dev account: ./roles.ts) with nonces from
 * its first, so every address is known before anything is sent; all of it goes in one batch.
 * @module
 */
import { concatHex, encodeAbiParameters, encodeDeployData, encodeFunctionData, encodePacked, getContractAddress, keccak256, numberToHex, padHex, stringToBytes, type Abi, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { hexToBigInt } from '../../core/bytes.ts';
import { jsonRpcCall } from '../../rpc/http.ts';
import { mined } from '../contracts/deploy.ts';
import { OP_ARTIFACTS as A } from './artifacts.generated.ts';
import { opRoleKeys, type OpRoleKey } from './roles.ts';

/** GameTypes.PERMISSIONED_CANNON. */
export const PERMISSIONED_GAME_TYPE = 1;

/** The devnet's clocks and delays (seconds): immutables of the implementations, short enough for a test. */
export interface OpL1Timing {
  /** A game unanswered for this long can be resolved (the permissioned game's MAX_CLOCK_DURATION). */
  maxClockDuration: number;
  /** CLOCK_EXTENSION; at most half of maxClockDuration. */
  clockExtension: number;
  /** AnchorStateRegistry: a resolved game is final this long after it resolved. */
  disputeGameFinalityDelaySeconds: number;
  /** OptimismPortal2: a proven withdrawal can be finalized this long after its proof. */
  proofMaturityDelaySeconds: number;
  /** DelayedWETH: bonds are held this long. */
  wethDelaySeconds: number;
}

export const DEVNET_OP_TIMING: OpL1Timing = { maxClockDuration: 12, clockExtension: 3, disputeGameFinalityDelaySeconds: 6, proofMaturityDelaySeconds: 12, wethDelaySeconds: 6 };

export interface OpL1Options {
  rpc: string;
  l1ChainId: number;
  l2ChainId: number;
  /** The L2's genesis: the AnchorStateRegistry's starting anchor (its output root and block number). */
  startingAnchor: { root: Hex; l2BlockNumber: bigint };
  timing?: OpL1Timing;
  /** The L2's gas limit, as SystemConfig holds it. Default 30,000,000. */
  l2GasLimit?: bigint;
  timeoutMs?: number;
}

/** What the devnet's ready object says of the OP chain's L1 side. Addresses lower case. */
export interface OpL1Deployment {
  l2ChainId: number;
  proxyAdmin: Hex;
  superchainConfig: Hex;
  systemConfig: Hex;
  optimismPortal: Hex;
  disputeGameFactory: Hex;
  anchorStateRegistry: Hex;
  delayedWETH: Hex;
  /** The proxies' implementations, and the game implementation the factory clones. */
  implementations: {
    superchainConfig: Hex;
    systemConfig: Hex;
    optimismPortal: Hex;
    disputeGameFactory: Hex;
    anchorStateRegistry: Hex;
    delayedWETH: Hex;
    permissionedDisputeGame: Hex;
    mips: Hex;
    preimageOracle: Hex;
  };
  /** SystemConfig's batch inbox: 0xff00…00 ‖ the L2 chain id, as op-deployer names it. */
  batchInbox: Hex;
  /** The permissioned game's per-chain arguments (absolute prestate, VM, registry, WETH, chain id, proposer, challenger). */
  gameArgs: Hex;
  roles: { admin: Hex; proposer: Hex; challenger: Hex; batcher: Hex; sequencer: Hex };
  timing: OpL1Timing;
  /** The block by which all of it exists. */
  deployedAt: number;
}

/** Ecotone's fee scalars OP Mainnet set (SystemConfig.setGasConfigEcotone): what L1Block reports on the L2. */
export const DEVNET_BASE_FEE_SCALAR = 1368;
export const DEVNET_BLOB_BASE_FEE_SCALAR = 810949;
/** The permissioned game's tree (the release's standard depths). */
const MAX_GAME_DEPTH = 73n;
const SPLIT_DEPTH = 30n;
/** No step is ever played here: a fixed, recognisable prestate. */
const ABSOLUTE_PRESTATE = keccak256(stringToBytes('vigil devnet OP absolute prestate'));
/** MIPS64's state version at v7.0.0 (its constructor accepts only this). */
const MIPS_STATE_VERSION = 8n;
const DEPLOY_GAS = 6_000_000n;
const CALL_GAS = 1_000_000n;
/** Well above the devnet's base fee (1 gwei at genesis): nothing of this waits on the fee. */
const MAX_FEE = 100_000_000_000n;

/**
 * Deploys and wires the contracts; resolves once all of it is mined.
 * @throws Error naming the transaction that failed.
 * @example const op = await deployOpL1({ rpc, l1ChainId: 1337, l2ChainId: 901, startingAnchor: { root, l2BlockNumber: 0n } });
 */
export async function deployOpL1(options: OpL1Options): Promise<OpL1Deployment> {
  const { rpc } = options;
  const timing = options.timing ?? DEVNET_OP_TIMING;
  const roles = opRoleKeys();
  const admin = roles.admin.address;
  const nonce = hexToBigInt(await jsonRpcCall(rpc, 'eth_getTransactionCount', [admin, 'pending'], { timeoutMs: 15_000, maxBytes: 1 << 16 }), 'nonce');
  const txs: { to?: Hex; data: Hex }[] = [];
  const deploy = (data: Hex): Hex => {
    txs.push({ data });
    return getContractAddress({ from: admin, nonce: nonce + BigInt(txs.length - 1) }).toLowerCase() as Hex;
  };
  const send = (to: Hex, abi: Abi, name: string, args: readonly unknown[]): void => {
    txs.push({ to, data: fn(abi, name, args) });
  };
  const create = (name: keyof typeof A, args: readonly unknown[] = []): Hex => deploy(encodeDeployData({ abi: A[name].abi as Abi, bytecode: A[name].bytecode, args } as Parameters<typeof encodeDeployData>[0]));

  const proxyAdmin = create('ProxyAdmin', [admin]);
  const impl = {
    superchainConfig: create('SuperchainConfig'),
    systemConfig: create('SystemConfig'),
    optimismPortal: create('OptimismPortal2', [BigInt(timing.proofMaturityDelaySeconds)]),
    disputeGameFactory: create('DisputeGameFactory'),
    anchorStateRegistry: create('AnchorStateRegistry', [BigInt(timing.disputeGameFinalityDelaySeconds)]),
    delayedWETH: create('DelayedWETH', [BigInt(timing.wethDelaySeconds)]),
    // No preimage is ever proposed: the smallest proposal size the oracle takes and no challenge period.
    preimageOracle: create('PreimageOracle', [0n, 0n]),
  };
  const mips = create('MIPS64', [impl.preimageOracle, MIPS_STATE_VERSION]);
  const permissionedDisputeGame = create('PermissionedDisputeGame', [
    { maxGameDepth: MAX_GAME_DEPTH, splitDepth: SPLIT_DEPTH, clockExtension: BigInt(timing.clockExtension), maxClockDuration: BigInt(timing.maxClockDuration) },
  ]);
  const proxy = () => create('Proxy', [proxyAdmin]);
  const superchainConfig = proxy();
  const systemConfig = proxy();
  const optimismPortal = proxy();
  const disputeGameFactory = proxy();
  const anchorStateRegistry = proxy();
  const delayedWETH = proxy();

  const PA = A.ProxyAdmin.abi as Abi;
  const init = (p: Hex, implementation: Hex, name: keyof typeof A, args: readonly unknown[]) => send(proxyAdmin, PA, 'upgradeAndCall', [p, implementation, fn(A[name].abi as Abi, 'initialize', args)]);
  const batchInbox = concatHex(['0xff', numberToHex(options.l2ChainId, { size: 19 })]);
  const l2GasLimit = options.l2GasLimit ?? 30_000_000n;
  init(superchainConfig, impl.superchainConfig, 'SuperchainConfig', [admin]);
  init(systemConfig, impl.systemConfig, 'SystemConfig', [
    admin,
    DEVNET_BASE_FEE_SCALAR,
    DEVNET_BLOB_BASE_FEE_SCALAR,
    padHex(roles.batcher.address, { size: 32 }),
    l2GasLimit,
    roles.sequencer.address,
    // The release's default resource config (Constants.DEFAULT_RESOURCE_CONFIG), deposits' L1 gas market.
    { maxResourceLimit: 20_000_000, elasticityMultiplier: 10, baseFeeMaxChangeDenominator: 8, minimumBaseFee: 1_000_000_000, systemTxMaxGas: 1_000_000, maximumBaseFee: (1n << 128n) - 1n },
    batchInbox,
    { l1CrossDomainMessenger: ZERO, l1ERC721Bridge: ZERO, l1StandardBridge: ZERO, optimismPortal, optimismMintableERC20Factory: ZERO, delayedWETH, opcm: ZERO },
    BigInt(options.l2ChainId),
    superchainConfig,
  ]);
  init(disputeGameFactory, impl.disputeGameFactory, 'DisputeGameFactory', [admin]);
  init(anchorStateRegistry, impl.anchorStateRegistry, 'AnchorStateRegistry', [
    systemConfig,
    disputeGameFactory,
    { root: options.startingAnchor.root, l2SequenceNumber: options.startingAnchor.l2BlockNumber },
    PERMISSIONED_GAME_TYPE,
  ]);
  init(delayedWETH, impl.delayedWETH, 'DelayedWETH', [systemConfig]);
  init(optimismPortal, impl.optimismPortal, 'OptimismPortal2', [systemConfig, anchorStateRegistry, ZERO]);
  // The game's per-chain arguments, as the release's OPContractsManager packs them for a permissioned game.
  const gameArgs = encodePacked(
    ['bytes32', 'address', 'address', 'address', 'uint256', 'address', 'address'],
    [ABSOLUTE_PRESTATE, mips, anchorStateRegistry, delayedWETH, BigInt(options.l2ChainId), roles.proposer.address, roles.challenger.address],
  );
  send(disputeGameFactory, A.DisputeGameFactory.abi as Abi, 'setImplementation', [PERMISSIONED_GAME_TYPE, permissionedDisputeGame, gameArgs]);

  const raw = await signAsRole(roles.admin, options.l1ChainId, nonce, txs);
  const receipts = await mined(rpc, raw, options.timeoutMs ?? 60_000, 'batch');
  const failed = receipts.findIndex((r) => r.status !== 1);
  if (failed >= 0) throw new Error(`OP chain L1 set-up: transaction ${failed} (${receipts[failed]!.transactionHash}) failed`);
  return {
    l2ChainId: options.l2ChainId,
    proxyAdmin,
    superchainConfig,
    systemConfig,
    optimismPortal,
    disputeGameFactory,
    anchorStateRegistry,
    delayedWETH,
    implementations: { ...impl, permissionedDisputeGame, mips },
    batchInbox,
    gameArgs,
    roles: { admin, proposer: roles.proposer.address, challenger: roles.challenger.address, batcher: roles.batcher.address, sequencer: roles.sequencer.address },
    timing,
    deployedAt: Math.max(...receipts.map((r) => r.blockNumber)),
  };
}

/**
 * The proposer's `DisputeGameFactory.create` of a permissioned game claiming `rootClaim` for L2
 * block `l2BlockNumber`, signed (the game checks `tx.origin` is the proposer).
 */
export async function signedGameCreation(options: { l1ChainId: number; nonce: bigint; factory: Hex; rootClaim: Hex; l2BlockNumber: bigint }): Promise<{ raw: Hex }> {
  const data = fn(A.DisputeGameFactory.abi as Abi, 'create', [PERMISSIONED_GAME_TYPE, options.rootClaim, encodeAbiParameters([{ type: 'uint256' }], [options.l2BlockNumber])]);
  const [raw] = await signAsRole(opRoleKeys().proposer, options.l1ChainId, options.nonce, [{ to: options.factory, data }]);
  return raw!;
}

/** EIP-1559 transactions from an operator's `key` on L1, nonces from `nonce` on (a creation when `to` is absent). */
export async function signAsRole(key: OpRoleKey, chainId: number, nonce: bigint, txs: readonly { to?: Hex; data: Hex }[]): Promise<{ raw: Hex }[]> {
  const account = privateKeyToAccount(key.privateKey);
  return Promise.all(
    txs.map(async (tx, i) => ({
      raw: await account.signTransaction({
        chainId,
        type: 'eip1559',
        nonce: Number(nonce) + i,
        gas: tx.to === undefined ? DEPLOY_GAS : CALL_GAS,
        maxFeePerGas: MAX_FEE,
        maxPriorityFeePerGas: 1n,
        ...(tx.to !== undefined ? { to: tx.to } : {}),
        data: tx.data,
      }),
    })),
  );
}

const ZERO = '0x0000000000000000000000000000000000000000';

/** Calldata of `name(args)` (viem throws on a name the ABI lacks or arguments that do not fit). */
function fn(abi: Abi, name: string, args: readonly unknown[]): Hex {
  return encodeFunctionData({ abi, functionName: name, args } as Parameters<typeof encodeFunctionData>[0]);
}
