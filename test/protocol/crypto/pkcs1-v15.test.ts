import t from 'tap';
import { constants, createPrivateKey, createPublicKey, privateEncrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { VECTOR } from './vigi-login-vector.js';
import { decodeStrictBase64, decryptPkcs1v15Base64, stripPkcs1Type2 } from '../../../protocol/crypto/pkcs1-v15.js';

const privateKey = createPrivateKey(VECTOR.privateKeyPem);

function block(...parts: number[][]): Buffer {
  return Buffer.from(parts.flat());
}

t.test('stripPkcs1Type2 accepts well-formed padding and nothing else', async (t) => {
  const eightNonzero = [1, 2, 3, 4, 5, 6, 7, 8];
  t.same(stripPkcs1Type2(block([0, 2], eightNonzero, [0], [0x41, 0x42])), Buffer.from('AB'));
  t.same(stripPkcs1Type2(block([0, 2], eightNonzero, [0])), Buffer.alloc(0), 'empty message');
  t.same(stripPkcs1Type2(block([0, 2], eightNonzero, [9, 0], [0, 7])), Buffer.from([0, 7]), 'zeros inside the message');
  t.equal(stripPkcs1Type2(block([0, 2], eightNonzero.slice(1), [0], [0x41])), undefined, 'only 7 padding bytes');
  t.equal(stripPkcs1Type2(block([0, 1], eightNonzero, [0], [0x41])), undefined, 'type 1');
  t.equal(stripPkcs1Type2(block([1, 2], eightNonzero, [0], [0x41])), undefined, 'leading byte');
  t.equal(stripPkcs1Type2(block([0, 2], eightNonzero, [1, 2])), undefined, 'no separator');
  t.equal(stripPkcs1Type2(Buffer.alloc(0)), undefined, 'empty block');
});

t.test('decodeStrictBase64 refuses what Buffer.from would quietly accept', async (t) => {
  t.same(decodeStrictBase64('QUI='), Buffer.from('AB'));
  for (const bad of ['', 'QUI', 'QU I=', 'QUI=\n', 'Q$I=', 'QUI==', 'QUI%3D']) t.equal(decodeStrictBase64(bad), undefined, JSON.stringify(bad));
});

t.test('decrypts the shared vector', async (t) => {
  t.equal(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64'), VECTOR.publicKeySpkiBase64);
  t.equal(decryptPkcs1v15Base64(privateKey, VECTOR.ciphertextBase64), VECTOR.plaintext);
});

t.test('round-trips with publicEncrypt(RSA_PKCS1_PADDING)', async (t) => {
  for (const plaintext of ['', 'x', 'F8A44BD7A62BEC2512DE5EB295A68997:K3vQ9xZa', 'é€🙂', 'a'.repeat(117)]) {
    const ciphertext = publicEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(plaintext));
    t.equal(decryptPkcs1v15Base64(privateKey, ciphertext.toString('base64')), plaintext, `length ${plaintext.length}`);
  }
});

t.test('malformed ciphertexts give undefined, never an exception', async (t) => {
  const good = VECTOR.ciphertextBase64;
  const cases: Record<string, string> = {
    empty: '',
    'not base64': '!!!' + good.slice(3),
    'url-encoded': encodeURIComponent(good),
    truncated: good.slice(0, -8),
    'too long': Buffer.concat([Buffer.from(good, 'base64'), Buffer.from([1])]).toString('base64'),
    'above the modulus': Buffer.alloc(128, 0xff).toString('base64'),
    zeros: Buffer.alloc(128).toString('base64'),
    random: randomBytes(128).toString('base64'),
    'type-1 padding (a signature)': privateEncrypt(privateKey, Buffer.from('hello')).toString('base64'),
    'not utf8': publicEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from([0xc3, 0x28])).toString('base64'),
  };
  for (const [name, input] of Object.entries(cases)) t.equal(decryptPkcs1v15Base64(privateKey, input), undefined, name);
});
