import t from 'tap';
import { parseSmtpUrl } from '../../../protocol/mail/smtp-url.js';

t.test('good URLs', async (t) => {
  t.same(parseSmtpUrl('smtp://127.0.0.1:2525'),
    { secure: false, host: '127.0.0.1', port: 2525, loopback: true, display: 'smtp://127.0.0.1:2525' });
  t.same(parseSmtpUrl('smtp://mailpit:1025/'),
    { secure: false, host: 'mailpit', port: 1025, loopback: false, display: 'smtp://mailpit:1025' });
  t.match(parseSmtpUrl('smtps://mail.example.com'), { secure: true, port: 465, loopback: false });
  t.match(parseSmtpUrl('smtp://localhost'), { port: 25, loopback: true });
  t.match(parseSmtpUrl('smtp://[::1]:2525'), { host: '::1', loopback: true, display: 'smtp://[::1]:2525' });
  t.match(parseSmtpUrl('  SMTP://Relay.Example.com:587  '), { host: 'Relay.Example.com', port: 587, secure: false });
  t.same(parseSmtpUrl('smtp://user%40corp:p%3Ass%2Fw@127.0.0.1:2525').auth, { user: 'user@corp', pass: 'p:ss/w' });
  t.equal(parseSmtpUrl('smtp://user:secret@127.0.0.1:2525').display, 'smtp://user:***@127.0.0.1:2525');
  t.same(parseSmtpUrl('smtp://apikey@127.0.0.1:2525').auth, { user: 'apikey', pass: '' });
  t.equal(parseSmtpUrl('smtp://127.0.0.1:2525').auth, undefined);
});

t.test('bad URLs are rejected with a reason', async (t) => {
  const bad: Array<[string, RegExp]> = [
    ['', /it is empty/],
    ['127.0.0.1:2525', /scheme "127.0.0.1" is not smtp or smtps|not a valid URL/],
    ['localhost', /not a valid URL/],
    ['http://127.0.0.1:2525', /scheme "http" is not smtp or smtps/],
    ['smtp:127.0.0.1:2525', /no host/],
    ['smtp://', /no host/],
    ['smtp://127.0.0.1:0', /port 0 is out of range/],
    ['smtp://127.0.0.1:70000', /port is 1-65535/],
    ['smtp://127.0.0.1:25/inbox', /unexpected path "\/inbox"/],
    ['smtp://127.0.0.1:25?tls=no', /query strings/],
    ['smtp://:secret@127.0.0.1:25', /password was given without a user name/],
    ['smtp://us%ZZer:pw@127.0.0.1:25', /user name has a malformed %-escape/],
  ];
  for (const [input, why] of bad) {
    t.throws(() => parseSmtpUrl(input), { message: why }, JSON.stringify(input));
  }
  t.throws(() => parseSmtpUrl('smtp://u:topsecret@127.0.0.1:25/x'), { message: /expected smtp:\/\/\[user:pass@\]host/ });
  try {
    parseSmtpUrl('smtp://u:topsecret@127.0.0.1:25/x');
  } catch (err) {
    t.notMatch((err as Error).message, /topsecret/, 'the password is not echoed');
  }
});
