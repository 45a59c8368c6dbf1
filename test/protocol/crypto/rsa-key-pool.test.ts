import t from 'tap';
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RsaKeyPool, type DeviceRsaKey } from '../../../protocol/crypto/rsa-key-pool.js';
import { VECTOR } from './vigi-login-vector.js';

/** What a VIGI client does with the challenge key. */
function encryptLikeAClient(key: DeviceRsaKey, plaintext: string): string {
  const publicKey = createPublicKey({ key: Buffer.from(key.publicKeySpkiBase64, 'base64'), format: 'der', type: 'spki' });
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(plaintext)).toString('base64');
}

t.test('a key imported from PEM decrypts the shared vector', async (t) => {
  const key = RsaKeyPool.fromPrivateKeyPem(VECTOR.privateKeyPem);
  t.equal(key.publicKeySpkiBase64, VECTOR.publicKeySpkiBase64);
  t.equal(key.decrypt(VECTOR.ciphertextBase64), VECTOR.plaintext);
  t.equal(key.decrypt('garbage'), undefined);
});

t.test('assign pins a device to a given key', async (t) => {
  const pool = new RsaKeyPool();
  pool.assign('cam-1', VECTOR.privateKeyPem);
  t.equal(pool.keyFor('cam-1').decrypt(VECTOR.ciphertextBase64), VECTOR.plaintext);
});

t.test('each device gets its own cached key; rekey replaces it', async (t) => {
  const pool = new RsaKeyPool();
  const a = pool.keyFor('cam-a');
  const b = pool.keyFor('cam-b');
  t.equal(pool.keyFor('cam-a'), a, 'cached');
  t.not(a.publicKeySpkiBase64, b.publicKeySpkiBase64, 'distinct per device');
  t.equal(Buffer.from(a.publicKeySpkiBase64, 'base64').length, 162, 'RSA-1024 SPKI is 162 bytes');

  const plaintext = 'F8A44BD7A62BEC2512DE5EB295A68997:K3vQ9xZa';
  t.equal(a.decrypt(encryptLikeAClient(a, plaintext)), plaintext, 'round trip');
  t.equal(b.decrypt(encryptLikeAClient(a, plaintext)), undefined, 'another device cannot decrypt it');
  for (const garbage of ['', '====', 'not base64 at all', Buffer.alloc(128, 0xff).toString('base64'), 'A'.repeat(172)]) {
    t.equal(a.decrypt(garbage), undefined, `garbage ${JSON.stringify(garbage.slice(0, 12))}`);
  }

  pool.rekey('cam-a');
  const renewed = pool.keyFor('cam-a');
  t.not(renewed.publicKeySpkiBase64, a.publicKeySpkiBase64, 'new key after rekey');
  t.equal(renewed.decrypt(encryptLikeAClient(a, plaintext)), undefined, 'old ciphertexts no longer decrypt');
});

t.test('prewarm keeps a bounded number of spares and refills them', async (t) => {
  const pool = new RsaKeyPool({ prewarm: 3 });
  t.teardown(() => pool.close());
  const waitForSpares = async (count: number) => {
    for (let i = 0; i < 200 && pool.spareCount < count; i++) await sleep(10); // bounded: 2 s
    return pool.spareCount;
  };
  t.equal(await waitForSpares(3), 3, 'filled in the background');
  await sleep(50);
  t.equal(pool.spareCount, 3, 'never more than asked for');
  pool.keyFor('cam-x');
  t.equal(pool.spareCount, 2, 'first use took a spare');
  t.equal(await waitForSpares(3), 3, 'refilled');
  pool.close();
  t.equal(pool.spareCount, 0, 'close drops spares');
  t.ok(pool.keyFor('cam-y').publicKeySpkiBase64, 'still serves keys after close');
});

t.test('lazy key cost stays in milliseconds', async (t) => {
  const pool = new RsaKeyPool();
  const started = performance.now();
  for (let i = 0; i < 20; i++) pool.keyFor(`cam-${i}`);
  const perKeyMs = (performance.now() - started) / 20;
  t.comment(`RSA-1024 key on first use: ${perKeyMs.toFixed(1)} ms`);
  t.ok(perKeyMs < 200, 'generous bound, only catches pathologies');
});
