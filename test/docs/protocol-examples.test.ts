import t from 'tap';
import { readFileSync } from 'node:fs';
import { startTestEmulator } from '../helpers/emulator-fixture.js';
import { differences, ExampleReplayer, extractExamples, withMarkers } from './protocol-examples.js';

/**
 * Every request/reply example of docs/protocol.md, replayed against the quickstart: the
 * device's actual reply must match the documented one (same keys, types, error_code and
 * literal values; `"<varies>"` fields excepted). The topology is reset before each example.
 * `PRINT_PROTOCOL_EXAMPLES=1` prints each actual reply with markers, to write new examples.
 */
const markdown = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
const examples = extractExamples(markdown);

t.setTimeout(240_000);

t.test('docs/protocol.md has examples, each one well-formed', async (t) => {
  t.ok(examples.length >= 40, `${examples.length} examples`);
  for (const example of examples) {
    t.ok(example.device && example.path.startsWith('/'), `line ${example.line}: a device and a path`);
    t.doesNotThrow(() => JSON.parse(example.reply), `line ${example.line}: the reply is JSON`);
    if (!example.raw) t.doesNotThrow(() => JSON.parse(example.body.replace(/<[A-Za-z_:#0-9-]+(?::[^>]+)?>/g, 'x')), `line ${example.line}: the request is JSON`);
  }
  const fenced = (markdown.match(/```http request/g) ?? []).length;
  t.equal(fenced, examples.length, 'every http request block is a marked-up example');
});

t.test('every documented reply is what the device sends', async (t) => {
  const fx = await startTestEmulator();
  t.teardown(() => fx.emulator.close());
  const replayer = new ExampleReplayer(fx);
  const started = Date.now();
  for (const example of examples) {
    if (Date.now() - started > 200_000) {
      t.fail('out of time replaying examples');
      break;
    }
    const reset = await fx.control('POST', '/__sim/reset');
    t.equal(reset.status, 200);
    const actual = await replayer.replay(example);
    const where = `line ${example.line} (${example.device} ${example.path})`;
    if (process.env.PRINT_PROTOCOL_EXAMPLES) console.error(`${where}\n${actual.status === 200 ? '' : `HTTP ${actual.status}\n`}${JSON.stringify(withMarkers(actual.json))}\n`);
    t.equal(actual.status, example.status, `${where}: HTTP ${example.status}`);
    t.same(differences(JSON.parse(example.reply), actual.json), [], `${where}: the reply matches`);
  }
});
