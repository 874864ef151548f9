// SPDX-License-Identifier: MIT
// Runs one npm romanizer over standard input, one line in, one line out.
// Usage: node peers.js es-hangul|hangul-romanization|aromanize < lines
// The packages are installed into bench/romanize/node_modules by
// bench/romanize/setup.sh for the benchmark only (never committed).
'use strict';
const peers = {
  'es-hangul': () => require('es-hangul').romanize,
  'hangul-romanization': () => require('hangul-romanization').convert,
  'aromanize': () => (s) => require('aromanize').hangulToLatin(s, 'rr'),
};
const name = process.argv[2];
if (!peers[name]) {
  console.error('usage: node peers.js ' + Object.keys(peers).join('|'));
  process.exit(2);
}
const romanize = peers[name]();
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
if (lines.length && lines[lines.length - 1] === '') lines.pop();
const out = lines.map((l) => {
  try {
    return String(romanize(l));
  } catch (e) {
    return '<error: ' + e.message + '>';
  }
});
process.stdout.write(out.join('\n') + '\n');
