/**
 * What sites (and the popup) ask of the wallet: accounts (EIP-1102, EIP-2255), transactions,
 * personal_sign and EIP-712 signatures, chain switches (EIP-3326, EIP-3085) and tokens to follow
 * (EIP-747). Each request is checked against the origin's permission and the signing policy,
 * prepared from verified state only, and waits for the user in the approval queue; what an
 * approved approval asks is done here ({@link WalletRequests.perform}), a transaction signed at
 * most once. The provider (src/provider/wallet-methods.ts) checks what a page sends and maps
 * the typed errors thrown here to EIP-1193 codes.
 * @module
 */
import { bigIntToHex } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { sentToOf } from '../../core/look-alike.ts';
import type { ApprovalRow } from '../../storage/wallet.ts';
import { WalletError } from '../../wallet/errors.ts';
import { toChecksumAddress } from '../../wallet/keys.ts';
import { isL2KeyMessage } from '../../wallet/l2-keys.ts';
import { isBareHash, parsePersonalMessage, type PersonalMessage } from '../../wallet/personal-message.ts';
import { type SignInClaim, signInClaim } from '../../wallet/sign-in-claim.ts';
import { checkMessagePolicy, effectsRefusals, type PendingTransaction, refusalError, withRefusals } from '../../wallet/policy.ts';
import type { ReplacedTransaction } from '../../wallet/replacement-fees.ts';
import type { TypedDataDigest, TypedDataVersion } from '../../wallet/typed-data.ts';
import type { TransactionEffects } from '../../wallet/transaction-effects.ts';
import { checkBeforeSigning, originOf, pendingOf, type SigningDeps } from './signing-checks.ts';
import type { CallBatches } from './batches/call-batches.ts';
import type { CallsStatus } from './batches/calls-status.ts';
import { followedTokens, type ProveToken } from './followed-tokens.ts';
import type { RequestContext } from './approvals.ts';
import type { SignInVerdict } from './sign-in.ts';
import type { ReviewedTypedData } from './typed-data-review.ts';
import { type OriginPermission, WALLET_ORIGIN } from './permissions.ts';
import type { ReplacementKind } from './replacement.ts';
import { toJson, transactionDetails, transactionFromDetails } from './transaction-details.ts';
import { judgeTransaction, type PreparedTransaction } from './transactions.ts';
import { activityName, markLookAlike, nameRecipient, onceResolved, readNameClaim, type ResolveName } from './names/recipient-name.ts';
import type { ProvenRecipient } from './names/own-names.ts';

export interface WalletRequestsDeps extends SigningDeps {
  /** EIP-5792 batches (./batches/call-batches.ts); absent: wallet_sendCalls is not offered. */
  batches?: CallBatches;
  switchNetwork(id: string): Promise<void>;
  /** The chain pages see when it is not the network's own (a followed rollup switched to). */
  activeChainId?(): number | undefined;
  /** Checks a message that claims to be a sign-in (src/client/wallet/sign-in.ts; the extension's app host runs it). */
  checkSignIn(claim: SignInClaim, origin: string, address: string): Promise<SignInVerdict>;
  /**
   * Parses and hashes eth_signTypedData_v4's (or _v3's) typed data for a verified chain id (wallet/typed-data.ts
   * typedDataDigest; the extension's app host runs it, so the service worker carries no EIP-712 code).
   * @throws WalletError INVALID_TYPED_DATA
   */
  typedDataDigest(typedData: unknown, verifiedChainId: bigint, version?: TypedDataVersion): Promise<TypedDataDigest | ReviewedTypedData>;
  /** A token's own symbol and decimals, proven (./token-proof.ts; the app host in the extension). */
  proveToken: ProveToken;
  /** Resolves a name by proof, no gateway asked: a name the popup's send chose the recipient by is checked again for the window (./names/recipient-name.ts). */
  resolveName?: ResolveName;
}

/** An eth_sendTransaction object with its sender named: what the transaction host reads (src/wallet/transaction-request.ts). */
export type TransactionParams = Record<string, unknown> & { from: string };

export class WalletRequests {
  constructor(private readonly deps: WalletRequestsDeps) {}

  accounts(origin: string): Promise<string[]> {
    return this.deps.permissions.accounts(origin);
  }

  /**
   * Asks the user to connect (unlocking first when locked); resolves to the accounts granted. A
   * connected site gets its accounts at once, unless it asks to `change` them (EIP-2255
   * wallet_requestPermissions): then the window opens with the accounts it sees now chosen.
   */
  async requestAccounts(ctx: RequestContext, options: { change?: boolean } = {}): Promise<string[]> {
    const granted = await this.accounts(ctx.origin);
    if (granted.length > 0 && options.change !== true) return granted;
    if ((await this.deps.repo.getVault()) === undefined) {
      throw new WalletError('NOT_PERMITTED', 'Vigil has no wallet yet: create or import one in its popup first');
    }
    const details = granted.length > 0 ? { granted: granted.map(toChecksumAddress) } : {};
    return (await this.deps.approvals.approve(ctx, 'connect', details, async () => details)) as string[];
  }

  getPermissions(origin: string): Promise<OriginPermission[]> {
    return this.deps.permissions.getPermissions(origin);
  }

  revokePermissions(origin: string, capabilities: string[]): Promise<void> {
    return this.deps.permissions.revokePermissions(origin, capabilities);
  }

  /** `recipientName`: the name the popup's send chose the recipient by, shown only once proven again to be the recipient's. */
  async sendTransaction(ctx: RequestContext, params: Record<string, unknown>, recipientName?: string): Promise<string> {
    await this.deps.keyring.ready();
    const from = params.from ?? (await this.accounts(ctx.origin))[0];
    if (typeof from !== 'string') throw new WalletError('NOT_PERMITTED', `${ctx.origin} has not been given any account: call eth_requestAccounts first`);
    if (!(await this.deps.permissions.permitted(ctx.origin, from))) throw new WalletError('NOT_PERMITTED', `${ctx.origin} may not use ${from}`);
    const result = await this.deps.approvals.approve(ctx, 'transaction', params, async (id) => {
      // The name is resolved once: its proven address goes to the words (for the address paid only), and the window holds it against the recipient.
      const resolve = onceResolved(this.deps.resolveName);
      const proven = recipientName === undefined || resolve === undefined ? undefined : await resolve(recipientName).catch(() => undefined);
      const recipient = proven?.address ? { name: proven.name, address: proven.address } : undefined;
      // One call to the transaction host: read, filled, estimated and simulated where the proofs are.
      const { prepared, effects } = await this.prepareForWindow(ctx.origin, { ...params, from }, recipient);
      this.deps.approvals.prepared.set(id, prepared);
      const details = { ...(await this.tokenOf(transactionDetails(prepared, from, this.deps.now()))), ...(effects ? { effects } : {}) };
      const named = recipientName === undefined ? details : await nameRecipient(details, recipientName, resolve);
      // Address poisoning: held against this network's own activity, never against what the page says.
      return markLookAlike(named, sentToOf(await this.deps.activity.list()));
    });
    return result as string;
  }

  /** EIP-5792 wallet_getCapabilities, per account: atomic supported only for one proven delegated to the pinned delegate (./batches/call-batches.ts). */
  getCapabilities(origin: string, address: string | undefined, chainIds: readonly bigint[] | undefined): Promise<Record<string, unknown>> {
    return this.batches().capabilities(origin, address, chainIds);
  }

  /** EIP-5792 wallet_sendCalls: one approval; one transaction through the delegate, or one per call sent in order (./batches/call-batches.ts). */
  sendCalls(ctx: RequestContext, params: unknown): Promise<{ id: string }> {
    return this.batches().send(ctx, params);
  }

  getCallsStatus(origin: string, id: string): Promise<CallsStatus> {
    return this.batches().status(origin, id);
  }

  private batches(): CallBatches {
    if (this.deps.batches === undefined) throw new WalletError('DISCONNECTED', 'this wallet sends no call batches');
    return this.deps.batches;
  }

  /** The popup's send: the same path as a dApp's, from the wallet's own origin; `name`: the name the recipient was chosen by (a claim the window checks again). */
  send(params: { from: string; to: string; value: string; data?: string; name?: string }): Promise<string> {
    // Only the transaction's own fields: the popup's message carries its `type` beside them.
    const { from, to, value, data } = params;
    return this.sendTransaction({ origin: WALLET_ORIGIN }, { from, to, value, ...(data !== undefined ? { data } : {}) }, readNameClaim(params.name));
  }

  /**
   * Speeds up or cancels a pending transaction of this network: the replacement, filled from the
   * verified head, waits for the user in the approval window like any send; the original turns
   * "replaced" only once the nonce is proven used by the replacement (./activity.ts). A forced
   * exit's step too: its exit reads the replacement from the activity and follows a speed-up as
   * the step's transaction, or plans the step again once a cancel took its nonce
   * (./own-transactions.ts replacementInActivity).
   * @throws InputError for a transaction that is not waiting; WalletError DISCONNECTED, STALE_HEAD, HEAD_THINLY_SIGNED.
   */
  async replace(hash: string, kind: ReplacementKind): Promise<string> {
    await this.deps.keyring.ready();
    const chain = this.deps.chain();
    const network = this.deps.network();
    const row = await this.deps.repo.getActivity(hash.toLowerCase());
    if (!row || !network || row.chainId !== network.chainId) throw new InputError(`no transaction ${hash} of this network in the activity`);
    if (!chain) throw new WalletError('DISCONNECTED', 'Vigil cannot prove anything on this network: no execution RPC');
    const { params, replaces } = await this.deps.transactions.replacement(row, kind, Math.floor(this.deps.now() / 1000));
    const ctx = { origin: WALLET_ORIGIN };
    return (await this.deps.approvals.approve(ctx, 'transaction', params, async (id) => {
      const prepared = await this.prepare(WALLET_ORIGIN, { ...params, from: row.from }, undefined, replaces);
      this.deps.approvals.prepared.set(id, prepared);
      return { ...transactionDetails(prepared, row.from, this.deps.now()), replaces: toJson({ hash: row.hash, kind, ...replaces }) };
    })) as string;
  }

  async personalSign(ctx: RequestContext, message: string, address: string): Promise<string> {
    await this.deps.keyring.ready();
    const permitted = await this.deps.permissions.permitted(ctx.origin, address);
    assertMessage(checkMessagePolicy({ origin: originOf(ctx.origin, permitted), from: address, network: { chainId: BigInt(this.deps.network()?.chainId ?? 0) } }));
    const parsed = parsePersonalMessage(message);
    if (isL2KeyMessage(parsed.bytes)) throw new WalletError('RESERVED_MESSAGE', "this message derives the wallet's rollup keys: Vigil signs it for no site");
    // A sign-in (ERC-4361) is signed only for the origin and the account it names; no window opens for another.
    const claim = signInClaim(parsed);
    const verdict = claim ? await this.deps.checkSignIn(claim, ctx.origin, address) : undefined;
    if (verdict && !verdict.ok) throw new WalletError(verdict.code, verdict.message);
    return (await this.deps.approvals.approve(ctx, 'personalSign', [message, address], async (id) => {
      this.deps.approvals.prepared.set(id, { parsed, address });
      // 32 bytes: possibly a user operation's hash, a transaction for a delegated account (the window weighs it with the account's proven delegation).
      return { address: toChecksumAddress(address), preview: parsed.preview, ...(verdict ? { siwe: verdict.siwe } : {}), ...(isBareHash(parsed) ? { bareHash: true } : {}) };
    })) as string;
  }

  /** eth_signTypedData_v4, or _v3 (`version`: arrays refused); the request stored for the window keeps which. */
  async signTypedData(ctx: RequestContext, address: string, typedData: unknown, version: TypedDataVersion = 'v4'): Promise<string> {
    await this.deps.keyring.ready();
    const network = this.deps.network();
    if (!network) throw new WalletError('DISCONNECTED', 'Vigil is not connected to any network yet');
    const permitted = await this.deps.permissions.permitted(ctx.origin, address);
    assertMessage(checkMessagePolicy({ origin: originOf(ctx.origin, permitted), from: address, network: { chainId: BigInt(network.chainId), name: network.name } }));
    const request = version === 'v3' ? [address, typedData, version] : [address, typedData];
    return (await this.deps.approvals.approve(ctx, 'typedData', request, async (id) => {
      // Read and reviewed (its permits' tokens and spenders proven) only once the site may ask: after its cool-down and the caps.
      const digest = await this.deps.typedDataDigest(typedData, BigInt(network.chainId), version);
      this.deps.approvals.prepared.set(id, { digest, address });
      const permits = digest.permits ?? [];
      return { address: toChecksumAddress(address), preview: toJson(digest.preview), ...(permits.length > 0 ? { permits } : {}), ...('words' in digest && digest.words ? { words: digest.words } : {}) };
    })) as string;
  }

  /** Switches to a network Vigil can verify. @throws WalletError UNKNOWN_CHAIN when it knows no such chain. */
  async switchChain(ctx: RequestContext, chainId: bigint): Promise<void> {
    const seen = this.deps.activeChainId?.() ?? this.deps.network()?.chainId;
    if (seen !== undefined && BigInt(seen) === chainId) return;
    const id = this.deps.networkForChain(chainId);
    if (id === undefined) {
      throw new WalletError('UNKNOWN_CHAIN', `Vigil cannot verify chain ${bigIntToHex(chainId)}: add it in Vigil's Settings with a beacon API it can follow`);
    }
    await this.deps.approvals.approve(ctx, 'switchChain', { chainId: bigIntToHex(chainId), network: id }, async () => ({ chainId: bigIntToHex(chainId), network: id }));
  }

  /** EIP-3085: a chain is usable only when Vigil can verify it (a network profile exists). */
  async addChain(ctx: RequestContext, params: Record<string, unknown>): Promise<void> {
    const chainId = BigInt(params.chainId as string);
    if (this.deps.networkForChain(chainId) === undefined) {
      // A chain is added only with a light client for it: an RPC URL alone cannot be verified.
      throw new WalletError('UNKNOWN_CHAIN', `Vigil adds only chains it can verify: add chain ${bigIntToHex(chainId)} in Vigil's Settings with its beacon API`);
    }
    await this.switchChain(ctx, chainId);
  }

  /**
   * EIP-747, an ERC-20 only (the provider checked the shape: `{ type: 'ERC20', options: { address,
   * symbol?, decimals? } }`). The window offers the token's own symbol and decimals, proven at the
   * newest verified head (./token-proof.ts); the page's are only compared with them.
   * @throws WalletError DISCONNECTED, STALE_HEAD, TOKEN_NOT_A_CONTRACT, TOKEN_METADATA_INVALID, TOKEN_METADATA_MISMATCH (no window opens)
   */
  async watchAsset(ctx: RequestContext, params: Record<string, unknown>): Promise<boolean> {
    const options = (params.options ?? {}) as Record<string, unknown>;
    await this.deps.approvals.approve(ctx, 'watchAsset', params, async () => {
      const network = this.deps.network();
      if (!this.deps.chain() || !network) throw new WalletError('DISCONNECTED', 'Vigil cannot prove anything on this network: no execution RPC');
      const offered = { ...(options.symbol !== undefined ? { symbol: options.symbol } : {}), ...(options.decimals !== undefined ? { decimals: options.decimals } : {}) };
      const { provenAt, ...token } = await this.deps.proveToken(options.address as string, offered);
      return { token, chainId: network.chainId, provenAt };
    });
    return true;
  }

  /**
   * A transaction request filled from verified state by the transaction host and judged here by
   * the signing policy (nothing signed).
   */
  async prepare(origin: string, params: TransactionParams, unattended?: { maxCost: bigint }, replaces?: ReplacedTransaction): Promise<PreparedTransaction> {
    return (await this.prepareWith(origin, params, { simulate: false, ...(unattended ? { unattended } : {}), ...(replaces ? { replaces } : {}) })).prepared;
  }

  /**
   * {@link prepare}, and what the transaction does for the window (`effects`), or why that could not
   * be proven: then the verdict refuses (EFFECTS_NOT_PROVEN; nothing is signed on effects nobody proved),
   * as it does effects that have the user send a token whose balance was not read (EFFECTS_OUTGOING_UNREAD).
   * @throws WalletError WOULD_REVERT when the estimate or the simulation over proven state reverts (its reason decoded)
   */
  private prepareForWindow(origin: string, params: TransactionParams, recipientName?: ProvenRecipient): Promise<{ prepared: PreparedTransaction; effects?: TransactionEffects }> {
    return this.prepareWith(origin, params, { simulate: true, ...(recipientName ? { recipientName } : {}) });
  }

  private async prepareWith(origin: string, params: TransactionParams, options: { simulate: boolean; unattended?: { maxCost: bigint }; replaces?: ReplacedTransaction; recipientName?: ProvenRecipient }): Promise<{ prepared: PreparedTransaction; effects?: TransactionEffects }> {
    const chain = this.deps.chain();
    const network = this.deps.network();
    if (!chain || !network) throw new WalletError('DISCONNECTED', 'Vigil cannot prove anything on this network: no execution RPC');
    const from = params.from;
    const pending = await this.pending(network.chainId, from);
    const now = Math.floor(this.deps.now() / 1000);
    const { request, filled, effects, effectsError } = await this.deps.transactions.prepare(params, {
      pending,
      now,
      simulate: options.simulate,
      toleranceBps: this.deps.incomingToleranceBps?.(),
      ...(options.unattended ? { unattended: options.unattended } : {}),
      ...(options.replaces ? { replaces: options.replaces } : {}),
      ...(options.recipientName ? { recipientName: options.recipientName } : {}),
    });
    // The host read the object this worker checked the sender of: it must be that sender's.
    if (request.from.toLowerCase() !== from.toLowerCase()) throw new WalletError('NOT_PERMITTED', `the transaction read is from ${request.from}, not ${from}`);
    let verdict = judgeTransaction(chain.network, filled, from, {
      origin: originOf(origin, await this.deps.permissions.permitted(origin, from)),
      pending,
      now,
      ...(options.unattended ? { unattended: options.unattended } : {}),
      ...(options.replaces ? { replaces: options.replaces } : {}),
    });
    if (effectsError !== undefined) {
      const refusal = { code: 'EFFECTS_NOT_PROVEN' as const, severity: 'refusal' as const, message: `What it does could not be simulated over proven state: ${effectsError}` };
      verdict = withRefusals(verdict, [refusal]);
    }
    // A token it has the user send whose balance was not read: the window shows why it is refused.
    verdict = withRefusals(verdict, effectsRefusals(effects));
    return { prepared: { ...filled, verdict }, ...(effects ? { effects } : {}) };
  }

  /** What an approved approval asks, done (the approval queue calls this once it is ours). */
  async perform(row: ApprovalRow): Promise<unknown> {
    const stored = row.request as { request: unknown; details: Record<string, unknown>; accounts?: string[]; signed?: { raw: string; hash: string } };
    switch (row.kind) {
      case 'connect':
        return this.deps.permissions.grant(row.origin, stored.accounts ?? this.deps.keyring.addresses().slice(0, 1));
      case 'transaction':
        return this.performTransaction(row, stored);
      case 'personalSign': {
        const p = this.deps.approvals.prepared.get(row.id) as { parsed: PersonalMessage; address: string } | undefined;
        const [message, address] = stored.request as [string, string];
        return this.deps.keyring.signPersonalMessage(address, p?.parsed ?? parsePersonalMessage(message));
      }
      case 'typedData': {
        // The digest the window showed; after a service-worker restart, hashed again from what the user saw.
        const p = this.deps.approvals.prepared.get(row.id) as { digest: TypedDataDigest } | undefined;
        const [address, data, version] = stored.request as [string, unknown, TypedDataVersion?];
        const digest = p?.digest ?? (await this.deps.typedDataDigest(data, BigInt(this.deps.network()?.chainId ?? 0), version));
        return this.deps.keyring.signTypedDataDigest(address, digest.hash);
      }
      case 'switchChain': {
        const { network } = stored.request as { network: string };
        await this.deps.switchNetwork(network);
        return null;
      }
      case 'watchAsset': {
        // The chain it was proven on (an approval from before the chain id was kept: the current one).
        const { token, chainId } = stored.details as { token: { address: string; symbol: string; decimals: number }; chainId?: number };
        const on = chainId ?? this.deps.network()?.chainId;
        if (on !== undefined) await this.deps.repo.addToken(on, token);
        return true;
      }
      default:
        throw new InputError(`unknown approval kind ${row.kind}`);
    }
  }

  private async performTransaction(row: ApprovalRow, stored: { request: unknown; details: Record<string, unknown>; signed?: { raw: string; hash: string } }): Promise<string> {
    const chain = this.deps.chain();
    const network = this.deps.network();
    if (!chain || !network) throw new WalletError('DISCONNECTED', 'Vigil cannot prove anything on this network: no execution RPC');
    let signed = stored.signed;
    if (signed === undefined) {
      // Signed only here, once: the approval is ours (pending → approved was this call's move).
      const prepared = this.deps.approvals.prepared.get(row.id) as PreparedTransaction | undefined;
      const tx = prepared?.tx ?? transactionFromDetails(stored.details);
      const from = String((stored.details as { from: string }).from);
      const replaced = replacedOf(stored.details);
      const gasSource = prepared?.gasSource ?? ((stored.details as { gasSource: PreparedTransaction['gasSource'] }).gasSource);
      // One call to the transaction host: the sender proven again at the newest head, the effects simulated again.
      const effects = await checkBeforeSigning(this.deps, chain.network, from, [{ tx, gasSource }], {
        origin: originOf(row.origin, await this.deps.permissions.permitted(row.origin, from)),
        pending: await this.pending(network.chainId, from),
        seen: stored.details.effects as TransactionEffects | undefined,
        ...(replaced ? { replaces: replaced.replaces } : {}),
      });
      const s = await this.deps.keyring.signTransaction(from, tx);
      signed = { raw: s.raw, hash: s.hash };
      // Written down before it is sent: a restart sends these bytes, it never signs again.
      await this.deps.repo.putApproval({ ...row, request: toJson({ ...stored, signed }), updatedAt: this.deps.now() });
      const summary = replaced ? `${replaced.kind === 'cancel' ? 'Cancel' : 'Speed up'} nonce ${replaced.replaces.nonce}` : String((stored.details as { summary?: string }).summary ?? 'Transaction');
      // What it does, kept for the activity's words: the decoded call (its followed token's facts) and the recipient's proven name.
      const named = activityName(stored.details);
      const said = replaced ? {} : { decoded: (stored.details.decoded ?? null) as Record<string, unknown> | null, ...(named ? { recipientName: named } : {}) };
      await this.deps.activity.recordSigned(network, s, tx, row.origin, summary, { ...(replaced ? { replaces: { hash: replaced.hash, kind: replaced.kind } } : {}), ...(effects ? { effects } : {}), ...said });
    }
    // Once its bytes are stored the transaction exists: the page gets its hash whatever this send
    // answered (the activity sends them again at each new head until the nonce is proven used).
    await this.deps.activity.broadcast(chain, signed.raw, { keepError: true }).catch(() => {});
    return signed.hash;
  }

  private pending(chainId: number, from: string): Promise<PendingTransaction[]> {
    return pendingOf(this.deps.repo, chainId, from, this.deps.now());
  }

  /** The followed token a decoded ERC-20 call names (its symbol and decimals proven when it was followed; a row that breaks the rule is not used). */
  private async tokenOf(details: Record<string, unknown>): Promise<Record<string, unknown>> {
    const decoded = details.decoded as { kind?: string; token?: string } | null;
    const network = this.deps.network();
    // Every token call: a followed token is an ERC-20 with proven facts (an NFT is never followed).
    if (!decoded || !decoded.token || !network || decoded.kind === 'call') return details;
    const token = followedTokens(await this.deps.repo.tokens(network.chainId)).find((t) => t.problem === undefined && t.address.toLowerCase() === decoded.token!.toLowerCase());
    return token ? { ...details, decoded: { ...decoded, symbol: token.symbol, decimals: token.decimals } } : details;
  }
}

/** The transaction a stored speed-up or cancel replaces (its approval's details, as {@link WalletRequests.replace} wrote them). */
function replacedOf(details: Record<string, unknown>): { hash: string; kind: ReplacementKind; replaces: ReplacedTransaction } | undefined {
  const r = details.replaces as { hash: string; kind: ReplacementKind; nonce: string; maxFeePerGas: string; maxPriorityFeePerGas: string } | undefined;
  if (r === undefined) return undefined;
  return { hash: r.hash, kind: r.kind, replaces: { nonce: BigInt(r.nonce), maxFeePerGas: BigInt(r.maxFeePerGas), maxPriorityFeePerGas: BigInt(r.maxPriorityFeePerGas) } };
}

function assertMessage(verdict: ReturnType<typeof checkMessagePolicy>): void {
  if (!verdict.ok) throw refusalError(verdict.refusals);
}
