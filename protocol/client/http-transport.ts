import http from 'node:http';
import https from 'node:https';
import type { Transport } from './vigi-web-client.js';

/**
 * A real-socket transport for VigiWebClient: HTTPS (the device's self-signed certificate is
 * accepted, as VIGI clients do on a LAN) or plain HTTP, with the headers the vendor web UI sends.
 */
export function httpTransport(base: string, options: { timeoutMs?: number } = {}): Transport {
  const url = new URL(base);
  const secure = url.protocol === 'https:';
  return (path, body) =>
    new Promise((resolve, reject) => {
      const request = (secure ? https : http).request(
        {
          host: url.hostname,
          port: Number(url.port || (secure ? 443 : 80)),
          path,
          method: 'POST',
          rejectUnauthorized: false,
          agent: false,
          timeout: options.timeoutMs ?? 10_000,
          headers: {
            'Content-Type': 'application/json; charset=UTF-8',
            'X-Requested-With': 'XMLHttpRequest',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer from ${base}${path} within ${options.timeoutMs ?? 10_000} ms`)));
      request.on('error', reject);
      request.end(body);
    });
}
