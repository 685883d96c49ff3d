/**
 * What a super-root game (SuperFaultDisputeGame, type 9; ZKDisputeGame, type 10) claims for the
 * followed chain, read from its proxy's immutable args: the super-root preimage its extraData
 * carries (./super-root.ts), which must hash to its root claim (both contracts' `initialize`
 * require it: optimism #18605, #20751), the followed chain's entry in it (its output root), and
 * the L2 block at the super root's timestamp (a super game's l2SequenceNumber is that timestamp).
 *
 * Args (solady CWIA, offsets into the args; optimism packages/contracts-bedrock
 * src/dispute/SuperFaultDisputeGame.sol 0.8.0 and src/dispute/zk/ZKDisputeGame.sol 2.1.0):
 * creator 0, rootClaim 20, l1Head 52, gameType (uint32) 84, then extraData from 88 — the preimage
 * (SuperFaultDisputeGame) or a uint32 parentIndex then the preimage (ZKDisputeGame) — then the
 * implementation args the factory appends (124 and 140 bytes). The preimage's length is what
 * is left: 9 + 64·n bytes.
 * @module
 */
import { bytesToBigInt } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import type { GameImplementation, SuperRootParams } from './config.ts';
import { checkSuperRootClaim, decodeSuperRoot, type SuperRoot, superRootEntry } from './super-root.ts';

/** What a super-root game claims for the followed chain. */
export interface SuperClaim {
  /** The decoded preimage. */
  superRoot: SuperRoot;
  /** The followed chain's entry in it (index into `superRoot.entries`). */
  entryIndex: number;
  /** That entry's output root. */
  outputRoot: Uint8Array;
  /** The L2 block at the super root's timestamp. */
  l2BlockNumber: bigint;
  /** ZKDisputeGame: its parent's index in the factory list (type(uint32).max: none). */
  parentIndex?: number;
}

/**
 * The L2 block whose timestamp is `timestamp`: genesis block + (timestamp − genesis time) / block time.
 * @throws VerificationError OP_SUPER_ROOT_INVALID when the timestamp is before genesis or between blocks.
 * @example l2BlockAt({ l2GenesisTime: 1691802540n, l2GenesisBlock: 0n, l2BlockTime: 2n, maxEntries: 16 }, 1691802544n) // 2n
 */
export function l2BlockAt(params: SuperRootParams, timestamp: bigint): bigint {
  const since = timestamp - params.l2GenesisTime;
  if (since < 0n || since % params.l2BlockTime !== 0n) {
    throw new VerificationError('OP_SUPER_ROOT_INVALID', `the super root's timestamp ${timestamp} is no L2 block's (genesis ${params.l2GenesisTime}, a block every ${params.l2BlockTime} s)`, {
      expected: `${params.l2GenesisTime} + ${params.l2BlockTime}·n`,
      got: String(timestamp),
    });
  }
  return params.l2GenesisBlock + since / params.l2BlockTime;
}

/**
 * A super-root game's claim for `chainId`, from its args (of `impl`'s layout; their length checked here).
 * @throws VerificationError OP_GAME_UNKNOWN (args shorter than the layout's fixed part),
 *   OP_SUPER_ROOT_INVALID (a malformed preimage, one that does not hash to the root claim, a
 *   timestamp that is no block's), OP_SUPER_ROOT_CHAIN_MISSING (no entry of `chainId`).
 * @example superClaim(impl, args, params, 11155420n, proxy).outputRoot
 */
export function superClaim(impl: GameImplementation, args: Uint8Array, params: SuperRootParams, chainId: bigint, proxy: string): SuperClaim {
  const { layout } = impl;
  const start = layout.superRoot!;
  const end = args.length - layout.implArgsLength!;
  if (end < start) {
    throw new VerificationError('OP_GAME_UNKNOWN', `game ${proxy}: its immutable args are shorter than its implementation's fixed part`, { expected: `≥ ${layout.argsLength} bytes`, got: `${args.length} bytes` });
  }
  const preimage = args.subarray(start, end);
  const superRoot = decodeSuperRoot(preimage, params.maxEntries);
  checkSuperRootClaim(preimage, args.subarray(layout.rootClaim, layout.rootClaim + 32), proxy);
  const entry = superRootEntry(superRoot, chainId);
  return {
    superRoot,
    entryIndex: entry.index,
    outputRoot: entry.outputRoot,
    l2BlockNumber: l2BlockAt(params, superRoot.timestamp),
    ...(layout.parentIndex !== undefined ? { parentIndex: Number(bytesToBigInt(args.subarray(layout.parentIndex, layout.parentIndex + 4))) } : {}),
  };
}
