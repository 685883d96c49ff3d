/**
 * Baits on the devnet (issue 36): contracts that pay their caller back five times what it sent
 * only when what they read looks like a simulation and not the block the transaction is mined in
 * (src/devnet/contracts/VigilBaits.sol): BASEFEE 0, GASPRICE 0, the head's fee recipient or
 * prevRandao (the devnet gives every block its own), more gas left than the signed limit leaves,
 * the head's time; and, now that the devnet's node makes each block's system calls (issue 51), the
 * beacon root (EIP-4788), the parent's hash (BLOCKHASH, EIP-2935) and the number: the head's, or
 * none (a run without the system calls), or the number of the block after the head. Each is
 * previewed as the wallet previews it (the approval window's simulation over proven state, and
 * `vigil simulate`) and then sent for real: none may show a payout it does not make on chain.
 * Either the preview shows what the chain then does, or the transaction is refused before any
 * window (EFFECTS_DEPEND_ON_BLOCK), or the window warns that it depends on the block.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAbi, encodeFunctionCall, eventTopic } from '../../src/execution/abi.ts';
import { bigIntToHex, bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { blobBaseFee } from '../../src/execution/block-env.ts';
import { requestOfTx } from '../../src/client/wallet/transaction-host.ts';
import { previewAgainst } from '../../src/client/wallet/transaction-preview.ts';
import { prepareTransaction, type WalletHead } from '../../src/client/wallet/transactions.ts';
import { ARTIFACTS, type ContractName } from '../../src/devnet/contracts/artifacts.ts';
import { parseTransactionRequest } from '../../src/wallet/transaction-request.ts';
import type { TransactionEffects } from '../../src/wallet/transaction-effects.ts';
import { rpc, type RunningDevnet, startDevnetProcess, vigil, until } from './helpers.ts';
import { type DevnetWallet, walletOnDevnet } from './wallet-devnet.ts';

/** The wallet's account (Hardhat's dev account 0): what the window previews and signs for. */
const ACCOUNT0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
/** The attacker (dev account 1): deploys and arms the baits. */
const ATTACKER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
/** A victim sent for real through the node's own unlocked account (dev account 2), where the wallet refuses to sign. */
const VICTIM = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc';
const UNIT = 10n ** 18n;
const SENT = UNIT / 10n;
const PAID = eventTopic('Paid(address,uint256)');
const BAIT = encodeFunctionCall('bait()', []);

let devnet: RunningDevnet;
let w: DevnetWallet;
/** Each bait's address. */
let baits: Record<BaitName, string>;

beforeAll(async () => {
  devnet = await startDevnetProcess([]);
  w = await walletOnDevnet(devnet.info);
  const end = Date.now() + 60_000;
  while (w.session.walletChain()?.signingHead() === undefined) {
    if (Date.now() > end) throw new Error('no verified head');
    await sleep(100);
  }
  const connect = w.wallet.requests.requestAccounts({ origin: 'http://127.0.0.1:1' });
  await w.approveNext();
  await connect;
  baits = await deployAll({
    BaseFeeBait: ['BaseFeeBait', '0x'],
    GasPriceBait: ['GasPriceBait', '0x'],
    // Pays when more than 1,000,000 gas is left: the signed limit (an estimate of a few ten thousand) never leaves that much.
    GasLeftBait: ['GasLeftBait', bytesToHex(encodeAbi(['uint256'], [1_000_000n]))],
    TimestampBait: ['TimestampBait', '0x'],
    CoinbaseBait: ['CoinbaseBait', '0x'],
    PrevRandaoBait: ['PrevRandaoBait', '0x'],
    BeaconRootBait: ['BeaconRootBait', '0x'],
    BlockhashBait: ['BlockhashBait', '0x'],
    HistoryBait: ['HistoryBait', '0x'],
    // NumberBait(offset, span): pays in the blocks [armed + offset, armed + offset + span).
    HeadNumberBait: ['NumberBait', numberBaitArgs(0n, 1n)],
    NextNumberBait: ['NumberBait', numberBaitArgs(1n, 1n)],
    TwoBlockNumberBait: ['NumberBait', numberBaitArgs(1n, 2n)],
    NextHashBait: ['NextHashBait', '0x'],
    NumberThenRandaoBait: ['NumberThenRandaoBait', '0x'],
    BlobBaseFeeBait: ['BlobBaseFeeBait', '0x'],
    GasLimitBait: ['GasLimitBait', '0x'],
  });
}, 180_000);
afterAll(async () => {
  await w?.stop();
  await devnet?.stop('SIGKILL');
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Receipt = { status: string; blockNumber: string; contractAddress: string | null; logs: { address: string; topics: string[] }[] };

async function receipt(hash: string): Promise<Receipt> {
  for (let i = 0; i < 400; i++) {
    const r = (await rpc(devnet.info.nodeRpc, 'eth_getTransactionReceipt', [hash])) as Receipt | null;
    if (r) return r;
    await sleep(100);
  }
  throw new Error(`no receipt of ${hash}`);
}

/** Sends from one of the node's unlocked dev accounts and waits for the receipt. */
async function send(tx: Record<string, unknown>): Promise<Receipt> {
  return receipt((await rpc(devnet.info.nodeRpc, 'eth_sendTransaction', [tx])) as string);
}

type BaitName =
  | 'BaseFeeBait'
  | 'GasPriceBait'
  | 'CoinbaseBait'
  | 'PrevRandaoBait'
  | 'TimestampBait'
  | 'GasLeftBait'
  | 'BeaconRootBait'
  | 'BlockhashBait'
  | 'HistoryBait'
  | 'HeadNumberBait'
  | 'NextNumberBait'
  | 'TwoBlockNumberBait'
  | 'NextHashBait'
  | 'NumberThenRandaoBait'
  | 'BlobBaseFeeBait'
  | 'GasLimitBait';

const numberBaitArgs = (offset: bigint, span: bigint) => bytesToHex(encodeAbi(['uint256', 'uint256'], [offset, span]));

/**
 * Deploys the baits (each a contract and its constructor's arguments), each funded with 10 ETH
 * (what it pays with), from the attacker: all sent at once (the node orders the attacker's
 * nonces), then waited for a verified head that holds them.
 */
async function deployAll(baits: Record<BaitName, [ContractName, string]>): Promise<Record<BaitName, string>> {
  const names = Object.keys(baits) as BaitName[];
  const hashes = [];
  for (const name of names) {
    const [contract, args] = baits[name];
    hashes.push((await rpc(devnet.info.nodeRpc, 'eth_sendTransaction', [{ from: ATTACKER, data: ARTIFACTS[contract].bytecode + args.slice(2), gas: bigIntToHex(1_000_000n) }])) as string);
  }
  const created = await Promise.all(hashes.map(receipt));
  for (const r of created) expect(r.status).toBe('0x1');
  const funding = [];
  for (const r of created) funding.push((await rpc(devnet.info.nodeRpc, 'eth_sendTransaction', [{ from: ATTACKER, to: r.contractAddress, value: bigIntToHex(10n * UNIT), gas: bigIntToHex(100_000n) }])) as string);
  const funded = await Promise.all(funding.map(receipt));
  for (const r of funded) expect(r.status).toBe('0x1');
  // Previewed only on a head that holds them, funded.
  const last = funded.reduce((n, r) => (BigInt(r.blockNumber) > n ? BigInt(r.blockNumber) : n), 0n);
  for (let i = 0; (w.session.walletChain()?.signingHead()?.head.blockNumber ?? -1n) < last; i++) {
    if (i > 600) throw new Error('no verified head holds the baits');
    await sleep(50);
  }
  return Object.fromEntries(names.map((name, k) => [name, created[k]!.contractAddress!.toLowerCase()])) as Record<BaitName, string>;
}

/** The bait's balance change in the block that mined `r`: what it kept (or, negative, paid out). */
async function keptIn(bait: string, r: Receipt): Promise<bigint> {
  const at = BigInt(r.blockNumber);
  const [before, after] = await Promise.all([rpc(devnet.info.nodeRpc, 'eth_getBalance', [bait, bigIntToHex(at - 1n)]), rpc(devnet.info.nodeRpc, 'eth_getBalance', [bait, bigIntToHex(at)])]);
  return BigInt(after as string) - BigInt(before as string);
}

const paid = (r: Receipt) => r.logs.some((l) => l.topics[0] === PAID);

/** The signing head at block `n` exactly (the attacker armed the bait there), taken while it is the head. */
async function headAt(n: bigint): Promise<WalletHead | undefined> {
  for (let i = 0; i < 600; i++) {
    const h = w.session.walletChain()?.signingHead();
    if (h !== undefined && h.head.blockNumber === n) return h;
    if (h !== undefined && h.head.blockNumber > n) return undefined;
    await sleep(10);
  }
  return undefined;
}

/** The victim's bait call sent for real through the node's unlocked account, with the gas limit and fees the wallet prepared. */
async function sendAsPrepared(bait: string, prepared: Awaited<ReturnType<typeof prepareTransaction>>): Promise<Receipt> {
  const tx = prepared.tx;
  return send({
    from: VICTIM,
    to: bait,
    value: bigIntToHex(SENT),
    data: bytesToHex(tx.data),
    gas: bigIntToHex(tx.gasLimit),
    ...(tx.type === 2 || tx.type === 4 ? { maxFeePerGas: bigIntToHex(tx.maxFeePerGas), maxPriorityFeePerGas: bigIntToHex(tx.maxPriorityFeePerGas) } : { gasPrice: bigIntToHex(tx.gasPrice) }),
  });
}

/**
 * Arms `bait` and previews a call to it at the head it was armed in, as the window does (prepared as
 * the wallet prepares it); `data` is the page's calldata, which may name what it knows by then.
 */
async function previewAtArmedHead(
  bait: string,
  from: string,
  data: (head: WalletHead) => Promise<string> = async () => BAIT,
): Promise<{ head: WalletHead; result: Promise<TransactionEffects>; prepared: Awaited<ReturnType<typeof prepareTransaction>> }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const armed = await send({ from: ATTACKER, to: bait, data: encodeFunctionCall('arm()', []), gas: bigIntToHex(100_000n) });
    const head = await headAt(BigInt(armed.blockNumber));
    if (head === undefined) continue;
    const chain = w.session.walletChain()!;
    const now = Math.floor(Date.now() / 1000);
    const request = parseTransactionRequest({ from, to: bait, value: bigIntToHex(SENT), data: await data(head) });
    const prepared = await prepareTransaction(chain, request, { origin: { kind: 'wallet' }, pending: [], now });
    const result = previewAgainst(chain, [requestOfTx(prepared.tx, request.from)], undefined, { now, at: head }).then((p) => p.effects);
    return { head, result, prepared };
  }
  throw new Error('the head never stopped at the armed block');
}

/** The transaction through the wallet: the window's effects, then the mined receipt once approved. */
async function throughWallet(to: string, key: string): Promise<{ effects: TransactionEffects; mined: Receipt }> {
  const opened = w.opened.length;
  const sent = w.wallet.requests.sendTransaction({ origin: 'http://127.0.0.1:1', requestKey: key }, { from: ACCOUNT0, to, value: bigIntToHex(SENT), data: BAIT });
  await until('the approval window', () => w.opened.length > opened, 120_000, 25);
  const view = await w.wallet.approvals.get(w.opened[opened]!);
  await w.approveNext();
  return { effects: view.details.effects as TransactionEffects, mined: await receipt(await sent) };
}

/** `vigil simulate` of a call to the bait, live (or at `header`, a block pinned as the head). */
async function cliSimulate(bait: string, header?: unknown): Promise<{ code: number | null; json: Record<string, unknown> }> {
  const { info } = devnet;
  const head = header === undefined ? ['--beacon-api', info.beaconApi, '--checkpoint', info.checkpoint] : ['--header', writeHeader(header)];
  const r = await vigil(['simulate', '--network-config', info.networkConfig, ...head, '--execution-rpc', info.executionRpc, '--from', VICTIM, '--to', bait, '--value', SENT.toString(), '--data', BAIT], 120_000);
  return { code: r.code, json: JSON.parse(r.stdout || '{}') as Record<string, unknown> };
}

function writeHeader(block: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-bait-')), 'head.json');
  writeFileSync(file, JSON.stringify(block));
  return file;
}

/** What the window shows the user get: their own native change (the fee apart). */
const ownNative = (e: TransactionEffects) => BigInt(e.own.find((c) => c.asset === 'native')?.amount ?? '0');

describe('baits that tell a simulation from a block', () => {
  for (const name of ['BaseFeeBait', 'GasPriceBait', 'GasLeftBait'] as const) {
    it(`${name}: the window shows no payout, the chain makes none, and vigil simulate shows none`, async () => {
      const bait = baits[name];
      // The CLI (the victim's view) and the wallet (account 0's) at once: neither moves the other's state.
      const [cli, { effects, mined }] = await Promise.all([cliSimulate(bait), throughWallet(bait, `bait-${name}`)]);
      expect(cli.code, JSON.stringify(cli.json)).toBe(0);
      expect(ownNative(cli.json as unknown as TransactionEffects)).toBe(-SENT);
      expect(effects.ok).toBe(true);
      expect(ownNative(effects)).toBe(-SENT);
      expect(BigInt(effects.fee!)).toBeGreaterThan(0n);
      expect(effects.dependsOnBlock).toBeUndefined();
      // On chain: it kept what it was sent, and paid nothing.
      expect(mined.status).toBe('0x1');
      expect(paid(mined)).toBe(false);
      expect(await keptIn(bait, mined)).toBe(SENT);
    }, 240_000);
  }

  it("TimestampBait (pays at the head's time): the window, a block later, shows no payout; the chain makes none", async () => {
    const bait = baits.TimestampBait;
    const { result } = await previewAtArmedHead(bait, ACCOUNT0);
    const atHead = await result;
    expect(ownNative(atHead)).toBe(-SENT);
    expect(atHead.blockReads).toContain('timestamp');
    const { effects, mined } = await throughWallet(bait, 'bait-time');
    expect(ownNative(effects)).toBe(-SENT);
    expect(paid(mined)).toBe(false);
    expect(await keptIn(bait, mined)).toBe(SENT);
  }, 240_000);

  // The words the refusal names the read with, and what the bait pays under.
  const REFUSED = {
    CoinbaseBait: ['fee recipient', "the head's fee recipient"],
    PrevRandaoBait: ['randomness (prevRandao)', "the head's prevRandao"],
    NextNumberBait: ['number', 'the number of the block after the head, the one the window runs it in'],
  } as const;
  for (const [name, [read, under]] of Object.entries(REFUSED) as [keyof typeof REFUSED, (typeof REFUSED)[keyof typeof REFUSED]][]) {
    it(`${name} (pays under ${under}): refused before any window with EFFECTS_DEPEND_ON_BLOCK; sent anyway, the chain pays nothing`, async () => {
      const bait = baits[name];
      const { head, result, prepared } = await previewAtArmedHead(bait, VICTIM);
      await expect(result).rejects.toMatchObject({ code: 'EFFECTS_DEPEND_ON_BLOCK', shortMessage: expect.stringContaining(`reads the block's ${read}`) });
      // `vigil simulate` with that block as its head refuses the same.
      const block = await rpc(devnet.info.nodeRpc, 'eth_getBlockByNumber', [bigIntToHex(head.head.blockNumber), false]);
      const cli = await cliSimulate(bait, block);
      expect(cli.code).toBe(1);
      expect(cli.json).toMatchObject({ error: { code: 'EFFECTS_DEPEND_ON_BLOCK' } });
      // Sent for real with the limit and fees the wallet prepared: the next block has another fee recipient and prevRandao.
      const mined = await sendAsPrepared(bait, prepared);
      expect(mined.status).toBe('0x1');
      // Not in the block after the head: it was made before the light client verified the head.
      expect(BigInt(mined.blockNumber)).toBeGreaterThan(head.head.blockNumber + 1n);
      expect(paid(mined)).toBe(false);
      expect(await keptIn(bait, mined)).toBe(SENT);
    }, 240_000);
  }

  // What each reads of the block it lands in. The hash and beacon root of a block not made yet are
  // not known: where a bait compares them with a value, the other side is named beside the truth.
  const HEAD_READS = {
    BeaconRootBait: [['timestamp', 'beaconRoot'], "under the head's parent beacon root, or with no root for the block's time (no EIP-4788 system call)"],
    BlockhashBait: [['number', 'blockHash'], "when BLOCKHASH of the parent is the head's parent's, or zero"],
    HistoryBait: [['number', 'blockHash'], "when EIP-2935 answers the head's parent's hash for the parent, or zero, or refuses (no system call)"],
    HeadNumberBait: [['number'], "at the head's number"],
  } as const;
  for (const [name, [reads, when]] of Object.entries(HEAD_READS) as [keyof typeof HEAD_READS, (typeof HEAD_READS)[keyof typeof HEAD_READS]][]) {
    it(`${name} (pays ${when}): the node's eth_call in the head's block shows the payout; the window, a block later, shows none, nor does vigil simulate; the chain makes none`, async () => {
      const bait = baits[name];
      const { head, result } = await previewAtArmedHead(bait, ACCOUNT0);
      // It is a bait: run in the head's block (the node's own eth_call at the head), it pays.
      expect(await paysAt(bait, head.head.blockNumber)).toBe(true);
      const atHead = await result;
      expect(ownNative(atHead)).toBe(-SENT);
      expect(atHead.blockReads).toEqual(reads);
      const [cli, { effects, mined }] = await Promise.all([cliSimulate(bait), throughWallet(bait, `bait-${name}`)]);
      expect(cli.code, JSON.stringify(cli.json)).toBe(0);
      expect(ownNative(cli.json as unknown as TransactionEffects)).toBe(-SENT);
      expect(ownNative(effects)).toBe(-SENT);
      expect(mined.status).toBe('0x1');
      expect(paid(mined)).toBe(false);
      expect(await keptIn(bait, mined)).toBe(SENT);
    }, 240_000);
  }

  // Audit F1 (c), fixed by following the number over every block the transaction can land in
  // (issue 68): a bait paying in N+1 and N+2 only branches on the number, and its other side (from
  // N+3 on) keeps what it was sent. N+1 was made before the light client verified N, so the
  // transaction lands in N+2 at the earliest, and later whenever the signing head lags the chain by
  // two blocks or more. Sent here once block N+2 is made, as a transaction signed at head N then is.
  it('TwoBlockNumberBait (pays in the two blocks after the head, the two the window runs it in): the window shows what the chain does, or refuses, or warns', async () => {
    const bait = baits.TwoBlockNumberBait;
    const { head, result, prepared } = await previewAtArmedHead(bait, VICTIM);
    const n = head.head.blockNumber;
    const preview = await result.then(
      (effects) => ({ effects }),
      (err: unknown) => ({ err }),
    );
    for (let i = 0; BigInt((await rpc(devnet.info.nodeRpc, 'eth_blockNumber', [])) as string) < n + 2n; i++) {
      if (i > 600) throw new Error('no block N+2');
      await sleep(20);
    }
    const mined = await sendAsPrepared(bait, prepared);
    expect(mined.status).toBe('0x1');
    expect(BigInt(mined.blockNumber)).toBeGreaterThan(n + 2n);
    expect(paid(mined)).toBe(false);
    // The invariant: refused (EFFECTS_DEPEND_ON_BLOCK), a block-dependence warning, or no payout shown.
    if ('err' in preview) expect(preview.err).toMatchObject({ code: 'EFFECTS_DEPEND_ON_BLOCK' });
    else if (preview.effects.dependsOnBlock === undefined) expect(ownNative(preview.effects)).toBe(-SENT);
  }, 240_000);
});

describe("the audit's F1 and F2 baits on the devnet (issue 68)", () => {
  /** Waits for the node to have made block `n` and returns its hash. */
  async function hashOf(n: bigint): Promise<string> {
    for (let i = 0; i < 600; i++) {
      const b = (await rpc(devnet.info.nodeRpc, 'eth_getBlockByNumber', [bigIntToHex(n), false])) as { hash: string } | null;
      if (b !== null) return b.hash;
      await sleep(20);
    }
    throw new Error(`no block ${n}`);
  }

  it('F1 (a): a page passes the hash of the block after the head, which it knows; "pay unless BLOCKHASH(N+1) is it" pays in the window\'s first run (0 there): refused; sent anyway, the chain keeps the value', async () => {
    const bait = baits.NextHashBait;
    const { head, result, prepared } = await previewAtArmedHead(bait, VICTIM, async (h) => encodeFunctionCall('bait(bytes32)', [hexToBytes(await hashOf(h.head.blockNumber + 1n))]));
    await expect(result).rejects.toMatchObject({ code: 'EFFECTS_DEPEND_ON_BLOCK', shortMessage: expect.stringContaining('hash of a block not made yet') });
    const mined = await sendAsPrepared(bait, prepared);
    expect(BigInt(mined.blockNumber)).toBeGreaterThan(head.head.blockNumber + 1n);
    expect(paid(mined)).toBe(false);
    expect(await keptIn(bait, mined)).toBe(SENT);
  }, 240_000);

  it('F1 (b): prevRandao read only in block N+2, on the side of a branch the first run does not take: followed there, named beside the −value shown; the chain keeps the value', async () => {
    const bait = baits.NumberThenRandaoBait;
    const { result, prepared } = await previewAtArmedHead(bait, VICTIM, async () => encodeFunctionCall('bait(uint256)', [0x1234n]));
    const shown = await result;
    expect(ownNative(shown)).toBe(-SENT);
    expect(shown.blockReads).toEqual(['number', 'prevRandao']);
    // The side that pays needs more gas than the limit prepared for the side shown: with that limit it
    // fails there (only the fee is taken), and the window says where; with more gas it would pay, named.
    const where = shown.failsIf?.[0] ?? shown.dependsOnBlock?.where;
    expect(where).toMatch(/randomness \(prevRandao\)/);
    const mined = await sendAsPrepared(bait, prepared);
    expect(paid(mined)).toBe(false);
  }, 240_000);

  it("F2: BLOBBASEFEE and GASLIMIT compared with what the wallet computes for the block after its head: refused before any window", async () => {
    for (const [name, value] of [['BlobBaseFeeBait', (h: WalletHead) => blobBaseFee({ fork: h.env.fork, excessBlobGas: h.env.nextExcessBlobGas ?? h.env.excessBlobGas })], ['GasLimitBait', (h: WalletHead) => h.env.gasLimit]] as const) {
      const { result } = await previewAtArmedHead(baits[name], VICTIM, async (h) => encodeFunctionCall('bait(uint256)', [value(h)]));
      await expect(result, name).rejects.toMatchObject({ code: 'EFFECTS_DEPEND_ON_BLOCK' });
    }
  }, 240_000);
});

/** Whether the bait's `pays()` reads true in block `n` (the node's eth_call there, in that block's own values). */
async function paysAt(bait: string, n: bigint): Promise<boolean> {
  const word = (await rpc(devnet.info.nodeRpc, 'eth_call', [{ to: bait, data: encodeFunctionCall('pays()', []) }, bigIntToHex(n)])) as string;
  return BigInt(word) === 1n;
}
