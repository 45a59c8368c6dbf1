import t from 'tap';
import { X509Certificate } from 'node:crypto';
import { DeviceCertificates } from '../../../protocol/tls/device-certificates.js';

const DAY_MS = 86_400_000;
const camera = { id: 'cam-a', ip: '127.77.0.5', name: 'VIGI C340' };

t.test('a device gets a self-signed certificate with its name and IP', async (t) => {
  const certificates = new DeviceCertificates();
  t.ok(await certificates.contextFor(camera), 'a secure context');
  const pem = await certificates.certificatePemFor(camera.id);
  if (!pem) throw new Error('no certificate after contextFor');
  const certificate = new X509Certificate(pem);
  t.equal(certificate.subject, 'CN=VIGI C340');
  t.equal(certificate.issuer, certificate.subject, 'self-issued');
  t.ok(certificate.verify(certificate.publicKey), 'self-signed');
  t.equal(certificate.subjectAltName, 'IP Address:127.77.0.5');
  t.equal(certificate.checkIP('127.77.0.5'), '127.77.0.5');
  t.equal(certificate.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  const validFrom = Date.parse(certificate.validFrom);
  const validTo = Date.parse(certificate.validTo);
  t.ok(Math.abs(Date.now() - DAY_MS - validFrom) < 5_000, 'valid from a day ago');
  t.ok(Math.abs(validTo - validFrom - (10 * 365 + 1) * DAY_MS) < 5_000, 'for ten years');
  t.equal(certificate.ca, false);
});

t.test('cached per device; concurrent first calls share one generation', async (t) => {
  const certificates = new DeviceCertificates();
  const [first, second] = await Promise.all([certificates.contextFor(camera), certificates.contextFor(camera)]);
  t.equal(first, second, 'one context for concurrent calls');
  t.equal(await certificates.contextFor(camera), first, 'cached afterwards');

  const other = { id: 'cam-b', ip: '127.77.0.6', name: 'VIGI C540' };
  await certificates.contextFor(other);
  const pemA = await certificates.certificatePemFor(camera.id);
  const pemB = await certificates.certificatePemFor(other.id);
  t.not(pemA, pemB);
  t.equal(new X509Certificate(pemB ?? '').subjectAltName, 'IP Address:127.77.0.6');
  t.not(new X509Certificate(pemA ?? '').publicKey.export({ type: 'spki', format: 'der' }).toString('hex'),
    new X509Certificate(pemB ?? '').publicKey.export({ type: 'spki', format: 'der' }).toString('hex'), 'own key per device');
  t.equal(await certificates.certificatePemFor('never-asked'), undefined);
});

t.test('a new IP or forget() issues a new certificate', async (t) => {
  const certificates = new DeviceCertificates();
  const first = await certificates.contextFor(camera);
  const moved = await certificates.contextFor({ ...camera, ip: '127.77.1.9' });
  t.not(moved, first);
  t.equal(new X509Certificate((await certificates.certificatePemFor(camera.id)) ?? '').subjectAltName, 'IP Address:127.77.1.9');
  certificates.forget(camera.id);
  t.equal(await certificates.certificatePemFor(camera.id), undefined);
});

t.test('a device without an IPv4 address is refused, and the failure is not cached', async (t) => {
  const certificates = new DeviceCertificates();
  await t.rejects(certificates.contextFor({ ...camera, ip: 'not-an-ip' }), TypeError);
  t.equal(await certificates.certificatePemFor(camera.id), undefined);
  t.ok(await certificates.contextFor(camera), 'works once the IP is valid');
});

t.test('names with DN syntax characters stay one CN', async (t) => {
  const certificates = new DeviceCertificates();
  await certificates.contextFor({ id: 'x', ip: '127.77.0.7', name: 'Front Door, "Porch"+1 é' });
  const certificate = new X509Certificate((await certificates.certificatePemFor('x')) ?? '');
  t.same(certificate.toLegacyObject().subject, { CN: 'Front Door, "Porch"+1 é' }, 'the name, unchanged, as one CN');
});

t.test('cost of one certificate', async (t) => {
  const certificates = new DeviceCertificates();
  await certificates.contextFor({ id: 'warm-up', ip: '127.77.9.1', name: 'warm-up' });
  const count = 50;
  const started = performance.now();
  for (let i = 0; i < count; i++) await certificates.contextFor({ id: `d${i}`, ip: `127.77.10.${i}`, name: `cam ${i}` });
  const perCertificateMs = (performance.now() - started) / count;
  t.comment(`one device certificate (key + cert + secure context): ${perCertificateMs.toFixed(1)} ms`);
  t.ok(perCertificateMs < 500, 'generous bound, only catches pathologies');
});
