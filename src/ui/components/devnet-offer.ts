/**
 * Settings: "a Vigil devnet runs on this computer". The background looks at the devnet's
 * well-known local URL, or where the user says it describes itself (`vigil devnet
 * --discovery-port N` prints the port to type); when one answers and no profile follows it yet,
 * one click opens "Add network" filled with its URLs and reads it (the network is still read,
 * checked and previewed like any other before the user adds it). That click first asks for access
 * to the devnet's local hosts, as for any URL the user adds: the extension as shipped grants no
 * local host. A devnet with the chain id of one already followed is said to be another one, and
 * what using it does.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { NetworkProfileView, Settings } from '../../extension/messages.ts';
import type { LocalDevnet, PopupApi } from '../api.ts';
import { errorLike, formatUtc, shortHash, type WalletErrorLike } from '../format.ts';
import { AddNetwork } from './add-network.ts';

/** How a found devnet stands to the networks saved: followed already, another one on a followed chain id, or new. */
export type DevnetRelation = { kind: 'followed'; profile: NetworkProfileView } | { kind: 'other'; profile: NetworkProfileView; why: string } | { kind: 'new' };

/** A saved network's genesis, from its config in the specs' names (absent from an older background's settings). */
function genesisOf(profile: NetworkProfileView): { root?: string; time?: number } {
  const config = typeof profile.config === 'object' && profile.config !== null ? (profile.config as Record<string, unknown>) : undefined;
  const root = config?.GENESIS_VALIDATORS_ROOT;
  const time = config?.GENESIS_TIME === undefined ? NaN : Number(config.GENESIS_TIME);
  return { ...(typeof root === 'string' ? { root: root.toLowerCase() } : {}), ...(Number.isSafeInteger(time) ? { time } : {}) };
}

/**
 * Compares a found devnet with the saved networks: by genesis when both name theirs (a devnet
 * restarted on the same ports is another chain), else by beacon API.
 * @example devnetRelation(found, settings).kind // 'other' when a saved "devnet" has chain 1337 and another genesis
 */
export function devnetRelation(found: LocalDevnet, settings: Settings): DevnetRelation {
  const profiles = Object.values(settings.profiles);
  const same = (p: NetworkProfileView): boolean => {
    const root = genesisOf(p).root;
    return found.genesisValidatorsRoot !== undefined && root !== undefined ? root === found.genesisValidatorsRoot : p.beaconApis.includes(found.beaconApi);
  };
  const followed = profiles.find(same);
  if (followed) return { kind: 'followed', profile: followed };
  const sameChain = profiles.find((p) => p.chainId === found.chainId);
  if (sameChain === undefined) return { kind: 'new' };
  const theirs = genesisOf(sameChain);
  const why =
    found.genesisValidatorsRoot !== undefined && theirs.root !== undefined
      ? `its genesis is ${shortHash(found.genesisValidatorsRoot)}${found.genesisTime !== undefined ? ` (${formatUtc(found.genesisTime)})` : ''}, ${sameChain.label}'s is ${shortHash(theirs.root)}${theirs.time !== undefined ? ` (${formatUtc(theirs.time)})` : ''}`
      : `its beacon API is ${found.beaconApi}, not ${sameChain.label}'s`;
  return { kind: 'other', profile: sameChain, why };
}

export function DevnetOffer({ api, settings, onSaved }: { api: PopupApi; settings: Settings; onSaved: (s: Settings) => void }): ComponentChild {
  const [found, setFound] = useState<LocalDevnet | null>(null);
  const [using, setUsing] = useState(false);
  const [refused, setRefused] = useState(false);
  // Found where the user said to look (not at the well-known URL): said even when already saved.
  const [looked, setLooked] = useState(false);

  useEffect(() => {
    let live = true;
    // Nothing at the URL (the usual case) or someone else's server there: no offer.
    api.findLocalDevnet().then((d) => live && d !== null && setFound(d), () => {});
    return () => {
      live = false;
    };
  }, []);

  // Asked in the click itself: a browser shows the permission prompt only there.
  const use = async (devnet: LocalDevnet) => {
    const granted = await api.requestHosts([devnet.beaconApi, devnet.executionRpc]).catch(() => false);
    setRefused(!granted);
    if (granted) setUsing(true);
  };

  if (found !== null && using) return h(AddNetwork, { api, onSaved, from: found });
  const relation = found === null ? null : devnetRelation(found, settings);
  return h(
    'div',
    { class: 'devnet-offers' },
    found !== null && relation !== null && relation.kind !== 'followed' ? h(Offer, { found, relation, refused, onUse: () => void use(found) }) : null,
    h(FindDevnet, {
      api,
      onFound: (d: LocalDevnet) => {
        setFound(d);
        setLooked(true);
      },
      followed: looked && relation?.kind === 'followed' ? relation.profile.label : null,
    }),
  );
}

function Offer({ found, relation, refused, onUse }: { found: LocalDevnet; relation: DevnetRelation; refused: boolean; onUse: () => void }): ComponentChild {
  const rollups = found.rollups.length;
  const other = relation.kind === 'other' ? relation : null;
  // A Vigil devnet is saved under its config's name: one with the name of the saved network takes its place.
  const replaces = other !== null && found.configName !== undefined && found.configName === other.profile.id;
  // Beside it, another genesis may not take its chain id (src/client/network/chain-id-taken.ts): known to differ only when both name theirs.
  const anotherGenesis = other !== null && found.genesisValidatorsRoot !== undefined && genesisOf(other.profile).root !== undefined;
  return h(
    'div',
    { class: 'card devnet-offer', role: 'group', 'aria-label': 'Local devnet', 'data-testid': 'devnet-offer' },
    h('div', { class: 'card-title' }, other ? 'Another Vigil devnet runs on this computer' : 'A Vigil devnet runs on this computer'),
    h(
      'p',
      { class: 'small' },
      `${found.label} · chain ${found.chainId} · beacon API `,
      h('code', null, found.beaconApi),
      rollups > 0 ? ` · ${rollups} rollup${rollups === 1 ? '' : 's'}` : null,
    ),
    other
      ? h(
          'p',
          { class: 'note warn', 'data-testid': 'devnet-offer-other' },
          `Not the devnet you follow: ${other.profile.label} is chain ${other.profile.chainId} too, but ${other.why}. `,
          replaces
            ? `Using this one replaces ${other.profile.label} in Vigil (its servers, checkpoint and rollups); your accounts stay.`
            : anotherGenesis
              ? `Vigil cannot add it beside ${other.profile.label}: a transaction signed on one would be valid on the other.`
              : `Vigil adds it beside ${other.profile.label} only if it is the same chain: on another genesis it is refused, since a transaction signed on one would be valid on the other.`,
        )
      : null,
    refused ? h('p', { class: 'note bad', role: 'alert', 'data-testid': 'devnet-offer-hosts' }, 'Vigil needs access to the devnet\'s local servers to read it. Nothing was saved.') : null,
    h('button', { type: 'button', class: 'primary', 'data-testid': 'devnet-offer-use', onClick: onUse }, 'Use this devnet'),
  );
}

type Look = { kind: 'idle' } | { kind: 'looking' } | { kind: 'none'; at: string } | { kind: 'refused'; error: WalletErrorLike };

/**
 * "Find a Vigil devnet on this computer": where it describes itself, as `vigil devnet` printed it
 * (its discovery port, or a URL on 127.0.0.1 or localhost); the background refuses anything else.
 * Inside the settings form: Enter looks instead of submitting the settings.
 */
function FindDevnet({ api, onFound, followed }: { api: PopupApi; onFound: (d: LocalDevnet) => void; followed: string | null }): ComponentChild {
  const [at, setAt] = useState('');
  const [look, setLook] = useState<Look>({ kind: 'idle' });

  const find = async () => {
    const typed = at.trim();
    setLook({ kind: 'looking' });
    try {
      const found = await api.findLocalDevnet(typed);
      if (found === null) setLook({ kind: 'none', at: typed });
      else {
        setLook({ kind: 'idle' });
        onFound(found);
      }
    } catch (err) {
      setLook({ kind: 'refused', error: errorLike(err) });
    }
  };

  return h(
    'details',
    // Styled as Settings' Advanced: a closed card until opened.
    { class: 'advanced devnet-find', 'data-testid': 'devnet-find' },
    h('summary', null, 'Find a Vigil devnet on this computer', h('small', null, 'on another port')),
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'label' }, 'Its discovery port or URL', h('small', null, 'as vigil devnet printed it: 8590 unless started with --discovery-port')),
      h('input', {
        type: 'text',
        value: at,
        spellcheck: false,
        placeholder: '8591',
        disabled: look.kind === 'looking',
        'data-testid': 'devnet-find-at',
        onInput: (e: Event) => setAt((e.currentTarget as HTMLInputElement).value),
        onKeyDown: (e: KeyboardEvent) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          void find();
        },
      }),
    ),
    h('button', { type: 'button', class: 'secondary', disabled: look.kind === 'looking', 'data-testid': 'devnet-find-look', onClick: () => void find() }, look.kind === 'looking' ? 'Looking…' : 'Look'),
    look.kind === 'none'
      ? h('p', { class: 'note warn', role: 'status', 'data-testid': 'devnet-find-none' }, `No Vigil devnet answers at ${look.at}: is it running, and is that the port it printed?`)
      : null,
    look.kind === 'refused' ? h('p', { class: 'note bad', role: 'alert', 'data-testid': 'devnet-find-error', 'data-code': look.error.code ?? '' }, look.error.message) : null,
    followed !== null ? h('p', { class: 'note good', role: 'status', 'data-testid': 'devnet-find-followed' }, `That devnet is already saved: ${followed}.`) : null,
  );
}
