/**
 * Which URL hosts are the user's machine or network (src/rpc/private-address.ts), read from the
 * WHATWG URL's hostname as the gateway check reads it: every spelling of loopback the URL parser
 * accepts, the private, link-local and shared ranges of IPv4 and IPv6, IPv4 inside IPv6, and the
 * `localhost` names; public addresses and names are not.
 */
import { describe, expect, it } from 'vitest';
import { isPrivateHost } from '../../../src/rpc/private-address.ts';

const host = (url: string) => isPrivateHost(new URL(url).hostname);

describe('isPrivateHost', () => {
  it('names loopback however the URL spells it', () => {
    for (const u of ['http://127.0.0.1/', 'http://127.255.0.9:8545/', 'http://0x7f.1/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://[::1]/', 'http://[0:0:0:0:0:0:0:1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::127.0.0.1]/', 'http://localhost/', 'http://LOCALHOST./', 'http://gw.localhost/', 'http://0.0.0.0/', 'http://[::]/']) {
      expect([u, host(u)]).toEqual([u, true]);
    }
  });

  it('names private, link-local and shared ranges (IPv4, IPv6, IPv4 inside IPv6)', () => {
    for (const u of ['http://10.1.2.3/', 'http://172.16.0.1/', 'http://172.31.255.255/', 'http://192.168.0.1/', 'http://169.254.169.254/', 'http://100.64.0.1/', 'http://100.127.255.255/', 'http://[fc00::1]/', 'http://[fd12:3456::1]/', 'http://[fe80::1]/', 'http://[febf::1]/', 'http://[fec0::1]/', 'http://[::ffff:10.0.0.1]/', 'http://[::ffff:192.168.1.1]/', 'http://[64:ff9b::a9fe:a9fe]/']) {
      expect([u, host(u)]).toEqual([u, true]);
    }
  });

  it('leaves public addresses and names alone', () => {
    for (const u of ['https://gateway.example/', 'https://localhost.example/', 'https://mylocalhost/', 'http://8.8.8.8/', 'http://172.15.0.1/', 'http://172.32.0.1/', 'http://192.169.0.1/', 'http://100.63.0.1/', 'http://100.128.0.1/', 'http://11.0.0.1/', 'http://[2001:db8::1]/', 'http://[2606:4700::1111]/', 'http://[::ffff:8.8.8.8]/', 'http://[64:ff9b::808:808]/']) {
      expect([u, host(u)]).toEqual([u, false]);
    }
  });
});
