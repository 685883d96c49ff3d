/** The op-stack-fault-proofs-v1 config: OP Mainnet and OP Sepolia parse; each malformed field is refused by name. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { OP_STACK_KIND, parseOpStackConfig } from '../../../../src/l2/op-stack/config.ts';
import { ETHER } from '../../../../src/l2/adapter.ts';
import { opStackAdapter } from '../../../../src/l2/op-stack/adapter.ts';
import { OP_MAINNET, OP_SEPOLIA } from '../../../../src/l2/op-stack/networks.ts';

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
    ]);
    expect(main.accept).toBe('finalized');
    const sepolia = opStackAdapter.parseConfig(OP_SEPOLIA);
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
    ['super-root game', (c: any) => (c.games[0].gameType = 4), '"games[0].gameType"'],
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
});
