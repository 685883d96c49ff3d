// Vigil's demo dApp (see index.html): plain browser JavaScript, no build step, no library — what
// any dApp does through EIP-1193, so a reader sees every request Vigil answers.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const VIGIL_RDNS = 'dev.vigil';
  const REFRESH_MS = 4000;
  // ERC-20 selectors: balanceOf(address), decimals(), symbol().
  const BALANCE_OF = '0x70a08231';
  const DECIMALS = '0x313ce567';
  const SYMBOL = '0x95d89b41';

  /** @type {{ chainId: number, accounts: string[], token?: string, beaconApi?: string, executionRpc?: string } | null} */
  let config = null;
  let provider = null;
  let connected = [];
  let token = null; // { symbol, decimals } once read
  let refreshing = false;

  // ---- helpers -------------------------------------------------------------------------------

  function setState(testid, state) {
    const el = document.querySelector(`[data-testid="${testid}"]`);
    if (el) el.dataset.state = state;
  }

  /** An EIP-1193 error as a line: its numeric code, Vigil's code in data, the message. */
  function describe(err) {
    const code = err && err.code !== undefined ? err.code : 'error';
    const data = err && err.data && typeof err.data === 'object' && typeof err.data.code === 'string' ? ` ${err.data.code}` : '';
    const message = err && err.message ? err.message : String(err);
    return `${code}${data}: ${message}`;
  }

  function request(method, params = []) {
    return provider.request({ method, params });
  }

  /** A base-10 string of `wei` in units of 10^decimals, at most `places` decimals. */
  function formatUnits(value, decimals, places = 6) {
    const v = BigInt(value);
    const unit = 10n ** BigInt(decimals);
    const whole = v / unit;
    let frac = (v % unit).toString().padStart(decimals, '0').slice(0, places).replace(/0+$/, '');
    const wholeText = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return frac ? `${wholeText}.${frac}` : wholeText;
  }

  /** "0.01" ether → wei (no floats). */
  function parseEther(text) {
    const m = /^\s*(\d*)(?:\.(\d{0,18}))?\s*$/.exec(text);
    if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) throw new Error(`amount expected a number of ether, got "${text}"`);
    return BigInt(m[1] || '0') * 10n ** 18n + BigInt((m[2] || '').padEnd(18, '0'));
  }

  const short = (hex, n = 6) => (typeof hex === 'string' && hex.length > 2 * n + 4 ? `${hex.slice(0, n + 2)}…${hex.slice(-n)}` : String(hex));
  const word = (address) => address.toLowerCase().replace(/^0x/, '').padStart(64, '0');

  /** The ABI `string` return of symbol(). */
  function decodeString(hex) {
    const data = hex.replace(/^0x/, '');
    const length = Number(BigInt('0x' + data.slice(64, 128)));
    const bytes = data.slice(128, 128 + 2 * length).match(/../g) || [];
    return new TextDecoder().decode(new Uint8Array(bytes.map((b) => parseInt(b, 16))));
  }

  function row(dl, label, value, title, className) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    if (title) dd.title = title;
    if (className) dd.className = className;
    dl.append(dt, dd);
  }

  // ---- finding Vigil ------------------------------------------------------------------------

  let others = [];
  window.addEventListener('eip6963:announceProvider', (event) => {
    const detail = event.detail;
    if (!detail || !detail.provider || !detail.info) return;
    if (detail.info.rdns === VIGIL_RDNS) use(detail.provider, `${detail.info.name} (EIP-6963)`);
    else others.push(detail.info.name);
  });
  window.dispatchEvent(new Event('eip6963:requestProvider'));

  function use(found, how) {
    if (provider) return;
    provider = found;
    $('wallet-text').textContent = `Found ${how}.`;
    setState('demo-wallet', 'found');
    $('connect').disabled = false;
    if (typeof provider.on === 'function') {
      provider.on('chainChanged', () => {
        token = null;
        void refresh();
      });
      provider.on('accountsChanged', (accounts) => {
        connected = accounts;
        showAccount();
        void refresh();
      });
    }
    request('eth_accounts').then((accounts) => {
      connected = accounts;
      showAccount();
    }, () => {});
    void refresh();
    setInterval(() => void refresh(), REFRESH_MS);
  }

  setTimeout(() => {
    if (provider) return;
    const eth = window.ethereum;
    if (eth && eth.isVigil) return use(eth, 'Vigil (window.ethereum)');
    setState('demo-wallet', 'not-found');
    $('wallet-text').textContent =
      'Vigil not found. Open this page in the browser where the Vigil extension is loaded (npm start does it), or load dist/extension-dev (the development build) unpacked and reload.' +
      (others.length ? ` Other wallets answered (${others.join(', ')}), but this demo reads Vigil's proofs.` : '');
  }, 1500);

  // ---- what the page shows ------------------------------------------------------------------

  function account() {
    return connected[0] || (config && config.accounts[0]);
  }

  function showAccount() {
    $('account-text').textContent = connected[0] ? `Connected: ${connected[0]}` : 'Not connected: Connect asks Vigil for your accounts.';
    $('connect').textContent = connected[0] ? 'Connected' : 'Connect';
    $('connect').disabled = !provider || Boolean(connected[0]);
  }

  async function refresh() {
    if (!provider || !config || refreshing) return;
    refreshing = true;
    try {
      const chainHex = await request('eth_chainId');
      const chainId = Number(BigInt(chainHex));
      if (chainId !== config.chainId) {
        setState('demo-chain', 'other');
        $('chain-text').textContent = `Vigil is on chain ${chainId}; the devnet is chain ${config.chainId}. Point Vigil at the devnet: its popup → Settings → "Use this devnet" (or Add network with ${config.beaconApi}).`;
        setState('proven-balance', 'waiting');
        setState('token-balance', 'waiting');
        return;
      }
      setState('demo-chain', 'ok');
      $('chain-text').textContent = `The Vigil devnet: chain ${chainId} (${chainHex})`;
      await Promise.all([showBalance(), showToken()]);
    } catch (err) {
      setState('demo-chain', 'error');
      $('chain-text').textContent = `eth_chainId failed: ${describe(err)}`;
    } finally {
      refreshing = false;
    }
  }

  async function showBalance() {
    const who = account();
    $('balance-account').textContent = `${connected[0] ? 'Your account' : 'Devnet account 0'}: ${who}`;
    try {
      const proven = await request('vigil_getVerifiedBalance', [who]);
      $('balance-value').textContent = `${formatUnits(proven.balance, 18)} ETH`;
      const dl = $('provenance');
      dl.replaceChildren();
      row(dl, 'Proven at block', `#${proven.blockNumber}${proven.finalized ? ' (finalized)' : ' (latest verified head)'}`);
      row(dl, 'Block hash', short(proven.blockHash, 10), proven.blockHash);
      row(dl, 'State root', short(proven.stateRoot, 10), proven.stateRoot);
      row(dl, 'Beacon slot', String(proven.beaconSlot));
      row(dl, 'Chain', String(Number(BigInt(proven.chainId))));
      row(dl, 'Head age', `${proven.headAgeSeconds} s`);
      row(dl, 'How', 'an account proof (EIP-1186) against the state root of a header the sync committee signed', '', 'prose');
      $('balance-error').textContent = '';
      const card = document.querySelector('[data-testid="proven-balance"]');
      card.dataset.block = String(proven.blockNumber);
      card.dataset.balance = proven.balance;
      card.dataset.stateRoot = proven.stateRoot;
      setState('proven-balance', 'ok');
    } catch (err) {
      $('balance-error').textContent = describe(err);
      setState('proven-balance', 'error');
    }
  }

  async function showToken() {
    if (!config.token) {
      $('token-address').textContent = 'This devnet has no demo token (start it with --contracts).';
      return;
    }
    $('token-address').textContent = `Vigil Token A at ${config.token}`;
    try {
      if (!token) {
        const [symbol, decimals] = await Promise.all([
          request('eth_call', [{ to: config.token, data: SYMBOL }, 'latest']),
          request('eth_call', [{ to: config.token, data: DECIMALS }, 'latest']),
        ]);
        token = { symbol: decodeString(symbol), decimals: Number(BigInt(decimals)) };
      }
      const balance = await request('eth_call', [{ to: config.token, data: BALANCE_OF + word(account()) }, 'latest']);
      $('token-value').textContent = `${formatUnits(BigInt(balance), token.decimals, 4)} ${token.symbol}`;
      $('token-error').textContent = '';
      setState('token-balance', 'ok');
    } catch (err) {
      $('token-error').textContent = describe(err);
      setState('token-balance', 'error');
    }
  }

  // ---- connect and send -------------------------------------------------------------------------

  async function connect() {
    connected = await request('eth_requestAccounts');
    showAccount();
    void refresh();
    return connected;
  }

  $('connect').addEventListener('click', () => {
    connect().catch((err) => {
      $('account-text').textContent = `Not connected: ${describe(err)}`;
    });
  });

  $('send-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = $('send-result');
    const say = (state, text) => {
      result.dataset.state = state;
      result.className = state === 'error' ? 'error' : state === 'done' ? 'good' : 'muted';
      result.textContent = text;
    };
    if (!provider) return say('error', 'Vigil not found: nothing to send with.');
    $('send-button').disabled = true;
    try {
      const to = $('send-to').value.trim();
      if (!/^0x[0-9a-fA-F]{40}$/.test(to)) throw new Error(`"To" expected an address (0x and 40 hex digits), got "${to}"`);
      const value = parseEther($('send-amount').value);
      say('connecting', 'Asking Vigil for your account…');
      const from = (connected[0] ? connected : await connect())[0];
      say('approving', 'Approve the transaction in Vigil\'s window…');
      const hash = await request('eth_sendTransaction', [{ from, to, value: '0x' + value.toString(16) }]);
      say('sent', `Sent ${hash}; waiting for its receipt…`);
      for (let i = 0; i < 120; i++) {
        const receipt = await request('eth_getTransactionReceipt', [hash]).catch(() => null);
        if (receipt) {
          const ok = receipt.status === '0x1';
          say(ok ? 'done' : 'error', `${ok ? 'Included' : 'Reverted'} in block #${Number(BigInt(receipt.blockNumber))}: ${hash} (receipt proven by Vigil).`);
          void refresh();
          return;
        }
        await new Promise((r) => setTimeout(r, 1500));
      }
      say('sent', `Sent ${hash}; no receipt yet (Vigil shows none it cannot prove).`);
    } catch (err) {
      say('error', describe(err));
    } finally {
      $('send-button').disabled = false;
    }
  });

  // ---- start -------------------------------------------------------------------------------------

  fetch('config.json')
    .then((res) => {
      if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
      return res.json();
    })
    .then((c) => {
      config = c;
      $('send-to').value = c.accounts[1] || '';
      showAccount();
      void refresh();
    })
    .catch((err) => {
      $('chain-text').textContent = `This page needs the devnet's config.json (vigil start serves it): ${err.message}`;
      setState('demo-chain', 'error');
    });
})();
