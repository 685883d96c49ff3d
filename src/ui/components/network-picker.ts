/**
 * The network picker: the configured networks by name and chain id; choosing one switches the
 * light client to it (vigil:setNetwork), from Settings and from the home's header alike.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import type { Settings } from '../../extension/messages.ts';

/** `onSwitch` saves the choice and reloads the settings; it throws what the background refused (the caller says it). */
export function NetworkPicker({ settings, onSwitch, testid, compact = false, disabled = false }: { settings: Settings; onSwitch: (id: string) => Promise<void>; testid: string; compact?: boolean; disabled?: boolean }): ComponentChild {
  const [busy, setBusy] = useState(false);
  const change = async (id: string) => {
    setBusy(true);
    try {
      await onSwitch(id);
    } catch {
      // The caller shows why; the picker shows the network still current.
    } finally {
      setBusy(false);
    }
  };
  return h(
    'select',
    {
      class: compact ? 'network-picker compact' : 'network-picker',
      'aria-label': 'Network',
      value: settings.current,
      disabled: busy || disabled,
      'data-testid': testid,
      onChange: (e: Event) => void change((e.currentTarget as HTMLSelectElement).value),
    },
    Object.values(settings.profiles).map((p) => h('option', { value: p.id, key: p.id }, `${p.label} · ${p.chainId}`)),
  );
}
