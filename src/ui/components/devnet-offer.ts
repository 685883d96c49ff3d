/**
 * Settings: "a Vigil devnet runs on this computer". The background looks at the devnet's
 * well-known local URL; when one answers and no profile follows it yet, one click opens "Add
 * network" filled with its URLs and reads it (the network is still read, checked and previewed
 * like any other before the user adds it). That click first asks for access to the devnet's local
 * hosts, as for any URL the user adds: the extension as shipped grants no local host.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../../extension/messages.ts';
import type { LocalDevnet, PopupApi } from '../api.ts';
import { AddNetwork } from './add-network.ts';

export function DevnetOffer({ api, settings, onSaved }: { api: PopupApi; settings: Settings; onSaved: (s: Settings) => void }): ComponentChild {
  const [found, setFound] = useState<LocalDevnet | null>(null);
  const [using, setUsing] = useState(false);
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    let live = true;
    // Nothing at the URL (the usual case) or someone else's server there: no offer.
    api.findLocalDevnet().then((d) => live && setFound(d), () => {});
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

  if (found === null) return null;
  if (using) return h(AddNetwork, { api, onSaved, from: found });
  const followed = Object.values(settings.profiles).some((p) => p.beaconApis.includes(found.beaconApi));
  if (followed) return null;
  const rollups = found.rollups.length;
  return h(
    'div',
    { class: 'card devnet-offer', role: 'group', 'aria-label': 'Local devnet', 'data-testid': 'devnet-offer' },
    h('div', { class: 'card-title' }, 'A Vigil devnet runs on this computer'),
    h(
      'p',
      { class: 'small' },
      `${found.label} · chain ${found.chainId} · beacon API `,
      h('code', null, found.beaconApi),
      rollups > 0 ? ` · ${rollups} rollup${rollups === 1 ? '' : 's'}` : null,
    ),
    refused ? h('p', { class: 'note bad', role: 'alert', 'data-testid': 'devnet-offer-hosts' }, 'Vigil needs access to the devnet\'s local servers to read it. Nothing was saved.') : null,
    h('button', { type: 'button', class: 'primary', 'data-testid': 'devnet-offer-use', onClick: () => void use(found) }, 'Use this devnet'),
  );
}
