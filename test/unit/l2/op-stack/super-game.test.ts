/**
 * Super-root dispute games on built L1 storage (test/support/op-super-world.ts): OP Sepolia's
 * SuperFaultDisputeGame (type 9) and a ZKDisputeGame (type 10, a config of our own: no shipped
 * network lists one). The preimage must hash to the root claim, name the followed chain, be
 * well-formed and bounded, and its timestamp be the L2 header's; each one-byte change of it is
 * refused, with the root claim left as it was and with the root claim recomputed to match it.
 * A respected type switch to a pinned type is followed; to another, refused with the type.
 */
import { describe, expect, it } from 'vitest';
import { bigIntToBytesPadded, bytesToHex, concatBytes } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { encodeHeader } from '../../../../src/execution/header.ts';
import { opStackAdapter } from '../../../../src/l2/op-stack/adapter.ts';
import { parseOpStackConfig } from '../../../../src/l2/op-stack/config.ts';
import { opStackGames } from '../../../../src/l2/op-stack/follow.ts';
import { OP_MAINNET, OP_SEPOLIA, zkDisputeGame } from '../../../../src/l2/op-stack/networks.ts';
import { l2BlockAt } from '../../../../src/l2/op-stack/super-game.ts';
import { encodeSuperRoot } from '../../../../src/l2/op-stack/super-root.ts';
import { cloneWithArgs } from '../../../support/rollup-world.ts';
import { DAY, headerAt, implOf, NOW, preimageFor, proveWorld, proxyAt, superArgs, type SuperGameSpec, superWorld, timeOf } from '../../../support/op-super-world.ts';
import { claimOf } from './l2-header.ts';

const sepolia = parseOpStackConfig(OP_SEPOLIA);
const ZK_IMPL = '0x' + '2b'.repeat(20);
const zkConfig = parseOpStackConfig({ ...OP_SEPOLIA, respectedGameType: 10, games: [...OP_SEPOLIA.games, zkDisputeGame(ZK_IMPL)] });
const SUPER = implOf(sepolia, 9);
const BLOCK = 20_000_000n;
const OTHER_CHAIN = { chainId: 1_301n, outputRoot: new Uint8Array(32).fill(0x13) };

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof VerificationError || err instanceof InputError) return err.code;
    throw err;
  }
  return 'none';
}

const finalized = (i: number, l2Block: bigint, o: Partial<SuperGameSpec> = {}): SuperGameSpec => ({ proxy: proxyAt(i), createdAt: NOW - 10n * DAY, resolvedAt: NOW - 5n * DAY, status: 2, l2Block, ...o });
const open = (i: number, l2Block: bigint, o: Partial<SuperGameSpec> = {}): SuperGameSpec => ({ proxy: proxyAt(i), createdAt: NOW - 3600n, status: 0, l2Block, ...o });

/** acceptedState of a world of `games` under `config`, with block `n`'s header (or the one given). */
function accept(config: typeof sepolia, games: SuperGameSpec[], n: bigint, header = encodeHeader(headerAt(config, n)), o: Parameters<typeof superWorld>[2] = {}) {
  return opStackAdapter.acceptedState(config, proveWorld(config, superWorld(config, games, o)), { header });
}

describe('super-root games (type 9, OP Sepolia)', () => {
  it('a finalized type-9 game: its preimage hashed, the chain found, the block at its timestamp, the header checked against the entry', () => {
    const args = superArgs(SUPER, preimageFor(sepolia, BLOCK, [OTHER_CHAIN]));
    const proven = proveWorld(sepolia, superWorld(sepolia, [finalized(0, BLOCK - 1800n), finalized(1, BLOCK, { args })]));
    const game = opStackGames(sepolia, proven).chosen;
    const header = headerAt(sepolia, BLOCK);
    expect(game).toMatchObject({ gameType: 9, kind: 'super-fault', l2BlockNumber: BLOCK, verdict: 'finalized', superRootEntryIndex: 1 });
    expect(game.superRoot!.entries.map((e) => e.chainId)).toEqual([1_301n, 11_155_420n]);
    expect(game.superRoot!.timestamp).toBe(timeOf(sepolia, BLOCK));
    expect(bytesToHex(game.outputRoot)).toBe(bytesToHex(claimOf(header)));
    expect(bytesToHex(game.rootClaim)).toBe(bytesToHex(keccak256(preimageFor(sepolia, BLOCK, [OTHER_CHAIN]))));
    expect(opStackAdapter.l2Header!(sepolia, proven)).toEqual({ blockNumber: BLOCK });
    const state = opStackAdapter.acceptedState(sepolia, proven, { header: encodeHeader(header) });
    expect(state).toEqual({ root: BigInt(bytesToHex(header.stateRoot)), batch: BLOCK, acceptedAt: NOW - 5n * DAY, status: 'finalized' });
  });

  it('the block at a timestamp: genesis block + (T − genesis time) / block time; a time between blocks or before genesis is refused', () => {
    const p = sepolia.superRoots!;
    expect(l2BlockAt(p, 1691802540n)).toBe(0n);
    expect(l2BlockAt(p, 1691802540n + 2n * 12345n)).toBe(12345n);
    expect(l2BlockAt(parseOpStackConfig(OP_MAINNET).superRoots!, 1686068903n + 20n)).toBe(105235073n);
    expect(code(() => l2BlockAt(p, 1691802541n))).toBe('OP_SUPER_ROOT_INVALID');
    expect(code(() => l2BlockAt(p, 1691802538n))).toBe('OP_SUPER_ROOT_INVALID');
  });

  it('every one-byte change of the preimage is refused: the root claim left as it was, or recomputed to match', () => {
    const preimage = preimageFor(sepolia, BLOCK, [OTHER_CHAIN]);
    const rootClaim = keccak256(preimage);
    expect(code(() => accept(sepolia, [finalized(0, BLOCK, { args: superArgs(SUPER, preimage) })], BLOCK))).toBe('none');
    const seen = new Set<string>();
    for (let i = 0; i < preimage.length; i++) {
      const changed = preimage.slice();
      changed[i]! ^= 0x01;
      // The claim as it was: the hash differs.
      expect(code(() => accept(sepolia, [finalized(0, BLOCK, { args: superArgs(SUPER, changed, { rootClaim }) })], BLOCK))).toBe('OP_SUPER_ROOT_INVALID');
      // A claim recomputed over the changed preimage: version, time, the chain's id or its output root no longer hold.
      // (Bytes of the other chain's entry [9, 73) may change what that chain claims: not this chain's concern, unless the order breaks.)
      const got = code(() => accept(sepolia, [finalized(0, BLOCK, { args: superArgs(SUPER, changed) })], BLOCK));
      if (i >= 9 && i < 73) expect(['none', 'OP_SUPER_ROOT_INVALID'], `byte ${i}`).toContain(got);
      else expect(got, `byte ${i}`).not.toBe('none');
      seen.add(got);
    }
    expect([...seen].sort()).toEqual(['OP_HEADER_MISMATCH', 'OP_OUTPUT_ROOT_MISMATCH', 'OP_SUPER_ROOT_CHAIN_MISSING', 'OP_SUPER_ROOT_INVALID', 'none']);
  });

  it('every one-byte change of the root claim is refused', () => {
    const preimage = preimageFor(sepolia, BLOCK);
    for (let i = 0; i < 32; i++) {
      const claim = keccak256(preimage).slice();
      claim[i]! ^= 0x80;
      expect(code(() => accept(sepolia, [finalized(0, BLOCK, { args: superArgs(SUPER, preimage, { rootClaim: claim }) })], BLOCK))).toBe('OP_SUPER_ROOT_INVALID');
    }
  });

  it('refuses a preimage of another chain, ids not ascending, too many entries, another version, a cut entry, no entry, a time between blocks', () => {
    const t = timeOf(sepolia, BLOCK);
    const own = { chainId: 11_155_420n, outputRoot: claimOf(headerAt(sepolia, BLOCK)) };
    const raw = (preimage: Uint8Array) => [finalized(0, BLOCK, { args: superArgs(SUPER, preimage) })];
    const at = (preimage: Uint8Array) => code(() => accept(sepolia, raw(preimage), BLOCK));
    expect(at(encodeSuperRoot({ timestamp: t, entries: [OTHER_CHAIN] }))).toBe('OP_SUPER_ROOT_CHAIN_MISSING');
    expect(at(encodeSuperRoot({ timestamp: t, entries: [own, OTHER_CHAIN] }))).toBe('OP_SUPER_ROOT_INVALID');
    expect(at(encodeSuperRoot({ timestamp: t, entries: [own, own] }))).toBe('OP_SUPER_ROOT_INVALID');
    const many = Array.from({ length: 16 }, (_, i) => ({ chainId: BigInt(i + 1), outputRoot: new Uint8Array(32).fill(i) }));
    expect(at(encodeSuperRoot({ timestamp: t, entries: [...many.slice(0, 15), own] }))).toBe('none');
    expect(at(encodeSuperRoot({ timestamp: t, entries: [...many, own] }))).toBe('OP_SUPER_ROOT_INVALID');
    const good = encodeSuperRoot({ timestamp: t, entries: [own] });
    expect(at(concatBytes(Uint8Array.of(2), good.subarray(1)))).toBe('OP_SUPER_ROOT_INVALID');
    expect(at(good.subarray(0, good.length - 1))).toBe('OP_SUPER_ROOT_INVALID');
    expect(at(good.subarray(0, 9))).toBe('OP_SUPER_ROOT_INVALID');
    expect(at(encodeSuperRoot({ timestamp: t + 1n, entries: [own] }))).toBe('OP_SUPER_ROOT_INVALID');
    // args shorter than the layout's fixed part: not this implementation's.
    expect(code(() => accept(sepolia, [finalized(0, BLOCK, { args: new Uint8Array(200) })], BLOCK))).toBe('OP_GAME_UNKNOWN');
    // another game type in the args than the list's and the implementation's.
    expect(code(() => accept(sepolia, [finalized(0, BLOCK, { args: superArgs(SUPER, good, { gameType: 8 }) })], BLOCK))).toBe('OP_GAME_UNKNOWN');
  });

  it("refuses a header of another block or another time than the super root's", () => {
    const games = [finalized(0, BLOCK)];
    expect(code(() => accept(sepolia, games, BLOCK, encodeHeader(headerAt(sepolia, BLOCK + 1n))))).toBe('OP_HEADER_MISMATCH');
    expect(code(() => accept(sepolia, games, BLOCK, encodeHeader({ ...headerAt(sepolia, BLOCK), timestamp: timeOf(sepolia, BLOCK) + 2n })))).toBe('OP_HEADER_MISMATCH');
    expect(code(() => accept(sepolia, games, BLOCK, encodeHeader({ ...headerAt(sepolia, BLOCK), gasUsed: 1n })))).toBe('OP_OUTPUT_ROOT_MISMATCH');
  });

  it('passes over games not respected when created (slot 9), lost, blacklisted or retired, as output-root games', () => {
    const older = finalized(0, BLOCK - 1800n);
    const games = (o: Partial<SuperGameSpec>) => [older, finalized(1, BLOCK, o)];
    const chosen = (g: SuperGameSpec[], o: Parameters<typeof superWorld>[2] = {}) => opStackGames(sepolia, proveWorld(sepolia, superWorld(sepolia, g, o))).chosen.l2BlockNumber;
    expect(chosen(games({}))).toBe(BLOCK);
    expect(chosen(games({ wasRespected: false }))).toBe(BLOCK - 1800n);
    expect(chosen(games({ status: 1 }))).toBe(BLOCK - 1800n);
    expect(chosen(games({}), { blacklist: [proxyAt(1)] })).toBe(BLOCK - 1800n);
    expect(code(() => chosen(games({}), { retirement: NOW - 9n * DAY }))).toBe('OP_NO_VALID_GAME');
  });

  it('respected type 0 → 9 (OP Mainnet pins type 9): the newest valid type-9 game followed; → 42 refused with the type and the L1 block', () => {
    const mainnet = parseOpStackConfig(OP_MAINNET);
    expect(mainnet.respectedGameType).toBe(0);
    const n = 140_000_000n;
    const games = [finalized(0, n, { gameType: 9 })];
    const state = accept(mainnet, games, n, undefined, { respected: 9 });
    expect(state).toMatchObject({ batch: n, status: 'finalized' });
    let err: unknown;
    try {
      accept(mainnet, games, n, undefined, { respected: 42 });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'OP_RESPECTED_GAME_TYPE_CHANGED', expected: '0', got: '42', details: 'l1Block=100' });
  });

  it('the follower asks for a super game in few rounds (its slot 0, code, wasRespected slot and the blacklist together)', () => {
    const w = superWorld(sepolia, [finalized(0, BLOCK - 3600n), open(1, BLOCK - 1800n, { status: 1 }), finalized(2, BLOCK)]);
    const proven = proveWorld(sepolia, w);
    expect(opStackGames(sepolia, proven).chosen.proxy).toBe(proxyAt(2));
    const slots = proven.accounts.get(proxyAt(2))!.storage;
    expect(slots.size).toBeGreaterThanOrEqual(2);
  });
});

describe('ZK dispute games (type 10, a config of our own: shipped by no network)', () => {
  const ZK = implOf(zkConfig, 10);

  it('a finalized ZK game: parentIndex before the preimage, the chain entry, the block; wasRespected read from slot 8 byte 1', () => {
    const args = superArgs(ZK, preimageFor(zkConfig, BLOCK), { parentIndex: 7 });
    const proven = proveWorld(zkConfig, superWorld(zkConfig, [finalized(0, BLOCK, { args })]));
    const game = opStackGames(zkConfig, proven).chosen;
    expect(game).toMatchObject({ gameType: 10, kind: 'zk', l2BlockNumber: BLOCK, parentIndex: 7, verdict: 'finalized' });
    expect(opStackAdapter.acceptedState(zkConfig, proven, { header: encodeHeader(headerAt(zkConfig, BLOCK)) })).toMatchObject({ batch: BLOCK, status: 'finalized' });
  });

  it('not respected when created (slot 8 byte 1 clear, bondDistributionMode set beside it): passed over', () => {
    const chosen = (o: Partial<SuperGameSpec>) => opStackGames(zkConfig, proveWorld(zkConfig, superWorld(zkConfig, [finalized(0, BLOCK - 100n), finalized(1, BLOCK, o)]))).chosen.l2BlockNumber;
    expect(chosen({})).toBe(BLOCK);
    expect(chosen({ wasRespected: false })).toBe(BLOCK - 100n);
  });

  it('accept newest: an open ZK game counts while unchallenged or proven; challenged and unproven, it is passed over', () => {
    const newest = { ...zkConfig, accept: 'newest' as const };
    const chosen = (zkStatus: number) => opStackGames(newest, proveWorld(newest, superWorld(newest, [finalized(0, BLOCK - 100n), open(1, BLOCK, { zkStatus })]))).chosen.l2BlockNumber;
    expect(chosen(0)).toBe(BLOCK);
    expect(chosen(2)).toBe(BLOCK);
    expect(chosen(3)).toBe(BLOCK);
    expect(chosen(1)).toBe(BLOCK - 100n);
  });

  it('every one-byte change of its preimage (claim kept) is refused; the parent index is not part of the claim', () => {
    const preimage = preimageFor(zkConfig, BLOCK);
    const rootClaim = keccak256(preimage);
    for (let i = 0; i < preimage.length; i++) {
      const changed = preimage.slice();
      changed[i]! ^= 0x40;
      expect(code(() => accept(zkConfig, [finalized(0, BLOCK, { args: superArgs(ZK, changed, { rootClaim }) })], BLOCK))).toBe('OP_SUPER_ROOT_INVALID');
    }
    // Read as a super-fault game would (no parent index), its preimage would start 4 bytes early: refused.
    const shifted = concatBytes(bigIntToBytesPadded(0n, 4), preimage);
    expect(code(() => accept(sepolia, [finalized(0, BLOCK, { args: superArgs(SUPER, shifted, { rootClaim }) })], BLOCK))).toBe('OP_SUPER_ROOT_INVALID');
  });
});

describe('after the respected type moved', () => {
  it('an anchor game of an implementation the config does not pin (the old type) is passed over: the newest valid game is followed, claimed', () => {
    const oldAnchor = '0x' + '8a'.repeat(20);
    const world = superWorld(sepolia, [open(0, BLOCK)], { anchor: oldAnchor });
    // A type-8 FaultDisputeGame clone (OP Sepolia's former type), of an implementation no config pins.
    world.set(oldAnchor, { storage: new Map(), code: cloneWithArgs('0x' + '88'.repeat(20), new Uint8Array(244)) });
    const header = encodeHeader(headerAt(sepolia, BLOCK));
    const state = opStackAdapter.acceptedState(sepolia, proveWorld(sepolia, world), { header });
    expect(state).toMatchObject({ batch: BLOCK, status: 'claimed' });
    const games = opStackGames(sepolia, proveWorld(sepolia, world));
    expect(games.anchor).toBeNull();
    // A newest game of an unknown implementation still stops the follower: only the anchor is passed over.
    const unknownNewest = superWorld(sepolia, [open(0, BLOCK)]);
    unknownNewest.get(proxyAt(0))!.code = cloneWithArgs('0x' + '88'.repeat(20), superArgs(SUPER, preimageFor(sepolia, BLOCK)));
    expect(code(() => opStackGames(sepolia, proveWorld(sepolia, unknownNewest)))).toBe('OP_GAME_UNKNOWN');
  });
});
