/**
 * A site's origin as the approval window shows it: as the browser parsed it (the URL API: lower
 * case, an internationalised host in punycode, a default port dropped), with the registrable
 * domain (the Public Suffix List's, through tldts; private suffixes such as github.io count, so
 * alice.github.io is not bob.github.io) in bold and the rest muted: `login.` in
 * `login.bank.example.evil.io` reads as what it is, a subdomain of evil.io. A host in punycode is
 * said to be one, since a look-alike in another script shows up there as `xn--`.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { parse } from 'tldts';

export interface OriginParts {
  /** `https://` */
  scheme: string;
  /** What precedes the registrable domain, with its dot (`login.`), or ''. */
  subdomain: string;
  /** The registrable domain, or the whole host for an IP address, localhost or a bare suffix. */
  domain: string;
  /** `:8443`, or '' for the scheme's default. */
  port: string;
  /** Some label of the host is punycode (an internationalised name). */
  punycode: boolean;
}

/** The parts of a serialized origin, or undefined for anything the URL API does not read as http(s). */
export function originParts(origin: string): OriginParts | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const host = url.hostname;
  const parsed = parse(host, { allowPrivateDomains: true });
  const domain = !parsed.isIp && parsed.domain && host.endsWith(parsed.domain) ? parsed.domain : host;
  return {
    scheme: `${url.protocol}//`,
    subdomain: host.slice(0, host.length - domain.length),
    domain,
    port: url.port === '' ? '' : `:${url.port}`,
    punycode: host.split('.').some((label) => label.startsWith('xn--')),
  };
}

/** The origin, its registrable domain emphasised; `testid` names the element (the e2e tests read it). */
export function OriginName({ origin, testid }: { origin: string; testid: string }): ComponentChild {
  const p = originParts(origin);
  if (p === undefined) return h('div', { class: 'origin-name', 'data-testid': testid }, origin);
  return h(
    'div',
    null,
    h(
      'div',
      { class: 'origin-name', 'data-testid': testid, title: origin },
      h('span', { class: 'origin-muted' }, p.scheme),
      p.subdomain ? h('span', { class: 'origin-muted' }, p.subdomain) : null,
      h('strong', { class: 'origin-domain', 'data-testid': `${testid}-domain` }, p.domain),
      p.port ? h('span', { class: 'origin-muted' }, p.port) : null,
    ),
    p.punycode ? h('p', { class: 'warning small', 'data-testid': `${testid}-punycode` }, 'This name is internationalised: shown as the browser reads it (punycode). Check that it is the site you meant.') : null,
  );
}
