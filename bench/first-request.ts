import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { formatNumber, median, type Benchmark } from './bench-result.js';
import { startEmulatorProcess } from './emulator-process.js';

/**
 * What laziness costs the first client of a device. Devices make their expensive material on
 * first use (an RSA-1024 key for the login challenge, a P-256 certificate for HTTPS), so an
 * idle fleet pays nothing; here is the price of the first request compared with the next one,
 * and the memory a device takes once it has been talked to.
 */
interface DeviceRow {
  readonly id: string;
  readonly ip: string;
  readonly ports: { readonly http: number; readonly https: number };
}

const CHALLENGE = JSON.stringify({ method: 'do', user_management: { get_encrypt_info: null } });

/** One POST of the login challenge on a new connection; milliseconds until the whole reply (-40401 with the key and nonce, as the vendor's) is in. */
async function timedChallenge(device: DeviceRow, secure: boolean): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const options = {
      host: device.ip, port: secure ? device.ports.https : device.ports.http, method: 'POST', path: '/', agent: false as const,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(CHALLENGE) },
      timeout: 10_000,
    };
    const request = secure ? https.request({ ...options, rejectUnauthorized: false }) : http.request(options);
    request.on('response', (reply) => {
      let body = '';
      reply.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      reply.on('end', () => (body.includes('"key":"') ? resolve() : reject(new Error(`challenge refused by ${device.id}: ${body.slice(0, 200)}`))));
    });
    request.on('timeout', () => request.destroy(new Error(`no reply from ${device.id} within 10 s`)));
    request.on('error', reject);
    request.end(CHALLENGE);
  });
  return performance.now() - started;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export const run: Benchmark = async ({ quick, log }) => {
  const fleet = quick ? 40 : 2000;
  const touched = quick ? 20 : 1000;
  log(`first-request: ${fleet} cameras, ${touched} of them asked in turn`);
  const emulator = await startEmulatorProcess({ args: ['--cameras', String(fleet)] });
  try {
    const devices = (await emulator.control<DeviceRow[]>('/__sim/devices')).slice(0, touched);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // past the start-up announcements
    const rssIdle = emulator.rss();
    const times = { httpFirst: [] as number[], httpNext: [] as number[], httpsFirst: [] as number[], httpsNext: [] as number[] };
    // One device at a time, so each figure is one request's latency, not a queue's.
    for (const device of devices) {
      times.httpFirst.push(await timedChallenge(device, false)); // makes the device's RSA key
      times.httpNext.push(await timedChallenge(device, false));
      times.httpsFirst.push(await timedChallenge(device, true)); // makes its certificate
      times.httpsNext.push(await timedChallenge(device, true)); // a new TLS handshake, cached certificate
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rssTouched = emulator.rss();
    const perTouched = (rssTouched - rssIdle) / devices.length;
    const row = (name: string, values: number[]) => [name, `${median(values).toFixed(2)} ms`, `${percentile(values, 0.95).toFixed(2)} ms`, `${Math.max(...values).toFixed(2)} ms`];
    log(`  first HTTP challenge ${median(times.httpFirst).toFixed(2)} ms, next ${median(times.httpNext).toFixed(2)} ms; first HTTPS ${median(times.httpsFirst).toFixed(2)} ms, next ${median(times.httpsNext).toFixed(2)} ms`);
    return {
      title: 'First request to a device (lazy keys and certificates)',
      command: `npx tsx bench/first-request.ts${quick ? ' --quick' : ''}`,
      method: `\`vigi-sim up --cameras ${formatNumber(fleet)}\` in a child process; once it is idle, ${formatNumber(devices.length)} cameras are asked in turn, one request at a time, each on a new connection: the login challenge (\`get_encrypt_info\`) over HTTP twice (the first makes the camera's RSA-1024 key, unless a spare from the pool of 4 is ready), then over HTTPS twice (the first TLS handshake makes its P-256 certificate; the second is a full new handshake with the cached one). RSS is read from \`/proc\` before and after.`,
      tables: [{
        headers: ['request (new connection each)', 'median', 'p95', 'max'],
        rows: [
          row('HTTP challenge, first to the camera', times.httpFirst),
          row('HTTP challenge, next', times.httpNext),
          row('HTTPS challenge, first TLS connection to the camera', times.httpsFirst),
          row('HTTPS challenge, next TLS connection', times.httpsNext),
        ],
      }, {
        headers: ['memory', 'value'],
        rows: [
          ['RSS, fleet idle', `${formatNumber(rssIdle / 2 ** 20)} MiB`],
          [`RSS after ${formatNumber(devices.length)} cameras were asked`, `${formatNumber(rssTouched / 2 ** 20)} MiB`],
          ['added per camera talked to (key, certificate, TLS context, session)', `${formatNumber(perTouched / 1024, 1)} KiB`],
        ],
      }],
      targets: [],
      notes: [
        `The first challenge costs ${(median(times.httpFirst) - median(times.httpNext)).toFixed(2)} ms more than the next (median): the RSA key made on demand; the first HTTPS request ${(median(times.httpsFirst) - median(times.httpsNext)).toFixed(2)} ms more than the next: the certificate.`,
        'Requests are sequential on purpose: under load the key and certificate are made off the event loop (libuv pool / WebCrypto), so a first request delays only itself.',
      ],
    };
  } finally {
    await emulator.stop();
  }
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run({ quick: process.argv.includes('--quick'), log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
