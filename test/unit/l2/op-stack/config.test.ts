/** The op-stack-fault-proofs-v1 config: OP Mainnet and OP Sepolia parse; each malformed field is refused by name. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { OP_STACK_KIND, parseOpStackConfig } from '../../../../src/l2/op-stack/config.ts';
import { ETHER } from '../../../../src/l2/adapter.ts';
import { opStackAdapter } from '../../../../src/l2/op-stack/adapter.ts';
import { OP_MAINNET, OP_SEPOLIA, ZK_DISPUTE_GAME_LAYOUT, zkDisputeGame } from '../../../../src/l2/op-stack/networks.ts';
import { OP_CHAIN_RULES, opChainRules } from '../../../../src/l2/op-stack/forks/chains.ts';
import { opForkAt } from '../../../../src/l2/op-stack/forks/schedule.ts';

const clone = (): any => JSON.parse(JSON.stringify(OP_MAINNET));
function refused(edit: (c: any) => void): string {
  const c = clone();
  edit(c);
  try {
    parseOpStackConfig(c);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).shortMessage;
  }
  throw new Error('accepted');
}

describe('op-stack config', () => {
  it('OP Mainnet and OP Sepolia parse, addresses lower-cased, slots as bigints', () => {
    const main = parseOpStackConfig(OP_MAINNET);
    expect(main.kind).toBe(OP_STACK_KIND);
    expect(main.disputeGameFactory).toEqual({ address: '0xe5965ab5962edc7477c8520243a95517cd252fa9', disputeGamesSlot: 103n, disputeGameListSlot: 104n });
    expect(main.anchorStateRegistry.anchorGameSlot).toBe(2n);
    expect(main.games.map((g) => [g.gameType, g.implementation, g.layout.argsLength])).toEqual([
      [0, '0x2dda3584b51ef5236f7726dea5a0fb6b3ca94aec', 244],
      [1, '0xe1dffcbe4e22b813f26d2106d943c102e7cab87e', 284],
      [9, '0x19af533cc2a2a55786dcb8672aa5717e64213208', 212],
    ]);
    expect(main.games[2]).toMatchObject({ kind: 'super-fault', layout: { superRoot: 88, implArgsLength: 124, gameType: 84, rootClaim: 20 }, wasRespectedGameTypeWhenCreatedSlot: 9n });
    expect(main.games[2]!.layout.l2BlockNumber).toBeUndefined();
    expect(main.superRoots).toEqual({ maxEntries: 16, l2GenesisTime: 1686068903n, l2GenesisBlock: 105235063n, l2BlockTime: 2n });
    expect(main.respectedGameType).toBe(0);
    expect(main.accept).toBe('finalized');
    const sepolia = opStackAdapter.parseConfig(OP_SEPOLIA);
    expect(sepolia.respectedGameType).toBe(9);
    expect(sepolia.superRoots).toEqual({ maxEntries: 16, l2GenesisTime: 1691802540n, l2GenesisBlock: 0n, l2BlockTime: 2n });
    expect(opStackAdapter.identity(sepolia)).toEqual({ chainId: 11155420, name: 'OP Sepolia', l1ChainId: 11155111, l2Rpc: 'https://sepolia.optimism.io', liveness: OP_SEPOLIA.liveness, nativeCurrency: ETHER });
  });

  it.each([
    ['kind', (c: any) => (c.kind = 'vigil-zk-v1'), '"kind"'],
    ['chainId', (c: any) => (c.chainId = 0), '"chainId"'],
    ['factory address', (c: any) => (c.disputeGameFactory.address = '0x1234'), '"disputeGameFactory.address"'],
    ['missing list slot', (c: any) => delete c.disputeGameFactory.disputeGameListSlot, '"disputeGameFactory.disputeGameListSlot"'],
    ['registry offset', (c: any) => (c.anchorStateRegistry.retirementTimestampOffset = 30), '"anchorStateRegistry.retirementTimestampOffset"'],
    ['status offset', (c: any) => (c.gameStorage.statusOffset = 32), '"gameStorage.statusOffset"'],
    ['rootClaim beyond the args', (c: any) => (c.games[0].layout.rootClaim = 230), '"games[0].layout.rootClaim"'],
    ['unknown layout field', (c: any) => (c.games[0].layout.proposer = 244), '"games[0].layout.proposer"'],
    ['super-root type read as a fault game', (c: any) => (c.games[0].gameType = 4), '"games[0].gameType"'],
    ['type 10 read as a fault game', (c: any) => (c.games[0].gameType = 10), '"games[0].gameType"'],
    ['a super-fault game of an output-root type', (c: any) => (c.games[2].gameType = 0), '"games[2].gameType"'],
    ['a super game without superRoots', (c: any) => delete c.superRoots, '"superRoots"'],
    ['too many entries allowed', (c: any) => (c.superRoots.maxEntries = 65), '"superRoots.maxEntries"'],
    ['no entry allowed', (c: any) => (c.superRoots.maxEntries = 0), '"superRoots.maxEntries"'],
    ['block time 0', (c: any) => (c.superRoots.l2BlockTime = 0), '"superRoots.l2BlockTime"'],
    ['unknown superRoots field', (c: any) => (c.superRoots.genesis = 1), '"superRoots.genesis"'],
    ['a super game with a block number in its args', (c: any) => (c.games[2].layout.l2BlockNumber = 100), '"games[2].layout.l2BlockNumber"'],
    ['a super game without its preimage offset', (c: any) => delete c.games[2].layout.superRoot, '"games[2].layout.superRoot"'],
    ['a super game without its game args length', (c: any) => delete c.games[2].layout.implArgsLength, '"games[2].layout.implArgsLength"'],
    ['a super game whose fixed part does not add up', (c: any) => (c.games[2].layout.argsLength = 213), '"games[2].layout.argsLength"'],
    ['a super game whose root claim overlaps the preimage', (c: any) => (c.games[2].layout.rootClaim = 60), '"games[2].layout.rootClaim"'],
    ['a super game with a chain id in its args', (c: any) => (c.games[2].layout.l2ChainId = 100), '"games[2]'],
    ['a super game on the fault games\' slot 0 (challenged flag)', (c: any) => delete c.games[2].storage, '"games[2].storage"'],
    ['a super game with a challenged flag', (c: any) => (c.games[2].storage.l2BlockNumberChallengedOffset = 18), '"games[2].storage"'],
    ['a super game without its wasRespected slot', (c: any) => delete c.games[2].wasRespectedGameTypeWhenCreatedSlot, '"games[2].wasRespectedGameTypeWhenCreatedSlot"'],
    ['a super game with a parent index', (c: any) => (c.games[2].layout.parentIndex = 84), '"games[2].layout.parentIndex"'],
    ['a fault game with a preimage offset', (c: any) => (c.games[0].layout.superRoot = 88), '"games[0]'],
    ['zkGame slots on a super-fault game', (c: any) => (c.games[2].zkGame = { claimDataSlot: 1, proposalStatusOffset: 4 }), '"games[2].zkGame"'],
    ['a zk game without its claim data', (c: any) => (c.games[2] = { ...zkDisputeGame('0x' + '10'.repeat(20)), zkGame: undefined }), '"games[2].zkGame"'],
    ['a zk game without its parent index', (c: any) => (c.games[2] = { ...zkDisputeGame('0x' + '10'.repeat(20)), layout: { ...ZK_DISPUTE_GAME_LAYOUT, parentIndex: undefined } }), '"games[2].layout.parentIndex"'],
    ['implementation twice', (c: any) => (c.games[1].implementation = c.games[0].implementation), '"games[1].implementation"'],
    ['code hash', (c: any) => (c.games[0].codeHash = '0x12'), '"games[0].codeHash"'],
    ['respected type without an implementation', (c: any) => (c.respectedGameType = 3), '"games"'],
    ['no games', (c: any) => (c.games = []), '"games"'],
    ['delays', (c: any) => (c.delays.disputeGameFinalityDelaySeconds = -1), '"delays.disputeGameFinalityDelaySeconds"'],
    ['maxGamesBack', (c: any) => (c.maxGamesBack = 0), '"maxGamesBack"'],
    ['liveness order', (c: any) => (c.liveness.stalledAfterSeconds = 1), '"liveness.stalledAfterSeconds"'],
    ['l2Rpc', (c: any) => (c.l2Rpc = 'ftp://x'), '"l2Rpc"'],
    ['accept', (c: any) => (c.accept = 'latest'), '"accept"'],
    ['a fact without its source', (c: any) => delete c.sources.cwia, '"sources.cwia"'],
  ])('refuses %s, naming the field', (_name, edit, title) => {
    expect(refused(edit)).toContain(title);
  });

  it('reads a zk game (type 10): its layout, wasRespected byte, claim-data slot', () => {
    const c = clone();
    c.games.push(zkDisputeGame('0x' + '10'.repeat(20)));
    const zk = parseOpStackConfig(c).games[3]!;
    expect(zk).toMatchObject({ gameType: 10, kind: 'zk', layout: { parentIndex: 88, superRoot: 92, implArgsLength: 140, argsLength: 232 }, wasRespectedGameTypeWhenCreatedSlot: 8n, wasRespectedGameTypeWhenCreatedOffset: 1, zkGame: { claimDataSlot: 1n, proposalStatusOffset: 4 } });
  });
});

describe('op-stack config: the chain\'s fork times', () => {
  const OTHER = { ...clone(), name: 'Another OP chain', chainId: 424242 };
  const FORKS = { canyon_time: 0, delta_time: 0, ecotone_time: 0, fjord_time: 0, granite_time: 0, holocene_time: 100, isthmus_time: 200, jovian_time: 300 };

  it('a shipped chain runs by the shipped table; its config may repeat it, not change it', () => {
    expect(opChainRules(parseOpStackConfig(OP_MAINNET)).forks).toBe(OP_CHAIN_RULES.get(10)!.forks);
    const same = parseOpStackConfig({ ...clone(), forks: { canyon: 1704992401, delta: 1708560000, ecotone: 1710374401, fjord: 1720627201, granite: 1726070401, holocene: 1736445601, isthmus: 1746806401, jovian: 1764691201, karst: 1783526401 } });
    expect(opChainRules(same)).toBe(OP_CHAIN_RULES.get(10));
    const moved = parseOpStackConfig({ ...clone(), forks: { ...FORKS } });
    expect(() => opChainRules(moved)).toThrow(/differ from the times Vigil ships for OP Mainnet/);
    const elastic = parseOpStackConfig({ ...clone(), eip1559: { elasticity: 10, denominator: 50, denominatorCanyon: 250 } });
    expect(() => opChainRules(elastic)).toThrow(/"eip1559" of chain 10 differs/);
  });

  it('another chain runs by its config\'s table, which it must give', () => {
    const c = parseOpStackConfig({ ...OTHER, forks: FORKS, eip1559: { elasticity: 6, denominator: 50, denominatorCanyon: 250 } });
    const rules = opChainRules(c);
    expect(opForkAt(rules.forks, 250n)).toBe('isthmus');
    expect(rules.eip1559).toEqual({ elasticity: 6n, denominator: 50n, denominatorCanyon: 250n });
    expect(() => opChainRules(parseOpStackConfig(OTHER))).toThrow(/ships no fork times for it/);
  });

  it.each([
    ['forks out of order', { forks: { canyon: 10, delta: 5 } }, '"forks.delta"'],
    ['a fork time that is none', { forks: { canyon: 'soon' } }, '"forks.canyon"'],
    ['eip1559 of zero', { eip1559: { elasticity: 0, denominator: 50, denominatorCanyon: 250 } }, '"eip1559.elasticity"'],
    ['eip1559 with a field of its own', { eip1559: { elasticity: 6, denominator: 50, denominatorCanyon: 250, minBaseFee: 1 } }, 'eip1559'],
  ])('refuses %s, naming the field', (_name, extra, title) => {
    expect(refused((c: any) => Object.assign(c, extra))).toContain(title);
  });
});
