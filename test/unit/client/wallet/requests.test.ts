/**
 * What sites ask of the wallet (src/client/wallet/requests.ts): connect, send, sign, refusals from
 * the signing policy and the permissions, revoke; each error as the EIP-1193 error a page gets.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { decodeTransaction, recoverSender } from '../../../../src/execution/transactions.ts';
import { encodeAbi } from '../../../../src/execution/abi.ts';
import { toProviderError } from '../../../../src/provider/handler.ts';
import { WalletError } from '../../../../src/wallet/errors.ts';
import { l2KeyMessage } from '../../../../src/wallet/l2-keys.ts';
import { parseTypedData, recoverTypedDataAddress } from '../../../../src/wallet/typed-data.ts';
import { recoverPersonalMessageAddress } from '../../../../src/wallet/personal-message.ts';
import { transactionHost, type TransactionHost } from '../../../../src/client/wallet/transaction-host.ts';
import { reviewTypedData } from '../../../../src/client/wallet/typed-data-review.ts';
import type { WalletChain } from '../../../../src/client/wallet/transactions.ts';
import { ACCOUNT0, answer, APP, connected, freshWorld, GWEI, NOW_S, opened, OTHER, RECIPIENT, scriptedChain, setup, type World } from './wallet-world.ts';

beforeAll(cryptoReady);

describe('WalletRequests', () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  it('answers 4100 at once to a connect before any wallet exists (no window that cannot be approved)', async () => {
    const { wallet } = await setup(world);
    const err = await wallet.requests.requestAccounts({ origin: APP }).catch((e: unknown) => e);
    expect(toProviderError(err).code).toBe(4100);
    expect(world.opened).toEqual([]);
  });

  it('creates a vault, connects one origin through an approval, and no other', async () => {
    const { wallet } = await connected(world);
    expect((await wallet.state()).accounts.map((a) => a.address)).toEqual([ACCOUNT0]);
    expect(world.events).toContainEqual({ event: { event: 'accountsChanged', data: [ACCOUNT0.toLowerCase()] }, origin: APP });
    expect(await wallet.requests.accounts(OTHER)).toEqual([]);
    expect(await wallet.requests.getPermissions(APP)).toMatchObject([{ parentCapability: 'eth_accounts', caveats: [{ value: [ACCOUNT0.toLowerCase()] }] }]);
    // A second request of a connected origin needs no window.
    expect(await wallet.requests.requestAccounts({ origin: APP })).toEqual([ACCOUNT0.toLowerCase()]);
    expect(world.opened).toHaveLength(1);
  });

  it("sends the popup's own Send as the runtime message carries it (its `type` beside the transaction's fields)", async () => {
    const { wallet } = await connected(world);
    // The popup's message as background.ts receives it: the transaction's fields and the message's type.
    const message = { type: 'vigil:wallet:send', from: ACCOUNT0, to: RECIPIENT, value: '0x2' } as const;
    const hash = wallet.requests.send(message);
    await answer(world, wallet, true, 1);
    await hash;
    expect(world.sent).toHaveLength(1);
    expect(decodeTransaction(hexToBytes(world.sent[0]!))).toMatchObject({ type: 2, value: 2n, nonce: 5n });
  });

  it('sends a transaction filled from verified state, signed once, and shows the facts it relied on', async () => {
    const { wallet, repo } = await connected(world);
    const hash = wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-send' }, { from: ACCOUNT0.toLowerCase(), to: RECIPIENT, value: '0xde0b6b3a7640' });
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(view.details).toMatchObject({ verdict: { ok: true, facts: { nonce: '5', balance: String(10n ** 18n), blockNumber: '100' } }, gasSource: 'verified-estimate', tipSource: 'verified' });
    await wallet.approvals.resolve(view.id, true);
    const h = await hash;
    expect(world.sent).toHaveLength(1);
    const tx = decodeTransaction(hexToBytes(world.sent[0]!));
    expect(tx).toMatchObject({ type: 2, chainId: 31337n, nonce: 5n, gas: 21_000n, value: 0xde0b6b3a7640n, maxPriorityFeePerGas: GWEI, maxFeePerGas: 21n * GWEI });
    expect(bytesToHex(recoverSender(tx))).toBe(ACCOUNT0.toLowerCase());
    expect((await repo.getActivity(h))?.status).toBe('pending');
    // The next one counts the pending one: nonce 6.
    const second = wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-send-2' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' });
    await answer(world, wallet, true, 2);
    await second;
    expect(decodeTransaction(hexToBytes(world.sent[1]!)).nonce).toBe(6n);
  });

  it('takes one call to the transaction host to show a send and one to sign it; the signing side proves nothing itself', async () => {
    const calls: string[] = [];
    const host = transactionHost({ chain: () => scriptedChain(world) });
    const counted: TransactionHost = {
      prepare: (...a) => (calls.push('prepare'), host.prepare(...a)),
      recheck: (...a) => (calls.push('recheck'), host.recheck(...a)),
      replacement: (...a) => (calls.push('replacement'), host.replacement(...a)),
    };
    // The service worker's chain: its network and broadcast only; a proof or a run asked of it fails the test.
    const own = scriptedChain(world);
    const signingSide: WalletChain = {
      ...own,
      proveAccount: () => Promise.reject(new Error('the signing side proved an account')),
      execution: { ...own.execution, run: () => Promise.reject(new Error('the signing side ran the EVM')), suggestedTip: () => Promise.reject(new Error('the signing side priced a tip')) },
    };
    const { wallet } = await connected(world, { transactions: counted, chain: () => signingSide });
    const hash = wallet.requests.sendTransaction({ origin: APP }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' });
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(calls).toEqual(['prepare']);
    expect(view.details).toMatchObject({ verdict: { ok: true, facts: { nonce: '5' } } });
    await wallet.approvals.resolve(view.id, true);
    await hash;
    expect(calls).toEqual(['prepare', 'recheck']);
    expect(world.sent).toHaveLength(1);
  });

  it('a fee cap below the next base fee is refused in the window as such, not run as a failing simulation', async () => {
    let previewed = 0;
    const { wallet } = await connected(world, {
      previewTransactions: async () => {
        previewed++;
        throw new Error('nothing to simulate: the transaction cannot be included');
      },
    });
    const outcome = wallet.requests.sendTransaction({ origin: APP }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1', maxFeePerGas: '0x3b9aca00', maxPriorityFeePerGas: '0x1' }).catch((e: unknown) => e);
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(view.details).toMatchObject({ verdict: { ok: false, refusals: [{ code: 'FEE_BELOW_BASE_FEE' }] } });
    expect(previewed).toBe(0);
    // A refused verdict answers the page at once, with its code.
    expect(await outcome).toMatchObject({ code: 'FEE_BELOW_BASE_FEE' });
  });

  it('judges at approval on the facts the host proved then: a nonce used meanwhile refuses, nothing signed', async () => {
    const { wallet } = await connected(world);
    const outcome = wallet.requests.sendTransaction({ origin: APP }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch((e: unknown) => e);
    const id = await opened(world, 1);
    world.nonce = 6n;
    await wallet.approvals.resolve(id, true).catch(() => {});
    expect(await outcome).toMatchObject({ code: 'NONCE_NOT_VERIFIED' });
    expect(world.sent).toHaveLength(0);
  });

  it('refuses on a stale head and on an unprovable sender, with the code, and never offers to sign', async () => {
    const { wallet, repo } = await connected(world);
    world.now = (NOW_S + 120) * 1000;
    const stale = await wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-stale' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(WalletError);
    expect((stale as WalletError).code).toBe('STALE_HEAD');
    expect(toProviderError(stale).toJSON()).toMatchObject({ code: -32003, data: { code: 'STALE_HEAD' } });
    const row = await repo.getApproval(world.opened.at(-1)!);
    expect(row?.status).toBe('failed');
    await expect(wallet.approvals.resolve(row!.id, true)).resolves.toMatchObject({ status: 'failed' });

    world.now = NOW_S * 1000;
    world.lie = true;
    const lie = await wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-lie' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch((e: unknown) => e);
    expect((lie as WalletError).code).toBe('NONCE_NOT_VERIFIED');
    world.lie = false;
    world.balance = 21_000n * 21n * GWEI; // the value does not fit
    const poor = await wallet.requests.sendTransaction({ origin: APP }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch((e: unknown) => e);
    expect((poor as WalletError).code).toBe('INSUFFICIENT_VERIFIED_BALANCE');
    // Far beyond the balance: the policy's refusal with its numbers, not the estimator's revert.
    const far = await wallet.requests.sendTransaction({ origin: APP }, { from: ACCOUNT0, to: RECIPIENT, value: '0xde0b6b3a76400000' }).catch((e: unknown) => e);
    expect((far as WalletError).code).toBe('INSUFFICIENT_VERIFIED_BALANCE');
    expect(world.sent).toHaveLength(0);
  });

  it('signs against the head two thirds of its sync committee signed: a newer thin one changes nothing until that head is too old, then HEAD_THINLY_SIGNED', async () => {
    const { wallet } = await connected(world);
    const thin = { blockNumber: 102n, blockHash: '0x' + 'bb'.repeat(32), timestamp: BigInt(NOW_S - 1), signedBy: { participants: 16, committeeSize: 32 } };
    world.newest = thin;
    const hash = wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-thin-ok' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' });
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(view.details).toMatchObject({ verdict: { ok: true, facts: { blockNumber: '100' } } });
    await wallet.approvals.resolve(view.id, true);
    await hash;
    // 120 s on, the head two thirds signed is stale and only the thin one is newer: refused, in words, naming both.
    world.now = (NOW_S + 120) * 1000;
    const err = await wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-thin' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch((e: unknown) => e);
    expect((err as WalletError).code).toBe('HEAD_THINLY_SIGNED');
    expect((err as WalletError).shortMessage).toMatch(/block \(102\) was signed by fewer than two thirds of its sync committee \(16 of 32\)/);
    expect(toProviderError(err).toJSON()).toMatchObject({ code: -32003, data: { code: 'HEAD_THINLY_SIGNED' } });
    // No head two thirds signed at all: refused before anything is proven.
    world.head = undefined;
    world.now = NOW_S * 1000;
    const none = await wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-none' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch((e: unknown) => e);
    expect((none as WalletError).code).toBe('HEAD_THINLY_SIGNED');
    expect(world.sent).toHaveLength(1);
  });

  it('lets no origin use an account it was not given', async () => {
    const { wallet } = await connected(world);
    const err = await wallet.requests.sendTransaction({ origin: OTHER }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch((e: unknown) => e);
    expect(toProviderError(err).code).toBe(4100);
    const sign = await wallet.requests.personalSign({ origin: OTHER }, '0x68656c6c6f', ACCOUNT0).catch((e: unknown) => e);
    expect(toProviderError(sign).code).toBe(4100);
  });

  it('signs a personal message the user approved, and answers 4001 to one rejected', async () => {
    const { wallet } = await connected(world);
    const signature = wallet.requests.personalSign({ origin: APP }, '0x68656c6c6f', ACCOUNT0);
    await answer(world, wallet, true, 1);
    expect(recoverPersonalMessageAddress('0x68656c6c6f', await signature)).toBe(ACCOUNT0);
    const rejected = wallet.requests.personalSign({ origin: APP }, 'hello', ACCOUNT0).catch((e: unknown) => e);
    await answer(world, wallet, false, 2);
    expect(toProviderError(await rejected).code).toBe(4001);
  });

  it('marks a message of exactly 32 bytes (hex or text) as a possible user operation hash, no other length', async () => {
    const { wallet } = await connected(world);
    const cases: [string, boolean][] = [['0x' + 'ab'.repeat(32), true], ['a'.repeat(32), true], ['0x' + 'ab'.repeat(31), false], ['0x' + 'ab'.repeat(33), false], ['hello', false]];
    for (const [i, [message, bare]] of cases.entries()) {
      const pending = wallet.requests.personalSign({ origin: APP, requestKey: `k-bare-${i}` }, message, ACCOUNT0).catch(() => undefined);
      const view = await wallet.approvals.get(await opened(world, i + 1));
      expect([message, (view.details as { bareHash?: boolean }).bareHash === true]).toEqual([message, bare]);
      // Approved (a rejection would cool the site down for the next case).
      await wallet.approvals.resolve(view.id, true);
      await pending;
    }
  });

  it('refuses to sign the L2 key message for any page, in text or hex, before any window opens', async () => {
    const { wallet } = await connected(world);
    const text = l2KeyMessage(31339n);
    for (const message of [text, bytesToHex(new TextEncoder().encode(text)), l2KeyMessage(1n)]) {
      const err = await wallet.requests.personalSign({ origin: APP, requestKey: `k-${message.length}` }, message, ACCOUNT0).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WalletError);
      expect((err as WalletError).code).toBe('RESERVED_MESSAGE');
      expect(toProviderError(err).toJSON()).toMatchObject({ code: -32003, data: { code: 'RESERVED_MESSAGE' } });
    }
    expect(world.opened).toHaveLength(1); // the connect's window only
    // Any other message still gets its window.
    const other = wallet.requests.personalSign({ origin: APP }, 'Vigil rollup', ACCOUNT0);
    await answer(world, wallet, true, 1);
    expect(recoverPersonalMessageAddress('Vigil rollup', await other)).toBe(ACCOUNT0);
  });

  it('refuses a sign-in (ERC-4361) for another site or account before any window opens, and shows a matching one as a sign-in', async () => {
    const { wallet } = await connected(world);
    const siwe = (domain: string, address = ACCOUNT0) =>
      `${domain} wants you to sign in with your Ethereum account:\n${address}\n\nSign in to the app\n\nURI: https://app.example/login\nVersion: 1\nChain ID: 31337\nNonce: abcdef12\nIssued At: 2027-01-15T08:00:00Z\nExpiration Time: 2027-01-15T08:10:00Z`;
    for (const [message, code] of [
      [siwe('bank.example'), 'SIWE_DOMAIN_MISMATCH'],
      [siwe('app.example.evil.io'), 'SIWE_DOMAIN_MISMATCH'],
      [siwe('app.example:8443'), 'SIWE_DOMAIN_MISMATCH'],
      [siwe('http://app.example'), 'SIWE_DOMAIN_MISMATCH'],
      [siwe('app.example', RECIPIENT), 'SIWE_ADDRESS_MISMATCH'],
      [siwe('app.example').replace('\nNonce: abcdef12', ''), 'SIWE_MALFORMED'],
    ] as const) {
      const err = await wallet.requests.personalSign({ origin: APP }, message, ACCOUNT0).catch((e: unknown) => e);
      expect((err as WalletError).code, message).toBe(code);
      expect(toProviderError(err).toJSON()).toMatchObject({ code: -32003, data: { code } });
    }
    expect(world.opened).toHaveLength(1); // the connect's window only
    const signature = wallet.requests.personalSign({ origin: APP }, siwe('app.example'), ACCOUNT0);
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(view.details.siwe).toMatchObject({ domain: 'app.example', address: ACCOUNT0, chainId: '31337', nonce: 'abcdef12', expirationTime: '2027-01-15T08:10:00Z', expired: false, statement: 'Sign in to the app' });
    await wallet.approvals.resolve(view.id, true);
    expect(recoverPersonalMessageAddress(siwe('app.example'), await signature)).toBe(ACCOUNT0);
  });

  it('refuses typed data of another chain before any window opens', async () => {
    const { wallet } = await connected(world);
    const typed = { types: { EIP712Domain: [{ name: 'chainId', type: 'uint256' }], M: [{ name: 'a', type: 'uint256' }] }, primaryType: 'M', domain: { chainId: 1 }, message: { a: 1 } };
    const err = await wallet.requests.signTypedData({ origin: APP }, ACCOUNT0, typed).catch((e: unknown) => e);
    expect((err as WalletError).code).toBe('INVALID_TYPED_DATA');
    expect(world.opened).toHaveLength(1);
  });

  it('reviews typed data (its permits proven) only once the site may ask: a site cooling down gets REJECTED_RECENTLY and costs no review', async () => {
    let reviews = 0;
    const { wallet } = await connected(world, {
      typedDataDigest: async (typedData, chainId) => {
        reviews++;
        return reviewTypedData(scriptedChain(world), typedData, chainId);
      },
    });
    const typed = { types: { EIP712Domain: [{ name: 'chainId', type: 'uint256' }], M: [{ name: 'a', type: 'uint256' }] }, primaryType: 'M', domain: { chainId: 31337 }, message: { a: 1 } };
    const first = wallet.requests.signTypedData({ origin: APP }, ACCOUNT0, typed).catch((e: unknown) => e);
    await wallet.approvals.resolve(await opened(world, 1), false);
    expect((await first) as WalletError).toMatchObject({ code: 'USER_REJECTED' });
    expect(reviews).toBe(1);
    const again = await wallet.requests.signTypedData({ origin: APP }, ACCOUNT0, typed).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'REJECTED_RECENTLY' });
    expect(reviews).toBe(1);
  });

  it('eth_signTypedData_v3: refuses arrays before any window; signs array-free typed data as v4 would, keeping v3 for the signing after a restart', async () => {
    const versions: unknown[] = [];
    const { wallet } = await connected(world, {
      typedDataDigest: async (typedData, chainId, version) => (versions.push(version), reviewTypedData(scriptedChain(world), typedData, chainId, version)),
    });
    const domain = { name: 'Ether Mail', version: '1', chainId: 31337, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' };
    const EIP712Domain = [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }];
    const withArray = { types: { EIP712Domain, M: [{ name: 'ids', type: 'uint256[]' }] }, primaryType: 'M', domain, message: { ids: [1] } };
    const refused = await wallet.requests.signTypedData({ origin: APP }, ACCOUNT0, withArray, 'v3').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'INVALID_TYPED_DATA' });
    expect(world.opened).toHaveLength(1); // the connect's window only
    const mail = { types: { EIP712Domain, Person: [{ name: 'name', type: 'string' }, { name: 'wallet', type: 'address' }], Mail: [{ name: 'from', type: 'Person' }, { name: 'contents', type: 'string' }] }, primaryType: 'Mail', domain, message: { from: { name: 'Cow', wallet: RECIPIENT }, contents: 'Hello' } };
    const signature = wallet.requests.signTypedData({ origin: APP }, ACCOUNT0, JSON.stringify(mail), 'v3');
    const view = await wallet.approvals.get(await opened(world, 1));
    // The window shows it as v4's: the same preview.
    expect(view.kind).toBe('typedData');
    expect(view.details).toMatchObject({ address: ACCOUNT0, preview: { primaryType: 'Mail' } });
    // As after a service-worker restart: the digest is made again from the stored request, as v3.
    wallet.approvals.prepared.clear();
    await wallet.approvals.resolve(view.id, true);
    expect(recoverTypedDataAddress(parseTypedData(mail, 31337n, 'v3'), await signature)).toBe(ACCOUNT0);
    expect(versions).toEqual(['v3', 'v3', 'v3']);
  });

  it('wallet_requestPermissions from a connected site (change): the window opens with its accounts chosen, and the answer replaces them', async () => {
    const { wallet } = await connected(world);
    const second = (await wallet.keyring.addAccount('correct horse')).address;
    const changed = wallet.requests.requestAccounts({ origin: APP }, { change: true });
    const view = await wallet.approvals.get(await opened(world, 1));
    expect(view.kind).toBe('connect');
    expect(view.details).toEqual({ granted: [ACCOUNT0] });
    await wallet.approvals.resolve(view.id, true, { accounts: [ACCOUNT0, second] });
    expect(await changed).toEqual([ACCOUNT0.toLowerCase(), second.toLowerCase()]);
    expect(world.events.at(-1)).toEqual({ event: { event: 'accountsChanged', data: [ACCOUNT0.toLowerCase(), second.toLowerCase()] }, origin: APP });
    // Without `change` (eth_requestAccounts), a connected site still gets its accounts at once.
    expect(await wallet.requests.requestAccounts({ origin: APP })).toEqual([ACCOUNT0.toLowerCase(), second.toLowerCase()]);
    expect(world.opened).toHaveLength(2);
  });

  it('revokes an origin: it sees no accounts and is told so', async () => {
    const { wallet } = await connected(world);
    await wallet.requests.revokePermissions(APP, ['eth_accounts']);
    expect(await wallet.requests.accounts(APP)).toEqual([]);
    expect(world.events.at(-1)).toEqual({ event: { event: 'accountsChanged', data: [] }, origin: APP });
  });

  it('answers 4900 when nothing can be proven and 4902 for a chain it cannot verify, before any window opens', async () => {
    const { wallet } = await connected(world);
    world.disconnected = true;
    const send = await wallet.requests.sendTransaction({ origin: APP }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch((e: unknown) => e);
    expect((send as WalletError).code).toBe('DISCONNECTED');
    expect(toProviderError(send).code).toBe(4900);
    world.disconnected = false;
    for (const asked of [wallet.requests.switchChain({ origin: APP }, 5n), wallet.requests.addChain({ origin: APP }, { chainId: '0x5' })]) {
      const err = await asked.catch((e: unknown) => e);
      expect((err as WalletError).code).toBe('UNKNOWN_CHAIN');
      expect(toProviderError(err).code).toBe(4902);
    }
    expect(world.opened).toHaveLength(1); // the connect's window only
    // The chain pages see already: nothing to ask.
    await wallet.requests.switchChain({ origin: APP }, 31337n);
    expect(world.opened).toHaveLength(1);
  });

  it('follows a token the user approved, its address checksummed, with its own proven symbol and decimals', async () => {
    const { wallet, repo } = await connected(world);
    world.tokens.set(RECIPIENT.toLowerCase(), { codeHash: '0x' + '12'.repeat(32), symbol: bytesToHex(encodeAbi(['string'], ['TKN'])), decimals: bytesToHex(encodeAbi(['uint8'], [6n])) });
    const watched = wallet.requests.watchAsset({ origin: APP }, { type: 'ERC20', options: { address: RECIPIENT.toLowerCase(), symbol: 'TKN', decimals: 6 } });
    await answer(world, wallet, true, 1);
    expect(await watched).toBe(true);
    expect(await repo.tokens(31337)).toEqual([{ address: RECIPIENT, symbol: 'TKN', decimals: 6 }]);
  });
});
