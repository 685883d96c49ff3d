/**
 * ENSIP-15 test vectors: a selection of the hand-written cases at the top of the published test
 * file of ENSIP-15's reference implementation, adraffy/ens-normalize.js validate/tests.json
 * (commit 03fe8fc02a0dee4d7c8af5d39448c21aa9e84de6; ENSIP-15 links it as its validation tests).
 * `norm` absent: the name is already normalized; `error`: ENSIP-15 refuses it. Invisible and
 * combining characters are written as escapes.
 */
export interface Ensip15Vector {
  name: string;
  norm?: string;
  error?: true;
  comment: string;
}

export const ENSIP15_VECTORS: readonly Ensip15Vector[] = [
  { name: ' ', error: true, comment: 'Empty: Whitespace' },
  { name: '\uFE0F', error: true, comment: 'Empty: Ignorable' },
  { name: '.', error: true, comment: 'Null Labels' },
  { name: '.eth', error: true, comment: 'Null 2LD' },
  { name: 'eth.', error: true, comment: 'Null TLD' },
  { name: '...eth', error: true, comment: 'Multiple Null Labels' },
  { name: '\uFF0E', error: true, comment: 'Disallowed Stop: FF0E' },
  { name: '\u3002', error: true, comment: 'Disallowed Stop: 3002' },
  { name: 'vitalik.eth', comment: 'Trivial Name' },
  { name: '123.eth', comment: 'Trivial Digit Name' },
  { name: 'abcdefghijklmnopqrstuvwxyz-0123456789', comment: 'DNS Name' },
  { name: 'bRAnTlY.eTh', norm: 'brantly.eth', comment: 'Mixed-case' },
  { name: 'BRANTLYMILLEGAN.COM', norm: 'brantlymillegan.com', comment: 'Uppercase' },
  { name: 'nowzad.loopring.eth', comment: 'Subdomain' },
  { name: '\u00F6bb.at', comment: 'IDNATestV2' },
  { name: '\u00D6bb.at', norm: '\u00F6bb.at', comment: 'IDNATestV2' },
  { name: '\u00DF', comment: 'IDNA deviation' },
  { name: '\u03C2', comment: 'IDNA deviation' },
  { name: '\u2167', norm: 'viii', comment: 'Mapping: roman numeral' },
  { name: '\u24C2', norm: 'm', comment: 'Mapping: circled' },
  { name: '\u24C2\uFE0F', norm: 'm', comment: 'Mapping: demoji' },
  { name: 'te st', error: true, comment: 'Whitespace: inner' },
  { name: ' test', error: true, comment: 'Whitespace: leading' },
  { name: 'test ', error: true, comment: 'Whitespace: trailing' },
  { name: 'test\u200D', error: true, comment: 'ZWJ: trailing' },
  { name: '\u200Dtest', error: true, comment: 'ZWJ: leading' },
  { name: "'a", error: true, comment: 'Apostrophe: leading' },
  { name: "a'\u2019a", error: true, comment: 'Apostrophe: adjacent' },
  { name: "a'a\u2019a", norm: 'a\u2019a\u2019a', comment: 'Apostrophe' },
  { name: 'a\u00B7b', error: true, comment: 'ContextO: invalid middle dot' },
  { name: '_a', comment: 'Leading Underscore' },
  { name: '_____a', comment: 'Leading Underscore' },
  { name: 'a_b', error: true, comment: 'Non-leading Underscore' },
  { name: '\u0303', error: true, comment: 'Leading CM' },
  { name: '\u{1F4A9}\u0303', error: true, comment: 'Emoji + CM' },
  { name: '\u{1F1E6}', error: true, comment: 'Single regional indicator' },
  { name: '\u{1F1FA}\u{1F1F8}', comment: 'Double regional indicator: valid flag sequence' },
  { name: 'xn--ls8h', error: true, comment: 'Punycode Literal' },
  { name: 'te--st', error: true, comment: 'CheckHyphens, Section 4.1 Rule #2 (ASCII)' },
  { name: 'test-', comment: 'CheckHyphens, Section 4.1 Rule #3A (Ignored)' },
  { name: '-test', comment: 'CheckHyphens, Section 4.1 Rule #3B (Ignored)' },
  { name: '\u{1F4A9}', comment: 'Emoji: unstyled' },
  { name: '\u{1F4A9}\uFE0F', norm: '\u{1F4A9}', comment: 'Emoji: emoji-styled' },
  { name: '\u{1F4A9}\uFE0E', norm: '\u{1F4A9}', comment: 'Emoji: text-styled' },
  { name: '\u{1F4A9}\u200D\u{1F4A9}', error: true, comment: 'Poop Joiner' },
  { name: '\u{1F308}rainbow', comment: 'Emoji + Text' },
  { name: '\u06F0\u06F1\u06F2\u06F3\u06F8\u06F9', norm: '\u0660\u0661\u0662\u0663\u0668\u0669', comment: 'Arabic Mapping' },
  { name: '\u0430\u0440\u0440\u04CF\u0435', error: true, comment: 'confuse' },
  { name: '0x', comment: 'confuse' },
  { name: '0\u0445', error: true, comment: 'confuse' },
  { name: '\u00BD', norm: '1\u20442', comment: 'confuse' },
];
