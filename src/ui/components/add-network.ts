/**
 * Settings → "Add network": a beacon API URL (and an execution RPC, optionally) in; the network
 * the background read from it out, as a preview (chain id, preset, forks, the checkpoint it would
 * trust and whose word it is, the warnings); saved and switched to only when the user says so.
 *
 * It lives inside the settings form, so it is no form itself: its buttons are type="button" and
 * Enter in its fields reads the network instead of submitting the settings.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../../extension/messages.ts';
import type { LocalDevnet, NetworkPreview, PopupApi } from '../api.ts';
import { errorLike, explainNetworkError, formatNumber, formatUtc, shortHash, type WalletErrorLike } from '../format.ts';

type Phase =
  | { kind: 'form' }
  | { kind: 'reading'; beaconApi: string }
  | { kind: 'preview'; preview: NetworkPreview }
  | { kind: 'saving'; preview: NetworkPreview }
  | { kind: 'saved'; label: string };

/** What went wrong, and at which step (the preview stays when saving failed). */
type Problem = { error: WalletErrorLike; step: 'hosts' | 'read' | 'save' | 'refresh' };

/** Several beacon APIs may be given, separated by spaces, commas or new lines: the first is read, the others must agree. */
export function beaconList(text: string): string[] {
  return text.split(/[\s,]+/).filter((u) => u !== '');
}

/**
 * `from`: a network found elsewhere (the local devnet's well-known object): its URLs fill the
 * fields and are read at once; its rollups, Uniswap V2 routers and own tokens are offered with the network.
 */
export function AddNetwork({ api, onSaved, from }: { api: PopupApi; onSaved: (s: Settings) => void; from?: LocalDevnet }): ComponentChild {
  const [beacon, setBeacon] = useState(from?.beaconApi ?? '');
  const [rpc, setRpc] = useState(from?.executionRpc ?? '');
  const [phase, setPhase] = useState<Phase>({ kind: 'form' });
  const [problem, setProblem] = useState<Problem | null>(null);

  const read = async () => {
    const [beaconApi, ...moreBeaconApis] = beaconList(beacon);
    const executionRpc = rpc.trim();
    setProblem(null);
    if (beaconApi === undefined) {
      setProblem({ step: 'read', error: { code: 'INVALID_INPUT', message: 'enter the URL of a beacon API' } });
      return;
    }
    setPhase({ kind: 'reading', beaconApi });
    try {
      const urls = [beaconApi, ...moreBeaconApis, ...(executionRpc ? [executionRpc] : [])];
      if (!(await api.requestHosts(urls))) {
        setProblem({ step: 'hosts', error: { message: 'Vigil needs access to these servers to read the network from them.' } });
        setPhase({ kind: 'form' });
        return;
      }
      const preview = await api.discoverNetwork({
        beaconApi,
        ...(moreBeaconApis.length > 0 ? { moreBeaconApis } : {}),
        ...(executionRpc ? { executionRpc } : {}),
        ...(from && from.rollups.length > 0 ? { rollups: from.rollups } : {}),
        ...(from && from.routers.length > 0 ? { routers: from.routers } : {}),
        ...(from && from.tokens.length > 0 ? { tokens: from.tokens } : {}),
        ...(from?.priceFeeds ? { priceFeeds: from.priceFeeds } : {}),
        ...(from?.ensUniversalResolver !== undefined ? { ensUniversalResolver: from.ensUniversalResolver } : {}),
        ...(from && from.delegator ? { delegator: from.delegator } : {}),
      });
      setPhase({ kind: 'preview', preview });
    } catch (err) {
      setProblem({ step: 'read', error: errorLike(err) });
      setPhase({ kind: 'form' });
    }
  };

  const save = async (preview: NetworkPreview) => {
    setProblem(null);
    setPhase({ kind: 'saving', preview });
    try {
      await api.addNetwork(preview);
    } catch (err) {
      setProblem({ step: 'save', error: errorLike(err) });
      setPhase({ kind: 'preview', preview });
      return;
    }
    setPhase({ kind: 'saved', label: preview.label });
    try {
      onSaved(await api.getSettings());
    } catch (err) {
      setProblem({ step: 'refresh', error: errorLike(err) });
    }
  };

  // A found network is read as soon as it is shown: the user asked for it with one click.
  useEffect(() => {
    if (from !== undefined) void read();
  }, []);

  const cancel = () => {
    setProblem(null);
    setPhase({ kind: 'form' });
  };

  const onEnter = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    // Not the settings form's submit (that would save the current profile).
    e.preventDefault();
    if (phase.kind === 'form') void read();
  };

  const reading = phase.kind === 'reading';
  const inputs = phase.kind === 'form' || reading;
  return h(
    'div',
    { class: 'add-network card', role: 'group', 'aria-label': 'Add network', 'data-testid': 'add-network' },
    h('div', { class: 'card-title' }, 'Add network'),
    inputs
      ? [
          h(
            'label',
            { class: 'field', key: 'beacon' },
            h('span', { class: 'label' }, 'Beacon API', h('small', null, 'Vigil reads the network from it; more than one (space-separated) must agree')),
            h('input', {
              type: 'text',
              value: beacon,
              spellcheck: false,
              disabled: reading,
              placeholder: 'https://beacon.example',
              'data-testid': 'add-network-beacon',
              onInput: (e: Event) => setBeacon((e.currentTarget as HTMLInputElement).value),
              onKeyDown: onEnter,
            }),
          ),
          h(
            'label',
            { class: 'field', key: 'rpc' },
            h('span', { class: 'label' }, 'Execution RPC', h('small', null, 'optional')),
            h('input', {
              type: 'url',
              value: rpc,
              spellcheck: false,
              disabled: reading,
              placeholder: 'https://rpc.example',
              'data-testid': 'add-network-rpc',
              onInput: (e: Event) => setRpc((e.currentTarget as HTMLInputElement).value),
              onKeyDown: onEnter,
            }),
          ),
          h('button', { type: 'button', key: 'read', class: 'secondary', disabled: reading, 'data-testid': 'add-network-read', onClick: () => void read() }, reading ? 'Reading…' : 'Read the network'),
          reading ? h('p', { class: 'note busy', role: 'status', key: 'reading', 'data-testid': 'add-network-reading' }, `Reading the network from ${phase.beaconApi}…`) : null,
        ]
      : null,
    phase.kind === 'preview' || phase.kind === 'saving' ? h(Preview, { preview: phase.preview, saving: phase.kind === 'saving', onSave: () => void save(phase.preview), onCancel: cancel }) : null,
    phase.kind === 'saved' ? h('p', { class: 'note good', role: 'status', 'data-testid': 'add-network-saved' }, `Added ${phase.label}: following it now.`) : null,
    problem ? h(ProblemNote, { problem }) : null,
  );
}

function ProblemNote({ problem: { error, step } }: { problem: Problem }): ComponentChild {
  const text = explainNetworkError(error);
  const after =
    step === 'save' ? 'The network was not added.' : step === 'refresh' ? 'It was added, but the settings could not be reloaded: reopen the popup.' : 'Nothing was saved.';
  return h(
    'div',
    { class: 'note bad', role: 'alert', 'data-testid': 'add-network-error', 'data-code': error.code ?? '' },
    h('div', null, text),
    error.code ? h('div', { class: 'small' }, h('code', null, error.code), text === error.message ? null : `: ${error.message}`) : null,
    h('div', { class: 'small' }, after),
  );
}

const LACK_WORDS: Record<NonNullable<NetworkPreview['lacks']>[number], string> = {
  rollups: 'no rollups followed',
  ens: 'no ENS names (no resolver)',
  routers: 'no swaps named (no Uniswap router)',
  delegator: 'no smart-account delegate',
};

/** What the added network will not have, and why: its description names none, or Vigil was given only its servers. */
export function lacksText(lacks: NonNullable<NetworkPreview['lacks']>, described: boolean): string {
  const what = lacks.map((l) => LACK_WORDS[l]).join(', ');
  return described
    ? `This network will have ${what}: its description names none.`
    : `Given only its servers, this network will have ${what}. A Vigil devnet describes them: use Settings → Find a Vigil devnet on this computer, or give its beacon API from vigil devnet's output.`;
}

function forkMark(fork: NetworkPreview['forks'][number]): string {
  if (fork.epoch === null) return 'not scheduled';
  return fork.active ? `active since epoch ${formatNumber(fork.epoch)}` : `scheduled at epoch ${formatNumber(fork.epoch)}`;
}

function Preview({ preview: p, saving, onSave, onCancel }: { preview: NetworkPreview; saving: boolean; onSave: () => void; onCancel: () => void }): ComponentChild {
  const unknown = new Set(p.unknownForks);
  // Unknown forks the schedule does not list (if any) still get a row.
  const rows = [...p.forks, ...p.unknownForks.filter((name) => !p.forks.some((f) => f.name === name)).map((name) => ({ name, epoch: null, active: false }))];
  return h(
    'div',
    { class: 'add-network-preview', 'data-testid': 'add-network-preview' },
    h(
      'dl',
      { class: 'fields' },
      h('dt', null, 'Network'),
      h('dd', { 'data-testid': 'add-network-label' }, `${p.label} (id ${p.id})`),
      h('dt', null, 'Chain'),
      h('dd', { 'data-testid': 'add-network-chain' }, `chain ${p.chainId} (0x${p.chainId.toString(16)})`),
      h('dt', null, 'Preset'),
      h('dd', { 'data-testid': 'add-network-preset' }, `${p.preset} · ${p.secondsPerSlot} s per slot`),
      h('dt', null, 'Genesis'),
      h('dd', { 'data-testid': 'add-network-genesis' }, formatUtc(p.genesisTime)),
      h('dt', null, p.moreBeaconApis.length > 0 ? 'Beacon APIs' : 'Beacon API'),
      h('dd', { class: 'mono', 'data-testid': 'add-network-beacons' }, [p.beaconApi, ...p.moreBeaconApis].join(' · ')),
      h('dt', null, 'Execution RPC'),
      h('dd', { class: p.executionRpc ? 'mono' : 'muted' }, p.executionRpc ?? 'none'),
      p.rollups.length > 0 ? h('dt', null, 'Rollups') : null,
      p.rollups.length > 0
        ? h('dd', { 'data-testid': 'add-network-rollups' }, p.rollups.map((r) => `${r.label} · chain ${r.chainId} (${r.kind})`).join('; '))
        : null,
      p.routers.length > 0 ? h('dt', null, 'Swaps named on') : null,
      p.routers.length > 0 ? h('dd', { class: 'mono', 'data-testid': 'add-network-routers' }, p.routers.map((r) => `Uniswap V2 ${r}`).join(' · ')) : null,
      p.tokens.length > 0 ? h('dt', null, 'Tokens listed') : null,
      p.tokens.length > 0 ? h('dd', { class: 'mono', 'data-testid': 'add-network-tokens' }, p.tokens.map((t) => `${t.symbol} ${t.address}`).join(' · ')) : null,
      p.delegator ? h('dt', null, 'Smart-account delegate') : null,
      p.delegator ? h('dd', { class: 'mono', 'data-testid': 'add-network-delegator' }, `${p.delegator} (its code is checked before you delegate)`) : null,
    ),
    p.describedBy ? h('p', { class: 'note good', 'data-testid': 'add-network-described' }, `A Vigil devnet: what it has comes from its description (${p.describedBy}), checked as the rest.`) : null,
    p.lacks && p.lacks.length > 0 ? h('p', { class: 'note warn', 'data-testid': 'add-network-lacks' }, lacksText(p.lacks, p.describedBy !== undefined)) : null,
    h('div', { class: 'card-title' }, 'Forks'),
    h(
      'ul',
      { class: 'forks', 'data-testid': 'add-network-forks' },
      rows.map((f) =>
        h(
          'li',
          {
            key: f.name,
            'data-fork': f.name,
            'data-state': unknown.has(f.name) ? 'unknown' : f.epoch === null ? 'unscheduled' : f.active ? 'active' : 'scheduled',
            class: unknown.has(f.name) ? 'fork unknown' : f.active ? 'fork active' : 'fork',
          },
          h('span', { class: 'fork-name' }, f.name),
          h('span', { class: 'fork-mark' }, forkMark(f)),
          unknown.has(f.name) ? h('span', { class: 'fork-unknown' }, 'unknown to Vigil: it will not follow past it') : null,
        ),
      ),
    ),
    h(
      'div',
      { class: 'checkpoint-preview', 'data-testid': 'add-network-checkpoint' },
      h('div', { class: 'card-title' }, 'Checkpoint'),
      p.checkpoint
        ? [
            h('div', { key: 'root' }, h('code', { title: p.checkpoint.root }, shortHash(p.checkpoint.root)), ` at slot ${formatNumber(p.checkpoint.slot)}`),
            p.checkpoint.source === 'beacon-apis'
              ? h('p', { class: 'good', key: 'whose', 'data-testid': 'add-network-agreed' }, `Agreed by beacon APIs on ${p.checkpoint.agreedBy.length} hosts: ${p.checkpoint.agreedBy.join(', ')}.`)
              : h('p', { class: 'warning', key: 'whose' }, 'From this beacon API only: replace it in Settings if you have one you trust.'),
          ]
        : h('p', { class: 'warning' }, 'The beacon API gave no finalized checkpoint: set one you trust in Settings after adding it.'),
    ),
    p.warnings.length > 0
      ? h(
          'div',
          { class: 'warnings', 'data-testid': 'add-network-warnings' },
          p.warnings.map((w, i) => h('p', { class: 'warning', key: i, 'data-testid': 'add-network-warning' }, w)),
        )
      : null,
    h(
      'div',
      { class: 'row-buttons' },
      h('button', { type: 'button', class: 'secondary', disabled: saving, 'data-testid': 'add-network-cancel', onClick: onCancel }, 'Cancel'),
      h('button', { type: 'button', class: 'primary', disabled: saving, 'data-testid': 'add-network-save', onClick: onSave }, saving ? 'Adding…' : 'Add and switch'),
    ),
  );
}
