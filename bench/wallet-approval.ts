/**
 * One-shot: from the user's click on "Approve" to the signed transaction handed to the RPC,
 * excluding the network. The background's real path (src/client/wallet/approvals.ts
 * resolve): the approval moved pending → approved in a Dexie transaction, the sender
 * proven again at the newest head and the signing policy run again, the key (derived once per
 * unlock) signing, the signed bytes and the activity row written before broadcast, then
 * sendRawTransaction. The chain answers instantly (a scripted WalletChain whose proof read and
 * broadcast cost nothing), so what is timed is Vigil's own work; Dexie runs on fake-indexeddb
 * (Node), slower than a browser's IndexedDB. Anchor: viem's `privateKeyToAccount().signTransaction`
 * of the same transaction in the same run (the signing alone, with no checks and no bookkeeping).
 * Target: ≤ 50 ms per approval.
 * Usage: node --import tsx bench/wallet-approval.ts   (prints markdown)
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { cpus } from 'node:os';
import { privateKeyToAccount } from 'viem/accounts';
import { checkSignIn } from '../src/client/wallet/sign-in.ts';
import type { WalletChain } from '../src/client/wallet/transactions.ts';
import { cryptoReady } from '../src/crypto/backend.ts';
import type { BlockEnv } from '../src/execution/block-env.ts';
import { Wallet } from '../src/client/wallet/wallet.ts';
import { openVigilDb } from '../src/storage/db.ts';
import { WalletRepo } from '../src/storage/wallet.ts';
import { typedDataDigest } from '../src/wallet/typed-data.ts';
import { transactionHost } from '../src/client/wallet/transaction-host.ts';
import { repoCallsStatus } from '../src/client/wallet/batches/calls-status.ts';
import { prepareBatch } from '../src/client/wallet/batches/prepare.ts';
import { parseSendCalls } from '../src/wallet/send-calls.ts';
import { localVaultWork } from '../src/wallet/keyring-changes.ts';

const RUNS = process.env.BENCH_QUICK === '1' ? 10 : 60;
const GWEI = 10n ** 9n;
const NOW_S = 1_800_000_000;
const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const EMPTY_CODE = '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470';

await cryptoReady();
const env: BlockEnv = {
  chainId: 31337n,
  fork: 'prague',
  number: 100n,
  hash: new Uint8Array(32).fill(0xaa),
  parentHash: new Uint8Array(32).fill(0xab),
  stateRoot: new Uint8Array(32).fill(0x22),
  timestamp: BigInt(NOW_S - 4),
  coinbase: new Uint8Array(20),
  prevRandao: new Uint8Array(32).fill(0x11),
  gasLimit: 30_000_000n,
  baseFeePerGas: 10n * GWEI,
  excessBlobGas: 0n,
};
/** Signed by 500 of 512: a head transactions are signed against. */
const HEAD = { blockNumber: 100n, blockHash: '0x' + 'aa'.repeat(32), timestamp: BigInt(NOW_S - 4), signedBy: { participants: 500, committeeSize: 512 } };
let sentAt = 0;
let nonce = 0n;
const chain: WalletChain = {
  network: { chainId: 31337n, name: 'Devnet', maxHeadAgeSeconds: 60 },
  signingHead: () => ({ head: HEAD, env, nextBaseFee: 10n * GWEI }),
  newestHead: () => HEAD,
  proveAccount: async (address, at) => ({ address, nonce, balance: 10n ** 21n, codeHash: EMPTY_CODE, blockNumber: at.head.blockNumber, blockHash: at.head.blockHash }),
  execution: {
    run: async () => ({ outcome: { status: 'success', returnData: '0x', gasUsed: '0x5208', gas: '0x5208' }, steps: 1, proven: { accounts: 1, slots: 0 }, endpoints: [] }),
    sendRawTransaction: async () => {
      sentAt = performance.now();
      nonce++; // the transaction is "included" at once: the next one starts from the proven nonce
      return { hash: '0x' };
    },
    suggestedTip: async () => GWEI,
    feeHistory: async () => ({}),
  },
};
const session = new Map<string, unknown>();
const opened: string[] = [];
const repo = new WalletRepo(await openVigilDb({ name: 'bench-wallet', indexedDB: new IDBFactory(), IDBKeyRange }));
const wallet = new Wallet({
  repo,
  session: { get: async (k) => session.get(k), set: async (k, v) => void session.set(k, v), remove: async (k) => void session.delete(k) },
  random: (n) => crypto.getRandomValues(new Uint8Array(n)),
  now: () => NOW_S * 1000,
  openApproval: async (id) => void opened.push(id),
  vaultWork: localVaultWork,
  chain: () => chain,
  chainReader: () => undefined,
  network: () => ({ id: 'devnet', chainId: 31337, name: 'Devnet' }),
  networkForChain: () => 'devnet',
  switchNetwork: async () => {},
  emit: () => {},
  scrypt: { N: 2 ** 10, r: 8, p: 1 },
  checkSignIn: async (claim, origin, address) => checkSignIn(claim, origin, address, NOW_S * 1000),
  typedDataDigest: async (typedData, chainId) => typedDataDigest(typedData, chainId),
  proveToken: () => Promise.reject(new Error('no token is followed in this bench')),
  transactions: transactionHost({ chain: () => chain }),
  readCalls: async (params) => parseSendCalls(params),
  prepareCalls: (origin, from, calls, pending) => prepareBatch({ chain, pending, now: NOW_S }, origin, from, calls),
  // No batch is sent in this bench.
  advanceBatches: async () => {},
  callsStatus: repoCallsStatus(repo, () => 31337, () => undefined),
  atomic: async () => false,
});
await wallet.keyring.create({ password: 'correct horse battery', mnemonic: 'test test test test test test test test test test test junk' });

const samples: number[] = [];
for (let i = 0; i < RUNS + 5; i++) {
  const done = wallet.requests.send({ from: ACCOUNT0, to: '0x000000000000000000000000000000000000bEEF', value: '0x1' });
  while (opened.length <= i) await new Promise((r) => setTimeout(r, 0));
  const t0 = performance.now();
  await wallet.approvals.resolve(opened[i]!, true);
  await done;
  if (i >= 5) samples.push(sentAt - t0);
  // Settled at once, as if a verified receipt had come: the pending list stays empty.
  for (const row of await repo.unsettled(31337)) await repo.putActivity({ ...row, status: 'included' });
}

const viem = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const anchor: number[] = [];
for (let i = 0; i < RUNS + 5; i++) {
  const t0 = performance.now();
  await viem.signTransaction({ chainId: 31337, type: 'eip1559', nonce: i, to: '0x000000000000000000000000000000000000bEEF', value: 1n, gas: 21000n, maxFeePerGas: 21n * GWEI, maxPriorityFeePerGas: GWEI });
  if (i >= 5) anchor.push(performance.now() - t0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
const m = median(samples);
console.log(`### Approval → broadcast, excluding the network (median of ${RUNS}; target ≤ 50 ms)`);
console.log();
console.log('| step | median ms | p90 ms | ÷ anchor | target |');
console.log('|---|---:|---:|---:|---|');
console.log(`| Vigil: click → policy re-check on a fresh proof → sign → signed bytes and activity written (Dexie, fake-indexeddb) → sendRawTransaction | ${m.toFixed(2)} | ${p90(samples).toFixed(2)} | ${(m / median(anchor)).toFixed(1)}× | ${m <= 50 ? '✅ met' : '❌ missed'} |`);
console.log(`| anchor: viem signTransaction alone (no checks, no bookkeeping) | ${median(anchor).toFixed(2)} | ${p90(anchor).toFixed(2)} | 1.00× | |`);
console.log();
console.log(`- machine: ${cpus()[0]?.model.trim()} × ${cpus().length}; node ${process.version}; ${new Date().toISOString()}`);
process.exit(0);
