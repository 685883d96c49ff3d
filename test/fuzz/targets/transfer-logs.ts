/**
 * Transfers read from logs (src/wallet/transfers/decode.ts transfersOfLogs, over effects.ts's
 * token reading): the log of every standard a transfer scan finds (ERC-20 and ERC-721 Transfer,
 * ERC-1155 TransferSingle and TransferBatch, WETH Deposit and Withdrawal, EIP-7708's ether
 * Transfer and Burn), its emitter, topics and data mutated. A log in a user's proven receipts is
 * anyone's to emit, so the reader must never throw, and what it reads must be what viem's
 * decodeEventLog (strict) reads of the event its topic0 and topic count name.
 */
import { type AbiEvent, decodeEventLog, parseAbiItem } from 'viem';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { encodeAbi, eventTopic } from '../../../src/execution/abi.ts';
import { EIP7708_EMITTER, ZERO_ADDRESS } from '../../../src/execution/effects.ts';
import { type PlacedLog, transfersOfLogs } from '../../../src/wallet/transfers/decode.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { mutateJson } from '../mutators/json.ts';
import { attempt } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

const A = '0x' + 'a1'.repeat(20);
const B = '0x' + 'b2'.repeat(20);
const C = '0x' + 'c3'.repeat(20);
const TOKEN = '0x' + '70'.repeat(20);
const ACCOUNTS = [A, B];

const STRICTER: Record<string, string> = {
  MALFORMED_HEX: 'An emitter, topic or data that is not whole bytes of hex of its size (a 19-byte address, a 31-byte topic, odd-length data): no node can have proven such a log (receipts are bytes), so the reader skips it; viem reads some anyway (it pads or slices).',
  ADDRESS_PADDING: 'An address topic whose 12 high bytes are not zero: viem keeps its low 20 bytes; the reader calls the log no transfer (Solidity never writes one; reading it would let a contract name the user by a topic that is not the user\'s).',
  DATA_LENGTH: 'Data longer than the event\'s words (an ERC-20 Transfer with 33 bytes of data): viem reads the words it needs and ignores the rest; the reader takes a log of a known topic whose shape does not fit as no transfer (effects.ts: an unrecognised event).',
};

const SIGNATURES = {
  erc20: 'event Transfer(address indexed from, address indexed to, uint256 value)',
  erc721: 'event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)',
  single: 'event TransferSingle(address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value)',
  batch: 'event TransferBatch(address indexed operator, address indexed from, address indexed to, uint256[] ids, uint256[] values)',
  deposit: 'event Deposit(address indexed dst, uint256 wad)',
  withdrawal: 'event Withdrawal(address indexed src, uint256 wad)',
  burn: 'event Burn(address indexed from, uint256 value)',
} as const;
type Kind = keyof typeof SIGNATURES;
const EVENTS = Object.fromEntries(Object.entries(SIGNATURES).map(([k, s]) => [k, parseAbiItem(s) as AbiEvent])) as Record<Kind, AbiEvent>;
const TOPIC0: Record<Kind, string> = {
  erc20: eventTopic('Transfer(address,address,uint256)'),
  erc721: eventTopic('Transfer(address,address,uint256)'),
  single: eventTopic('TransferSingle(address,address,address,uint256,uint256)'),
  batch: eventTopic('TransferBatch(address,address,address,uint256[],uint256[])'),
  deposit: eventTopic('Deposit(address,uint256)'),
  withdrawal: eventTopic('Withdrawal(address,uint256)'),
  burn: eventTopic('Burn(address,uint256)'),
};

interface LogDoc {
  address: string;
  topics: string[];
  data: string;
}

interface Movement {
  asset: string;
  standard: string;
  from: string;
  to: string;
  amount: bigint;
  tokenId?: bigint;
}

/** The reference: the one event the emitter, topic0 and topic count name, decoded by viem strictly; its movements touching the accounts. */
function referenceMovements(log: LogDoc): Movement[] {
  const emitter = log.address.toLowerCase();
  const t0 = log.topics[0]?.toLowerCase();
  const candidates: Kind[] = emitter === EIP7708_EMITTER ? ['erc20', 'burn'] : ['erc20', 'erc721', 'single', 'batch', 'deposit', 'withdrawal'];
  // Hex is read whatever its case (viem matches topic0 case-sensitively: lower-cased for it).
  const kind = candidates.find((k) => TOPIC0[k] === t0 && EVENTS[k].inputs.filter((i) => i.indexed).length + 1 === log.topics.length);
  if (kind === undefined) return [];
  const args = decodeEventLog({ abi: [EVENTS[kind]], topics: log.topics.map((t) => t.toLowerCase()) as [`0x${string}`], data: log.data as `0x${string}`, strict: true }).args as unknown as Record<string, any>;
  const a = (v: string) => v.toLowerCase();
  const out: Movement[] =
    emitter === EIP7708_EMITTER
      ? kind === 'burn'
        ? [{ asset: 'native', standard: 'native', from: a(args.from), to: ZERO_ADDRESS, amount: args.value }]
        : [{ asset: 'native', standard: 'native', from: a(args.from), to: a(args.to), amount: args.value }]
      : kind === 'erc20'
        ? [{ asset: emitter, standard: 'erc20', from: a(args.from), to: a(args.to), amount: args.value }]
        : kind === 'erc721'
          ? [{ asset: emitter, standard: 'erc721', from: a(args.from), to: a(args.to), amount: 1n, tokenId: args.tokenId }]
          : kind === 'single'
            ? [{ asset: emitter, standard: 'erc1155', from: a(args.from), to: a(args.to), amount: args.value, tokenId: args.id }]
            : kind === 'batch'
              ? (() => {
                  if (args.ids.length !== args.values.length) throw new Error('unequal batch arrays');
                  return (args.ids as bigint[]).map((id, i) => ({ asset: emitter, standard: 'erc1155', from: a(args.from), to: a(args.to), amount: args.values[i] as bigint, tokenId: id }));
                })()
              : kind === 'deposit'
                ? [{ asset: emitter, standard: 'erc20', from: ZERO_ADDRESS, to: a(args.dst), amount: args.wad }]
                : [{ asset: emitter, standard: 'erc20', from: a(args.src), to: ZERO_ADDRESS, amount: args.wad }];
  return out.filter((m) => ACCOUNTS.includes(m.from) || ACCOUNTS.includes(m.to));
}

/** Why the reader may call no transfer what viem reads as one; undefined: no listed reason (a wrong verdict). */
function stricterClass(log: LogDoc): string | undefined {
  const hex = (v: unknown, bytes?: number) => typeof v === 'string' && (bytes === undefined ? /^0x(?:[0-9a-fA-F]{2})*$/ : new RegExp(`^0x[0-9a-fA-F]{${2 * bytes}}$`)).test(v);
  if (!hex(log.address, 20) || !Array.isArray(log.topics) || !log.topics.every((t) => hex(t, 32)) || !hex(log.data)) return 'MALFORMED_HEX';
  const t0 = log.topics[0]!.toLowerCase();
  const addressTopics = t0 === TOPIC0.single || t0 === TOPIC0.batch ? [1, 2, 3] : t0 === TOPIC0.deposit || t0 === TOPIC0.withdrawal || t0 === TOPIC0.burn ? [1] : [1, 2];
  if (addressTopics.some((i) => !/^0x0{24}/.test(log.topics[i] ?? '0x' + '0'.repeat(64)))) return 'ADDRESS_PADDING';
  // A batch's arrays are read as viem reads them: no class of refusal is expected there.
  if (t0 === TOPIC0.batch) return undefined;
  return 'DATA_LENGTH';
}

const sameMovements = (ours: Movement[], theirs: Movement[]) => JSON.stringify(ours, big) === JSON.stringify(theirs, big);
const big = (_: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);
const topic = (a: string) => '0x' + a.slice(2).padStart(64, '0');
const word = (v: bigint) => v.toString(16).padStart(64, '0');

function seeds(): LogDoc[] {
  const who = [A, B, C, ZERO_ADDRESS];
  const out: LogDoc[] = [];
  for (const [from, to] of [[A, B], [C, A], [B, C], [ZERO_ADDRESS, A], [A, ZERO_ADDRESS], [C, C]] as const) {
    out.push({ address: TOKEN, topics: [TOPIC0.erc20, topic(from), topic(to)], data: '0x' + word(10n ** 18n) });
    out.push({ address: TOKEN, topics: [TOPIC0.erc721, topic(from), topic(to), '0x' + word(42n)], data: '0x' });
    out.push({ address: TOKEN, topics: [TOPIC0.single, topic(C), topic(from), topic(to)], data: '0x' + word(7n) + word(3n) });
    out.push({ address: TOKEN, topics: [TOPIC0.batch, topic(C), topic(from), topic(to)], data: bytesToHex(encodeAbi(['uint256[]', 'uint256[]'], [[1n, 2n, 3n], [10n, 20n, 30n]])) });
    out.push({ address: EIP7708_EMITTER, topics: [TOPIC0.erc20, topic(from), topic(to)], data: '0x' + word(5n) });
  }
  for (const w of who) {
    out.push({ address: TOKEN, topics: [TOPIC0.deposit, topic(w)], data: '0x' + word(4n) });
    out.push({ address: TOKEN, topics: [TOPIC0.withdrawal, topic(w)], data: '0x' + word(4n) });
    out.push({ address: EIP7708_EMITTER, topics: [TOPIC0.burn, topic(w)], data: '0x' + word(9n) });
  }
  return out;
}

const place = (log: LogDoc): PlacedLog => ({ ...log, block: 1n, blockHash: '0x' + '11'.repeat(32), transactionHash: '0x' + '22'.repeat(32), transactionIndex: 0, logIndex: 0, timestamp: 0 });

export const transferLogsTarget = defineTarget({
  name: 'transfer-logs',
  subject: 'transfersOfLogs (src/wallet/transfers/decode.ts) of one log of each transfer standard and EIP-7708, emitter, topics and data mutated',
  reference: "viem decodeEventLog (strict) of the event the emitter, topic0 and topic count name; no throw ever",
  seeds: 'ERC-20/721 Transfer, ERC-1155 TransferSingle/TransferBatch, WETH Deposit/Withdrawal, EIP-7708 Transfer and Burn, between the accounts and others',
  stricter: STRICTER,
  async load() {
    const all = seeds();
    for (const s of all) {
      const ours = transfersOfLogs([place(s)], ACCOUNTS, 'bloom-scan').map(({ asset, standard, from, to, amount, tokenId }) => ({ asset, standard, from, to, amount, ...(tokenId !== undefined ? { tokenId } : {}) }));
      if (!sameMovements(ours, referenceMovements(s))) throw new Error(`a transfer-logs seed reads differently in viem: ${JSON.stringify(s)}`);
    }
    return all;
  },
  run(all: LogDoc[], rng: Rng): Outcome {
    const seed = rng.pick(all);
    let log: LogDoc;
    let op: string;
    if (rng.chance(0.3)) {
      const m = mutateBytes(rng, Uint8Array.from(Buffer.from(seed.data.slice(2), 'hex')), { donors: all.map((s) => Uint8Array.from(Buffer.from(s.data.slice(2), 'hex'))) });
      log = { ...seed, data: bytesToHex(m.value) };
      op = `data:${m.op}`;
    } else {
      const dictionary = [...Object.values(TOPIC0), ...[A, B, C, ZERO_ADDRESS].map(topic), A, B, EIP7708_EMITTER, TOKEN];
      const m = mutateJson(rng, seed, { dictionary });
      log = m.value as LogDoc;
      op = m.op;
    }
    const ours = attempt(() =>
      transfersOfLogs([place(log)], ACCOUNTS, 'bloom-scan').map(({ asset, standard, from, to, amount, tokenId }) => ({ asset, standard, from, to, amount, ...(tokenId !== undefined ? { tokenId } : {}) })),
    );
    const input = log;
    if (!ours.ok) return { op, verdict: 'UNTYPED', wrong: `transfersOfLogs threw: ${String(ours.error).slice(0, 200)}`, input };
    let theirs: Movement[] | undefined;
    try {
      theirs = referenceMovements(log);
    } catch {
      theirs = undefined;
    }
    const verdict = ours.value.length > 0 ? 'transfer' : 'none';
    if (ours.value.length > 0 && (theirs === undefined || !sameMovements(ours.value, theirs))) return { op, verdict, wrong: theirs === undefined ? 'Vigil read a transfer the reference refuses' : 'Vigil read another transfer than the reference', input };
    if (ours.value.length === 0 && theirs !== undefined && theirs.length > 0) {
      const why = stricterClass(log);
      return why === undefined ? { op, verdict, wrong: 'Vigil read no transfer where the reference reads one, for no listed reason', input } : { op, verdict, stricter: why, input };
    }
    return { op, verdict, input };
  },
});
