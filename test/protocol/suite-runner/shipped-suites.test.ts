import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { loadScenarioFile } from '../../../scenarios/scenario-loader.js';
import { runScenarioSuite } from '../../../protocol/suite-runner/suite-emulator.js';

/**
 * The shipped suites (scenarios/suites/): one per path of the vendor article and per fault the
 * article warns about, each loading with the scenario loader and passing on a fresh emulator.
 */
t.setTimeout(300_000);
const dir = fileURLToPath(new URL('../../../scenarios/suites/', import.meta.url));
const files = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();

t.test('every path of the vendor article has its suite', async (t) => {
  const article = [
    ...['email-online', 'email-app', 'questions', 'support'].flatMap((method) => [`security-manager-1-${method}.yaml`, `security-manager-2-${method}.yaml`]),
    'nvr-1-found-device-questions.yaml', 'nvr-1-found-device-email.yaml', 'nvr-1-found-device-support.yaml',
    'nvr-2-password-management.yaml',
    'app-factory-reset.yaml',
    'fault-smtp-down.yaml', 'fault-power-off-during-support.yaml', 'fault-qr-expired.yaml',
  ];
  const beyond = ['openapi-and-checkpoints.yaml'];
  t.same(files, [...article, ...beyond].sort());
});

for (const name of files) {
  const file = `scenarios/suites/${name}`;
  const loaded = await loadScenarioFile(`${dir}${name}`);
  t.test(`${file} passes`, async (t) => {
    if (!loaded.ok) {
      t.fail(`${file} does not load`, { problems: loaded.problems.map((p) => `${p.line}:${p.column}: ${p.message}`) });
      return;
    }
    t.ok(loaded.scenario.suite, 'the loader builds its suite');
    const report = await runScenarioSuite(loaded.scenario, file);
    t.ok(report.results.length > 0, 'it has steps');
    const failed = report.results.filter((result) => !result.ok);
    t.same(failed.map((result) => `${result.name}: ${result.skip ?? result.message ?? ''}`), [], `${report.suite}: every step passes`);
  });
}
