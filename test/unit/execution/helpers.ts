/**
 * Shared by the chain-data tests: real fixtures, the ethereum/execution-apis test chain decoded
 * from its chain.rlp (54 blocks, Frontier rules to Osaka/BPO2, every transaction type), and the
 * request/response pairs recorded against it (`.io` files).
 */
import { readFileSync } from 'node:fs';
import { VigilError } from '../../../src/core/errors.ts';
import { decodeRlp, encodeRlp, type RlpItem } from '../../../src/core/rlp.ts';
import type { VerifiedBlock } from '../../../src/execution/block-body.ts';
import { type BlockHeader, headerFromRlp, headerHash } from '../../../src/execution/header.ts';
import { decodeTransaction, recoverSender } from '../../../src/execution/transactions.ts';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import type { Withdrawal } from '../../../src/execution/withdrawals.ts';
import { rlpScalar } from '../../../src/core/rlp.ts';

export const fixtureBytes = (path: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)));
export const fixture = (path: string): any => JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8'));

/** The typed error code `fn` throws, or undefined when it returns. Untyped errors fail the test. */
export function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof VigilError) return String(err.code);
    throw err;
  }
  return undefined;
}

export async function asyncErrorCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof VigilError) return String(err.code);
    throw err;
  }
  return undefined;
}

/** An execution-apis `.io` file: its request and response (JSON-RPC envelopes). */
export function io(path: string): { request: any; response: any } {
  const text = readFileSync(new URL(`../../fixtures/execution-apis/${path}`, import.meta.url), 'utf8');
  const line = (prefix: string) => JSON.parse(text.split('\n').find((l) => l.startsWith(prefix))!.slice(3));
  return { request: line('>>'), response: line('<<') };
}

/** Splits concatenated RLP items (chain.rlp holds one block after another). */
export function splitRlp(buf: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let p = 0; p < buf.length; ) {
    const b = buf[p]!;
    let len = 0;
    let head = 1;
    if (b >= 0xf8) {
      head += b - 0xf7;
      for (let i = 1; i < head; i++) len = len * 256 + buf[p + i]!;
    } else len = b - 0xc0;
    out.push(buf.subarray(p, p + head + len));
    p += head + len;
  }
  return out;
}

export interface ChainBlock extends VerifiedBlock {
  ommers: BlockHeader[];
}

let chain: ChainBlock[] | undefined;

/** The execution-apis test chain, blocks 1…54, with senders recovered. */
export function testChain(): ChainBlock[] {
  chain ??= splitRlp(fixtureBytes('execution-apis/chain.rlp')).map((raw) => {
    const [h, txs, ommers, withdrawals] = decodeRlp(raw) as RlpItem[][];
    const header = headerFromRlp(h!);
    const block: ChainBlock = {
      header,
      hash: headerHash(header),
      transactions: (txs as RlpItem[]).map((t) => {
        const encoded = t instanceof Uint8Array ? t : encodeRlp(t as never);
        const tx = decodeTransaction(encoded);
        return { tx, encoded, hash: keccak256(encoded), from: recoverSender(tx) };
      }),
      ommers: (ommers as RlpItem[]).map(headerFromRlp),
      uncles: (ommers as RlpItem[]).map((o) => headerHash(headerFromRlp(o))),
    };
    if (withdrawals !== undefined) {
      block.withdrawals = (withdrawals as RlpItem[][]).map(
        (w): Withdrawal => ({ index: rlpScalar(w[0], 'index'), validatorIndex: rlpScalar(w[1], 'validator'), address: w[2] as Uint8Array, amount: rlpScalar(w[3], 'amount') }),
      );
    }
    block.size = raw.length;
    return block;
  });
  return chain;
}

/** The head of the test chain, as its engine_forkchoiceUpdated names it. */
export const TEST_CHAIN_HEAD: string = fixture('execution-apis/headfcu.json').params[0].headBlockHash;
