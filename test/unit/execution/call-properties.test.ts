import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { blockEnvToJson } from '../../../src/execution/block-env.ts';
import { parseCallRequest, parseStateOverride } from '../../../src/execution/call-request.ts';
import { ExecutionEngine, type FetchedAccount } from '../../../src/execution/engine.ts';
import { returnsWord } from './asm.ts';
import { buildWorld, envFor } from './world.ts';

beforeAll(() => cryptoReady());

const CONTRACT = '0x' + '5a'.repeat(20);
/** Returns SLOAD(a) + SLOAD(b) + SLOAD(c) for slots given in calldata words 0..2. */
const SUM3 = returnsWord('PUSH0 CALLDATALOAD SLOAD PUSH1 0x20 CALLDATALOAD SLOAD ADD PUSH1 0x40 CALLDATALOAD SLOAD ADD');
const word = (v: bigint) => v.toString(16).padStart(64, '0');

describe('parseCallRequest', () => {
  it('takes any JSON without crashing: a request or an InputError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseCallRequest(value, 1n);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
        try {
          parseStateOverride(value);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('takes any input and data a page can post (plain objects whose toString is no function too): a request or an InputError', () => {
    const value = fc.oneof(fc.anything(), fc.constantFrom<unknown>({ toString: 5 }, Object.create(null), ['0x'], '0x12', '0x12'.toUpperCase()));
    fc.assert(
      fc.property(fc.record({ input: value, data: value }, { requiredKeys: [] }), (call) => {
        try {
          parseCallRequest(call, 1n);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps every field of a well-formed call', () => {
    const hex = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map(bytesToHex);
    fc.assert(
      fc.property(hex(20), hex(20), fc.bigInt({ min: 0n, max: 2n ** 128n }), fc.uint8Array({ maxLength: 64 }).map(bytesToHex), (from, to, value, data) => {
        const r = parseCallRequest({ from, to, value: '0x' + value.toString(16), input: data }, 1n);
        expect([bytesToHex(r.from), bytesToHex(r.to!), r.value, bytesToHex(r.data)]).toEqual([from, to, value, data]);
      }),
    );
  });
});

describe('ExecutionEngine over random state', () => {
  it('computes from proven values only: the right sum, or a refusal when a proof byte changed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.bigInt({ min: 0n, max: 2n ** 200n }), { minLength: 3, maxLength: 6 }),
        fc.tuple(fc.nat(5), fc.nat(5), fc.nat(5)),
        fc.option(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 })), { nil: undefined }),
        async (values, picks, flip) => {
          const storage = Object.fromEntries(values.map((v, i) => ['0x' + i.toString(16), v]));
          const world = await buildWorld({ [CONTRACT]: { code: SUM3, storage } });
          const slots = picks.map((p) => BigInt(p % values.length));
          const expected = slots.reduce((sum, s) => sum + values[Number(s)]!, 0n) % 2n ** 256n;
          const engine = new ExecutionEngine();
          const env = blockEnvToJson(envFor(world));
          const call = { to: CONTRACT, input: '0x' + slots.map(word).join('') };
          let fetched: FetchedAccount[] = [];
          let flipped = false;
          try {
            for (let step = 0; step < 8; step++) {
              const reply = await engine.step({ env, mode: 'call', call, fetched });
              if (reply.done) {
                expect(reply.outcome.returnData).toBe('0x' + word(expected));
                return;
              }
              fetched = await Promise.all(
                reply.missing.accounts.map(async (a) => {
                  const proof = (await world.getProof(a.address, a.slots)) as { accountProof: string[]; storageProof: { proof: string[] }[] };
                  if (flip && !flipped && a.address === CONTRACT && a.slots.length > 0) {
                    // One changed byte in one node of one proof.
                    const lists = [proof.accountProof, ...proof.storageProof.map((s) => s.proof)];
                    const list = lists[flip[0] % lists.length]!;
                    if (list.length > 0) {
                      const i = flip[1] % list.length;
                      const bytes = list[i]!.slice(2).match(/../g)!;
                      const at = flip[1] % bytes.length;
                      bytes[at] = (parseInt(bytes[at]!, 16) ^ flip[2]).toString(16).padStart(2, '0');
                      list[i] = '0x' + bytes.join('');
                      flipped = true;
                    }
                  }
                  return { request: { address: a.address, slots: a.slots }, proof, ...(a.code ? { code: world.getCode(a.address) } : {}) };
                }),
              );
            }
            throw new Error('no outcome');
          } catch (err) {
            if (!flipped) throw err;
            expect(err instanceof VerificationError || err instanceof InputError).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
