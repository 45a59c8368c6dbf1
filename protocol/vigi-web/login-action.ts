import { isRefusal, refuse } from '../../devices/kernel/vendor-errors.js';
import { openPasswordEnvelope } from './password-envelope.js';
import { optionalString, requiredString, type Params } from './web-params.js';
import { refusalReply, type WebReply } from './web-reply.js';
import type { DeviceCall } from './camera-call.js';

/**
 * `{"method":"do","login":{username, password, passwdType:"md5", encrypt_type}}` (public).
 * "2": password is the RSA envelope of MD5 form + ":" + nonce; "1": the bare MD5 form.
 * Success puts the stok at the top level with `user_group` "root".
 */
export async function login(params: Params, call: DeviceCall): Promise<WebReply> {
  const username = requiredString(params, 'username');
  if (isRefusal(username)) return refusalReply(username);
  const password = requiredString(params, 'password');
  if (isRefusal(password)) return refusalReply(password);
  const encryptType = optionalString(params, 'encrypt_type') ?? '2';
  if (isRefusal(encryptType)) return refusalReply(encryptType);
  let credential: { md5: string; nonce?: string };
  if (encryptType === '1') {
    credential = { md5: password };
  } else if (encryptType === '2') {
    const envelope = openPasswordEnvelope(call.key(), password);
    if (!envelope) return refusalReply(refuse('UNAUTHENTICATED', 'The password envelope does not open with this camera\'s key: fetch get_encrypt_info and encrypt MD5 form + ":" + nonce.'));
    credential = envelope;
  } else {
    return refusalReply(refuse('INVALID_ARGUMENT', `"encrypt_type" must be "1" or "2", not "${encryptType}".`));
  }
  const outcome = await call.device.dispatch({ type: 'log-in', username, ...credential });
  if (isRefusal(outcome)) return refusalReply(outcome);
  return { error_code: 0, stok: outcome.stok, user_group: 'root' };
}
