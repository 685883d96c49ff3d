/**
 * The popup's wire contract (src/extension/messages.ts) restates some types of the services it
 * shows, because the UI may import messages.ts alone (the layer table). These assertions keep each
 * restatement equal to its source: they are checked by `tsc --noEmit`, which `npm test` runs before
 * the tests (a difference is a type error here, not a test failure at run time).
 */
import type { NetworkPreview } from '../../../src/client/network/discovery.ts';
import type { ExitL2TxRequest } from '../../../src/l2/exit-plan.ts';
import type { OwnL2Transaction } from '../../../src/client/wallet/own-transactions.ts';
import type { CurrencyView, L2TransferView, NetworkPreview as WireNetworkPreview, TierView } from '../../../src/extension/messages.ts';
import type { NativeCurrency } from '../../../src/l2/adapter.ts';
import type { TierJson } from '../../../src/l2/tier.ts';
import type { L2TransferRow } from '../../../src/storage/l2-transfers.ts';
import type { EffectsJson } from '../../../src/ui/components/approval-effects.ts';
import type { PermitJson } from '../../../src/ui/components/approval-messages.ts';
import type { ReviewedPermit } from '../../../src/client/wallet/typed-data-review.ts';
import type { TransactionEffects } from '../../../src/wallet/transaction-effects.ts';

/** true when A and B are the same type (each assignable to the other, optional fields alike). */
/** An intersection written out as one object type (Same compares them as written). */
type Flat<T> = { [K in keyof T]: T[K] };

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export const WIRE_TYPES_MATCH: [
  Same<WireNetworkPreview, NetworkPreview>,
  Same<L2TransferView, L2TransferRow>,
  Same<OwnL2Transaction, Omit<ExitL2TxRequest, 'label'>>,
  Same<EffectsJson, TransactionEffects>,
  Same<PermitJson, Flat<ReviewedPermit>>,
  Same<TierView, Flat<TierJson>>,
  Same<CurrencyView, NativeCurrency>,
] = [true, true, true, true, true, true, true];
