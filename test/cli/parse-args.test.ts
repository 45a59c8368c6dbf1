import t from 'tap';
import { parseUpArgs } from '../../cli/commands/up-args.js';
import { parseHostPort, parseSeed, parseSmtpUrl } from '../../cli/option-values.js';
import { parseCommandArgs } from '../../cli/parse-args.js';

const message = (result: { ok: boolean; message?: string }): string | undefined => (result.ok ? undefined : result.message);

t.test('up: defaults and every flag', async (t) => {
  t.same(parseUpArgs([]), { ok: true, value: { help: false, control: { host: '127.0.0.1', port: 9090 } } });
  t.same(
    parseUpArgs(['my.yaml', '--control', '0.0.0.0:0', '--smtp=smtp://127.0.0.1:1025', '--seed', '42', '--device-host', '127.0.0.1']),
    { ok: true, value: { help: false, scenario: 'my.yaml', control: { host: '0.0.0.0', port: 0 }, smtpUrl: 'smtp://127.0.0.1:1025', seed: 42, deviceHost: '127.0.0.1' } },
  );
  const v6 = parseUpArgs(['--control', '[::1]:9191']);
  t.same(v6.ok && v6.value.control, { host: '::1', port: 9191 });
  const named = parseUpArgs(['--control', 'localhost:9090']);
  t.same(named.ok && named.value.control, { host: 'localhost', port: 9090 });
  t.equal(parseUpArgs(['-h']).ok && (parseUpArgs(['-h']) as { value: { help: boolean } }).value.help, true);
});

t.test('up: --cameras N [--nvrs M] asks for a generated topology', async (t) => {
  t.same(parseUpArgs(['--cameras', '12']), { ok: true, value: { help: false, topology: { cameras: 12, nvrs: 0 }, control: { host: '127.0.0.1', port: 9090 } } });
  const both = parseUpArgs(['--cameras=20000', '--nvrs', '500', '--seed', '3']);
  t.same(both.ok && both.value.topology, { cameras: 20000, nvrs: 500 });
  t.same(both.ok && both.value.seed, 3);
  const zero = parseUpArgs(['--nvrs', '0', '--cameras', '1']);
  t.same(zero.ok && zero.value.topology, { cameras: 1, nvrs: 0 });
});

t.test('up: --device-ports <https>,<http> moves every device listener (0 = any free port)', async (t) => {
  const fixed = parseUpArgs(['--cameras', '2', '--device-ports', '18443,18080']);
  t.same(fixed.ok && fixed.value.devicePorts, { https: 18443, http: 18080 });
  const free = parseUpArgs(['--device-ports=0,0']);
  t.same(free.ok && free.value.devicePorts, { https: 0, http: 0 });
});

t.test('up: VIGI_SIM_CONTROL is the default control address (a container binds 0.0.0.0:9090)', async (t) => {
  const fromEnv = parseUpArgs([], { VIGI_SIM_CONTROL: '0.0.0.0:9090', VIGI_SIM_TOKEN: 's' });
  t.same(fromEnv.ok && fromEnv.value.control, { host: '0.0.0.0', port: 9090 });
  const flagWins = parseUpArgs(['--control', '127.0.0.1:9191'], { VIGI_SIM_CONTROL: '0.0.0.0:9090' });
  t.same(flagWins.ok && flagWins.value.control, { host: '127.0.0.1', port: 9191 });
  t.same(parseUpArgs([], { VIGI_SIM_CONTROL: 'nope' }), { ok: false, message: 'VIGI_SIM_CONTROL "nope" is not host:port (e.g. 127.0.0.1:9090)' });
});

t.test('up: --discovery-interface names the multicast interface by its address; --shard k/n', async (t) => {
  const parsed = parseUpArgs(['--discovery-interface', '172.28.0.10', '--shard', '2/4']);
  t.same(parsed.ok && [parsed.value.discoveryInterface, parsed.value.shard], ['172.28.0.10', { index: 2, count: 4 }]);
});

t.test('up: each bad flag value says what is wrong', async (t) => {
  const cases: [string[], string][] = [
    [['--control', '9090'], '--control "9090" is not host:port (e.g. 127.0.0.1:9090)'],
    [['--control', '127.0.0.1:65536'], '--control "127.0.0.1:65536": "65536" is not a port number (0 to 65535)'],
    [['--control', '127.0.0.1:http'], '--control "127.0.0.1:http": "http" is not a port number (0 to 65535)'],
    [['--control', ':9090'], '--control ":9090": "" is not a host name or IP address'],
    [['--control', '300.1.1.1:80'], '--control "300.1.1.1:80": "300.1.1.1" is not a host name or IP address'],
    [['--seed', 'abc'], '--seed "abc" is not a whole number (0 or more)'],
    [['--seed=-1'], '--seed "-1" is not a whole number (0 or more)'],
    [['--seed', '1.5'], '--seed "1.5" is not a whole number (0 or more)'],
    [['--seed', '99999999999999999999'], '--seed "99999999999999999999" is not a whole number (0 or more)'],
    [['--smtp', 'mailpit:1025'], '--smtp "mailpit:1025" must start with smtp:// or smtps://'],
    [['--smtp', 'not a url'], '--smtp "not a url" is not a URL (e.g. smtp://127.0.0.1:1025)'],
    [['--device-host', 'bad host!'], '--device-host "bad host!" is not a host name or IP address'],
    [['--state-dir', ''], '--state-dir must not be empty'],
    [['--mdns-port', '0'], '--mdns-port "0" is not a whole number from 1 to 65535'],
    [['--wsd-port', '70000'], '--wsd-port "70000" is not a whole number from 1 to 65535'],
    [['--token', ' '], '--token must not be empty'],
    [['--discovery-interface', 'eth0'], '--discovery-interface "eth0" is not an IPv4 address (the address of the interface, e.g. 172.28.0.10)'],
    [['--shard', '3/2'], '--shard "3/2" is not <k>/<n> with 1 ≤ k ≤ n ≤ 1000 (e.g. --shard 2/4)'],
    [['--device-ports', '8443'], '--device-ports "8443" is not <https>,<http> (two ports from 0 to 65535)'],
    [['--device-ports', '8443,x'], '--device-ports "8443,x" is not <https>,<http> (two ports from 0 to 65535)'],
    [['--device-ports', '1,2,3'], '--device-ports "1,2,3" is not <https>,<http> (two ports from 0 to 65535)'],
    [['--seed'], '--seed needs a value (write --seed=<value> if it starts with "-")'],
    [['--seed', '--control'], '--seed needs a value (write --seed=<value> if it starts with "-")'],
    [['--help=yes'], '--help does not take a value'],
    [['--sed', '1'], 'unknown option "--sed" for "up" (did you mean "--seed"?)'],
    [['-x'], 'unknown option "-x" for "up" (options: --cameras, --nvrs, --control, --smtp, --seed, --device-host, --state-dir, --token, --mdns-port, --wsd-port, --device-ports, --shard, --only, --discovery-interface, --help)'],
    [['a.yaml', 'b.yaml'], 'up takes one scenario, got 2: a.yaml b.yaml'],
    [['--cameras', '0'], '--cameras "0" is not a whole number from 1 to 20000'],
    [['--cameras', '20001'], '--cameras "20001" is not a whole number from 1 to 20000'],
    [['--cameras', 'many'], '--cameras "many" is not a whole number from 1 to 20000'],
    [['--cameras', '1e3'], '--cameras "1e3" is not a whole number from 1 to 20000'],
    [['--cameras', '4', '--nvrs', '501'], '--nvrs "501" is not a whole number from 0 to 500'],
    [['--cameras', '4', '--nvrs=-1'], '--nvrs "-1" is not a whole number from 0 to 500'],
    [['--nvrs', '2'], '--nvrs goes with --cameras (e.g. --cameras 16 --nvrs 2)'],
    [['my.yaml', '--cameras', '4'], 'up takes a scenario file or --cameras, not both (got my.yaml and --cameras 4)'],
    [['--camera', '4'], 'unknown option "--camera" for "up" (did you mean "--cameras"?)'],
  ];
  for (const [argv, expected] of cases) t.equal(message(parseUpArgs(argv)), expected, argv.join(' '));
});

t.test('parseCommandArgs: positionals refused when a command takes none', async (t) => {
  t.equal(message(parseCommandArgs('help', ['extra'], {}, false)), 'unexpected argument "extra": "help" takes none');
  t.same(parseCommandArgs('x', ['--', '--odd.yaml'], {}), { ok: true, values: {}, positionals: ['--odd.yaml'] });
});

t.test('flag value parsers', async (t) => {
  t.same(parseHostPort('127.0.0.1:0', '--control'), { ok: true, value: { host: '127.0.0.1', port: 0 } });
  t.equal(parseHostPort('[nope]:1', '--control').ok, false);
  t.same(parseSeed('0', '--seed'), { ok: true, value: 0 });
  t.same(parseSmtpUrl('smtps://user:pw@mail.example.test:465', '--smtp'), { ok: true, value: 'smtps://user:pw@mail.example.test:465' });
});
