/**
 * What the engine reads of the holder's tokens around a simulation (src/execution/effects.ts): the
 * task's `holdings` checked where it crosses the worker boundary, the probes chosen from the run's
 * logs within their bounds (holder-named tokens first, the rest counted as not read, EIP-7708's
 * ether logs never a token), and a hostile balanceOf that cannot hang the run.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { eventTopic } from '../../../src/execution/abi.ts';
import { blockEnvToJson } from '../../../src/execution/block-env.ts';
import { ExecutionEngine, type ExecutionTask, type FetchedAccount } from '../../../src/execution/engine.ts';
import { holdingProbes, MAX_IDS_PER_TOKEN, parseHoldingsSpec } from '../../../src/execution/effects.ts';
import { asm } from './asm.ts';
import { errorCode } from './helpers.ts';
import { buildWorld, envFor } from './world.ts';

const ME = '0x' + 'a1'.repeat(20);
const BOB = '0x' + 'b0'.repeat(20);
const topic = (a: string) => '0x' + a.slice(2).padStart(64, '0');
const tokenAt = (i: number) => '0x' + (0x1000 + i).toString(16).padStart(40, '0');
const transfer = (token: string, from: string, to: string, amount = 1n) => ({ address: token, topics: [eventTopic('Transfer(address,address,uint256)'), topic(from), topic(to)], data: topic('0x' + amount.toString(16)) });
const nft = (token: string, from: string, to: string, id: bigint) => ({ address: token, topics: [eventTopic('Transfer(address,address,uint256)'), topic(from), topic(to), topic('0x' + id.toString(16))], data: '0x' });

describe('the holdings a task asks for', () => {
  it('are checked where they cross the worker boundary', () => {
    const ok = { holder: ME, tokens: [{ token: BOB, standard: 'erc20' }, { token: BOB, standard: 'erc721', tokenId: '0x7' }], max: 16 };
    expect(parseHoldingsSpec(ok)).toEqual({ holder: ME, named: [{ token: BOB, standard: 'erc20' }, { token: BOB, standard: 'erc721', tokenId: 7n }], maxTouched: 16 });
    for (const bad of [
      null,
      { holder: '0x12' },
      { holder: ME, max: 65 },
      { holder: ME, max: 1.5 },
      { holder: ME, tokens: 'x' },
      { holder: ME, tokens: [{ token: BOB, standard: 'erc777' }] },
      { holder: ME, tokens: [{ token: BOB, standard: 'erc20', tokenId: '0x1' }] },
      { holder: ME, tokens: [{ token: BOB, standard: 'erc1155' }] },
      { holder: ME, tokens: [{ token: BOB, standard: 'erc721', tokenId: '0x' + '1'.repeat(65) }] },
      { holder: ME, tokens: Array.from({ length: 129 }, () => ({ token: BOB, standard: 'erc20' })) },
    ]) {
      expect(errorCode(() => parseHoldingsSpec(bad))).toBe('INVALID_INPUT');
    }
  });
});

describe('the probes of a run', () => {
  const spec = (max = 16, named: ReturnType<typeof parseHoldingsSpec>['named'] = []) => ({ holder: ME, named, maxTouched: max });

  it('read the tokens naming the holder first, at most the bound; the others are counted as not read', () => {
    const logs = [...Array.from({ length: 6 }, (_, i) => transfer(tokenAt(i), BOB, '0x' + 'cc'.repeat(20))), ...Array.from({ length: 18 }, (_, i) => transfer(tokenAt(100 + i), BOB, ME))];
    const { probes, notRead } = holdingProbes(logs, spec());
    const holders = probes.filter((p) => p.account === undefined).map((p) => p.token);
    expect(holders).toEqual(Array.from({ length: 16 }, (_, i) => tokenAt(100 + i)));
    expect(notRead).toBe(8);
    // The holder's counterparty (Bob) of each read token is read too.
    expect(probes.filter((p) => p.account === BOB)).toHaveLength(16);
  });

  it('leave out an ERC-721 with more ids than the bound, an ERC-20 reading of an NFT, and EIP-7708 ether logs', () => {
    const many = Array.from({ length: MAX_IDS_PER_TOKEN + 1 }, (_, i) => nft(tokenAt(1), BOB, ME, BigInt(i)));
    const ether = transfer('0xfffffffffffffffffffffffffffffffffffffffe', ME, BOB, 10n ** 18n);
    const r = holdingProbes([...many, nft(tokenAt(2), ME, BOB, 5n), ether], spec(16, [{ token: tokenAt(2), standard: 'erc20' }]));
    expect(r).toEqual({ probes: [{ token: tokenAt(2), standard: 'erc721', tokenId: 5n }], notRead: 1 });
  });
});

describe('a hostile balanceOf in the engine', () => {
  beforeAll(cryptoReady);

  it('that loops is cut at its gas: the run completes and the token has no answer; malformed holdings are refused', async () => {
    const TOKEN = '0x' + '70'.repeat(20);
    // Logs a Transfer to the caller when called with no data, loops forever when called with some.
    // (LOG3 is 0xa3: the test assembler does not name it.)
    const code = asm(`CALLDATASIZE PUSH1 0x44 JUMPI PUSH1 0x01 PUSH0 MSTORE CALLER PUSH20 0x${'70'.repeat(20)} PUSH32 ${eventTopic('Transfer(address,address,uint256)')} PUSH1 0x20 PUSH0`) + 'a3' + asm('STOP JUMPDEST PUSH1 0x44 JUMP').slice(2);
    const world = await buildWorld({ [ME]: { balance: 10n ** 18n }, [TOKEN]: { code } });
    const env = envFor(world);
    const engine = new ExecutionEngine();
    const call = { from: ME, to: TOKEN, gas: '0x100000' };
    let fetched: FetchedAccount[] = [];
    for (let step = 0; step < 8; step++) {
      const task: ExecutionTask = { env: blockEnvToJson(env), mode: 'simulate', call, calls: [call], holdings: { holder: ME }, fetched };
      const reply = await engine.step(task);
      if (reply.done) {
        expect(reply.outcome.simulation!.calls[0]!.logs).toHaveLength(1);
        // No answer for the holder, nor for the counterparty its log names (the token itself).
        expect(reply.outcome.simulation!.holdings).toEqual({ holder: ME, read: [{ token: TOKEN, standard: 'erc20' }, { token: TOKEN, standard: 'erc20', account: TOKEN }], notRead: 0 });
        await expect(engine.step({ ...task, holdings: { holder: ME, max: 1000 } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        return;
      }
      fetched = await Promise.all(reply.missing.accounts.map(async (a) => ({ request: { address: a.address, slots: a.slots }, proof: await world.getProof(a.address, a.slots), ...(a.code ? { code: world.getCode(a.address) } : {}) })));
    }
    throw new Error('no outcome');
  });
});

describe('parseHoldingsSpec on anything a worker message can carry (property)', () => {
  /** Values whose own toString is not a function, or throws: String() of them throws a TypeError. */
  const hostile = fc.constantFrom<unknown>(Object.create(null), { toString: 5 }, { toString: () => { throw new Error('no'); } }, Symbol('s'), [{ toString: null }]);
  const value = fc.oneof(fc.anything(), hostile, fc.constantFrom('0x' + 'a1'.repeat(20), 'erc20', 'erc721', 'erc1155', '0x07', 16, -1, 2 ** 53));
  const probe = fc.record({ token: value, standard: value, tokenId: fc.option(value, { nil: undefined }) }, { requiredKeys: [] });
  const spec = fc.oneof(value, fc.record({ holder: value, tokens: fc.oneof(value, fc.array(fc.oneof(probe, value), { maxLength: 4 })), max: value }, { requiredKeys: [] }));

  it('answers a checked spec or throws InputError, never another error', () => {
    fc.assert(
      fc.property(spec, (raw) => {
        let s: ReturnType<typeof parseHoldingsSpec> | undefined;
        const code = errorCode(() => (s = parseHoldingsSpec(raw)));
        if (code !== undefined) {
          expect(code).toBe('INVALID_INPUT');
          return;
        }
        expect(s!.holder).toMatch(/^0x[0-9a-f]{40}$/);
        for (const p of s!.named) expect(p.token).toMatch(/^0x[0-9a-f]{40}$/);
      }),
      { numRuns: 2000 },
    );
  });
});
