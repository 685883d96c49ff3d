/**
 * The settings tab, led by the network picker (and adding a network, see add-network.ts); then
 * the wallet's part (connected sites, security: `wallet`) and the window.ethereum choice; and
 * under Advanced, closed until opened: beacon APIs and execution RPCs (several, tried in order),
 * the checkpoint with the weak-subjectivity warning, the rollups a built-in network follows (each
 * on or off, with its L2 RPC), auto-lock, and the limits on what is signed: a forced-exit step's
 * cost, the tolerance on what one receives, how long a batch's signed calls may still be sent.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Settings, ShippedRollup } from '../../extension/messages.ts';
import type { PopupApi } from '../api.ts';
import { AddNetwork } from './add-network.ts';
import { AutoLock } from './auto-lock.ts';
import { DevnetOffer } from './devnet-offer.ts';
import { NetworkPicker } from './network-picker.ts';
import { errorLike, formatUnits, parseUnits, weakSubjectivityAdvice, weakSubjectivityPeriodWords, type WeakSubjectivityView } from '../format.ts';

const lines = (text: string): string[] => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

/** How old a checkpoint may be, and that Vigil needs a new one after being away as long. */
export function checkpointWarning(ws: WeakSubjectivityView): string {
  const age = ws === undefined ? 'a recent checkpoint' : `a checkpoint less than ${weakSubjectivityAdvice(ws)} old`;
  return `Use ${age}, from a source you trust. Older ones are outside ${weakSubjectivityPeriodWords(ws)}: validators who have since left could sign a false chain from there. Vigil also needs a new one if it stays closed for longer than that.`;
}

/** src/client/network/settings.ts's bounds on a batch's expiry (the background checks them again; a test keeps the two equal). */
export const BATCH_EXPIRY_MINUTES = { min: 5, max: 24 * 60 } as const;

/**
 * `ws`: the current network's weak-subjectivity period (Status.network), named in the checkpoint
 * warning; it follows the network's fork (shorter from Gloas on).
 */
export function SettingsView({ api, settings, onSaved, ws, wallet }: { api: PopupApi; settings: Settings; onSaved: (s: Settings) => void; ws?: WeakSubjectivityView; wallet?: ComponentChild }): ComponentChild {
  const profile = settings.profiles[settings.current]!;
  const [beacon, setBeacon] = useState(profile.beaconApis.join('\n'));
  const [rpc, setRpc] = useState(profile.executionRpcs.join('\n'));
  const [checkpoint, setCheckpoint] = useState(profile.checkpoint ?? '');
  const [allowOld, setAllowOld] = useState(profile.allowOldCheckpoint === true);
  // Said under the control it answers: the network picker's at the top, the rest at the end.
  const [message, setMessage] = useState<{ tone: 'good' | 'bad'; text: string; top?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  // Shown at once when clicked; put back if saving fails.
  const [override, setOverride] = useState(settings.overrideWindowEthereum);
  const [exitCap, setExitCap] = useState(settings.maxUnattendedCost === undefined ? '' : formatUnits(BigInt(settings.maxUnattendedCost), 18));
  const [tolerance, setTolerance] = useState(settings.incomingToleranceBps === undefined ? '' : String(settings.incomingToleranceBps / 100));
  const [batchExpiry, setBatchExpiry] = useState(settings.batchExpiryMinutes === undefined ? '' : String(settings.batchExpiryMinutes));
  const [adding, setAdding] = useState(false);
  const [rollups, setRollups] = useState<ShippedRollup[]>(profile.shippedRollups ?? []);

  useEffect(() => {
    setRollups(profile.shippedRollups ?? []);
    setBeacon(profile.beaconApis.join('\n'));
    setRpc(profile.executionRpcs.join('\n'));
    setCheckpoint(profile.checkpoint ?? '');
    setAllowOld(profile.allowOldCheckpoint === true);
  }, [profile.id]);

  const act = async (fn: () => Promise<void>, done: string, top = false) => {
    setBusy(true);
    setMessage(null);
    try {
      await fn();
      setMessage({ tone: 'good', text: done, top });
    } catch (err) {
      setMessage({ tone: 'bad', text: errorLike(err).message, top });
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    act(async () => {
      const beaconApis = lines(beacon);
      const executionRpcs = lines(rpc);
      const l2Rpcs = rollups.filter((r) => r.enabled && r.l2Rpc !== null && r.l2Rpc.trim() !== '').map((r) => r.l2Rpc!.trim());
      if (!(await api.requestHosts([...beaconApis, ...executionRpcs, ...l2Rpcs]))) throw new Error('Vigil needs access to these servers to use them.');
      const edits = rollups.map((r) => ({ name: r.name, enabled: r.enabled, l2Rpc: r.l2Rpc ?? '' }));
      await api.saveProfile({ id: profile.id, beaconApis, executionRpcs, checkpoint, allowOldCheckpoint: allowOld, ...(edits.length > 0 ? { rollups: edits } : {}) });
      onSaved(await api.getSettings());
    }, 'Saved. The light client restarts with these settings.');

  const switchNetwork = (id: string) =>
    act(async () => {
      await api.setNetwork(id);
      onSaved(await api.getSettings());
    }, 'Network switched.', true);

  const saveExitCap = () =>
    act(async () => {
      const text = exitCap.trim();
      let wei: string | null = null;
      if (text !== '') {
        const parsed = parseUnits(text, 18);
        if (!parsed.ok || parsed.value <= 0n) throw new Error('The most an exit step may cost: an amount of ETH, more than 0 (empty: 0.05).');
        wei = parsed.value.toString();
      }
      await api.setMaxUnattendedCost(wei);
      onSaved(await api.getSettings());
    }, 'Saved: forced-exit steps above this wait for your approval.');

  const saveTolerance = () =>
    act(async () => {
      const text = tolerance.trim();
      let bps: number | null = null;
      if (text !== '') {
        const percent = Number(text);
        if (!/^\d+(\.\d{1,2})?$/.test(text) || percent > 10) throw new Error('How much less you may receive: a percentage from 0 to 10, at most two decimals (empty: 0.5).');
        bps = Math.round(percent * 100);
      }
      await api.setIncomingTolerance(bps);
      onSaved(await api.getSettings());
    }, 'Saved: the approval window asks again when you would receive less than this.');

  const saveBatchExpiry = () =>
    act(async () => {
      const text = batchExpiry.trim();
      let minutes: number | null = null;
      if (text !== '') {
        minutes = Number(text);
        if (!/^\d{1,4}$/.test(text) || minutes < BATCH_EXPIRY_MINUTES.min || minutes > BATCH_EXPIRY_MINUTES.max) {
          throw new Error(`How long a batch's signed calls may still be sent: whole minutes from ${BATCH_EXPIRY_MINUTES.min} to ${BATCH_EXPIRY_MINUTES.max} (empty: 60).`);
        }
      }
      await api.setBatchExpiry(minutes);
      onSaved(await api.getSettings());
    }, "Saved: a batch's calls not sent by then are erased, never sent.");

  const toggleOverride = (value: boolean) => {
    setOverride(value);
    return act(async () => {
      try {
        await api.setOverrideWindowEthereum(value);
      } catch (err) {
        setOverride(!value);
        throw err;
      }
      onSaved(await api.getSettings());
    }, value ? 'Vigil will take window.ethereum on pages loaded from now on.' : 'Vigil leaves window.ethereum to other wallets.');
  };

  const said = message ? h('p', { class: `note ${message.tone}`, role: 'status' }, message.text) : null;
  return h(
    'div',
    { class: 'settings' },
    h(
      'section',
      { class: 'settings-network' },
      h('label', { class: 'field' }, h('span', { class: 'label' }, 'Network'), h(NetworkPicker, { settings, onSwitch: (id: string) => switchNetwork(id), testid: 'network-select', disabled: busy })),
      h(
        'button',
        { type: 'button', class: 'link add-network-open', 'aria-expanded': adding, 'data-testid': 'add-network-open', onClick: () => setAdding(!adding) },
        adding ? 'Close "Add network"' : 'Add network',
      ),
      adding ? h(AddNetwork, { api, onSaved }) : h(DevnetOffer, { api, settings, onSaved }),
      message?.top ? said : null,
    ),
    wallet,
    h(
      'label',
      { class: 'check toggle' },
      h('input', {
        type: 'checkbox',
        checked: override,
        'data-testid': 'override-toggle',
        onChange: (e: Event) => void toggleOverride((e.currentTarget as HTMLInputElement).checked),
      }),
      h('span', null, 'Vigil may set ', h('code', null, 'window.ethereum'), ' when another wallet already did', h('small', null, 'Vigil always announces itself through EIP-6963.')),
    ),
    h(
      'details',
      { class: 'advanced', 'data-testid': 'settings-advanced' },
      h('summary', { 'data-testid': 'advanced-open' }, 'Advanced', h('small', null, 'endpoints, checkpoint, rollups, auto-lock, limits')),
      h(
        'form',
        { class: 'settings-form', onSubmit: (e: Event) => (e.preventDefault(), void save()) },
        h(
          'label',
          { class: 'field' },
          h('span', { class: 'label' }, 'Beacon APIs', h('small', null, 'one per line, tried in order')),
          h('textarea', { rows: 2, value: beacon, spellcheck: false, 'data-testid': 'beacon-apis', placeholder: 'https://beacon.example', onInput: (e: Event) => setBeacon((e.currentTarget as HTMLTextAreaElement).value) }),
        ),
        h(
          'label',
          { class: 'field' },
          h('span', { class: 'label' }, 'Execution RPCs', h('small', null, 'one per line, tried in order')),
          h('textarea', { rows: 2, value: rpc, spellcheck: false, 'data-testid': 'execution-rpcs', placeholder: 'https://rpc.example', onInput: (e: Event) => setRpc((e.currentTarget as HTMLTextAreaElement).value) }),
        ),
        h(
          'label',
          { class: 'field' },
          h('span', { class: 'label' }, 'Checkpoint', h('small', null, 'finalized beacon block root')),
          h('input', { value: checkpoint, spellcheck: false, class: 'mono', 'data-testid': 'checkpoint-input', placeholder: '0x… (empty: the beacon APIs must agree)', onInput: (e: Event) => setCheckpoint((e.currentTarget as HTMLInputElement).value) }),
        ),
        h('p', { class: 'warning', 'data-testid': 'ws-warning' }, checkpointWarning(ws)),
        h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', checked: allowOld, onChange: (e: Event) => setAllowOld((e.currentTarget as HTMLInputElement).checked) }),
          'Accept an older checkpoint anyway',
        ),
        rollups.length > 0 ? h(RollupSettings, { rollups, onChange: setRollups }) : null,
        h('button', { type: 'submit', class: 'primary', disabled: busy, 'data-testid': 'save' }, busy ? 'Saving…' : 'Save'),
      ),
      h(AutoLock, { api }),
      h(
        'label',
        { class: 'field' },
        h('span', { class: 'label' }, 'Most a forced-exit step may cost without asking (ETH)', h('small', null, 'fees at their cap plus any value sent; empty: 0.05. Above it the step waits and its card asks you.')),
        h(
          'div',
          { class: 'row' },
          h('input', { value: exitCap, inputMode: 'decimal', placeholder: '0.05', 'data-testid': 'exit-fee-cap', onInput: (e: Event) => setExitCap((e.currentTarget as HTMLInputElement).value) }),
          h('button', { type: 'button', class: 'secondary', disabled: busy, 'data-testid': 'exit-fee-cap-save', onClick: () => void saveExitCap() }, 'Set'),
        ),
      ),
      h(
        'label',
        { class: 'field' },
        h('span', { class: 'label' }, 'Ask again if you would receive less than shown by (%)', h('small', null, 'a transaction is simulated again when you approve it; if what you receive fell by more than this, or anything else changed, the window asks again. Empty: 0.5.')),
        h(
          'div',
          { class: 'row' },
          h('input', { value: tolerance, inputMode: 'decimal', placeholder: '0.5', 'data-testid': 'incoming-tolerance', onInput: (e: Event) => setTolerance((e.currentTarget as HTMLInputElement).value) }),
          h('button', { type: 'button', class: 'secondary', disabled: busy, 'data-testid': 'incoming-tolerance-save', onClick: () => void saveTolerance() }, 'Set'),
        ),
      ),
      h(
        'label',
        { class: 'field' },
        h(
          'span',
          { class: 'label' },
          "A batch's signed calls may be sent for (minutes)",
          h('small', null, `a site's batch (EIP-5792) is signed whole when you approve it and sent call by call; the calls not sent within this time, or before you change the network, are erased. ${BATCH_EXPIRY_MINUTES.min}–${BATCH_EXPIRY_MINUTES.max}; empty: 60.`),
        ),
        h(
          'div',
          { class: 'row' },
          h('input', { value: batchExpiry, inputMode: 'numeric', placeholder: '60', 'data-testid': 'batch-expiry', onInput: (e: Event) => setBatchExpiry((e.currentTarget as HTMLInputElement).value) }),
          h('button', { type: 'button', class: 'secondary', disabled: busy, 'data-testid': 'batch-expiry-save', onClick: () => void saveBatchExpiry() }, 'Set'),
        ),
      ),
      message && !message.top ? said : null,
    ),
  );
}

/**
 * The rollups Vigil ships for this network: each followed or not, and the L2 RPC it asks for
 * hints (the committed L2 header, account proofs: each checked against L1). A change here is the
 * user's from then on; untouched ones follow Vigil's releases.
 */
function RollupSettings({ rollups, onChange }: { rollups: ShippedRollup[]; onChange: (r: ShippedRollup[]) => void }): ComponentChild {
  const update = (i: number, change: Partial<ShippedRollup>) => onChange(rollups.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return h(
    'fieldset',
    { class: 'field rollup-settings', 'data-testid': 'rollup-settings' },
    h('legend', { class: 'label' }, 'Rollups', h('small', null, 'followed from L1; the L2 RPC is asked where to look, never believed')),
    rollups.map((r, i) =>
      h(
        'div',
        { class: 'rollup-setting', key: r.name, 'data-testid': 'rollup-setting', 'data-rollup': r.name, 'data-from': r.from },
        h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', checked: r.enabled, 'data-testid': 'rollup-enabled', onChange: (e: Event) => update(i, { enabled: (e.currentTarget as HTMLInputElement).checked }) }),
          r.name,
        ),
        h('input', {
          value: r.l2Rpc ?? '',
          spellcheck: false,
          disabled: !r.enabled,
          'data-testid': 'rollup-l2-rpc',
          placeholder: 'https://… (its L2 RPC: none, it cannot be followed)',
          onInput: (e: Event) => update(i, { l2Rpc: (e.currentTarget as HTMLInputElement).value }),
        }),
      ),
    ),
  );
}
