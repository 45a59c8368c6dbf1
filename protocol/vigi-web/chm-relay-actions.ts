import type { Nvr } from '../../devices/nvr/nvr.js';
import { isUnreachable, type FoundDevice } from '../../devices/nvr/nvr-ports.js';
import { isRefusal, refuse } from '../../devices/kernel/vendor-errors.js';
import type { HttpCameraLink } from '../nvr/http-camera-link.js';
import type { Reply } from '../client/vigi-web-client.js';
import { openPasswordEnvelope } from './password-envelope.js';
import { optionalString, requiredString, requireEnvelopeType, type Params } from './web-params.js';
import { moduleReply, refusalReply, type WebReply } from './web-reply.js';
import type { ActionHandler, DeviceCall } from './camera-call.js';

/**
 * The forgotten-password flows for a found (not added) camera, relayed by the NVR to the
 * camera's own web API (NVR scenario 1 of the vendor article). The camera is named by `uuid`
 * (or `ip`); action names are public where the NVR's catalogue has them
 * (`chm_get_adding_dev_sec_question`, `chm_forget_password`, `chm_verification_code_check`,
 * `chm_password_reset`), ours otherwise.
 */
type NvrCall = DeviceCall<Nvr>;

async function target(params: Params, call: NvrCall): Promise<FoundDevice | WebReply> {
  const uuid = optionalString(params, 'uuid');
  const ip = optionalString(params, 'ip');
  if (isRefusal(uuid)) return refusalReply(uuid);
  if (isRefusal(ip)) return refusalReply(ip);
  if (uuid === undefined && ip === undefined) return refusalReply(refuse('MISSING_ARGUMENT', 'Name the found camera by "uuid" (or "ip").'));
  const found = await call.device.foundDevices();
  if (isRefusal(found)) return refusalReply(found);
  const device = found.find((d) => (uuid !== undefined ? d.uuid === uuid : d.ip === ip));
  return device ?? refusalReply(refuse('FOUND_DEVICE_UNKNOWN', `No found camera with ${uuid !== undefined ? `uuid ${uuid}` : `ip ${ip}`} on this NVR's LAN.`));
}

function isFound(value: FoundDevice | WebReply): value is FoundDevice {
  return !('error_code' in value);
}

/** The camera's answer, re-wrapped under `chm`; its refusals pass through unchanged. */
function relayed(reply: Reply | { unreachable: true; reason: string }, device: FoundDevice): WebReply {
  if (isUnreachable(reply)) return refusalReply(refuse('CHANNEL_NOT_CONNECTED', `The camera at ${device.ip} did not answer (${reply.reason}); nothing was changed.`));
  if (reply.error_code !== 0) return reply;
  return moduleReply('chm', (reply.forget_password as Record<string, unknown> | undefined) ?? {});
}

function relay(action: string, pick: (params: Params) => Record<string, unknown> | null): (link: HttpCameraLink) => ActionHandler<Nvr> {
  return (link) => async (params, call) => {
    const device = await target(params, call);
    if (!isFound(device)) return device;
    return relayed(await link.forget({ ip: device.ip, port: device.port }, action, pick(params)), device);
  };
}

const code = (params: Params) => ({ verify_code: params.verify_code });
const answers = (params: Params) => ({ sec_answer_1: params.sec_answer_1, sec_answer_2: params.sec_answer_2, sec_answer_3: params.sec_answer_3 });

export function chmRelayActions(link: HttpCameraLink): Record<string, ActionHandler<Nvr>> {
  return {
    chm_get_forget_methods: relay('get_methods', () => null)(link),
    chm_send_verification_code: relay('send_verification_code', () => null)(link),
    chm_verification_code_check: relay('verification_code_check', code)(link),
    chm_get_adding_dev_sec_question: relay('get_sec_questions', () => null)(link),
    chm_forget_password: relay('sec_answer_check', answers)(link),
    chm_get_support_qrcode: relay('get_support_qrcode', () => null)(link),
    chm_support_code_check: relay('support_code_check', code)(link),
    async chm_password_reset(params, call) {
      const typeError = requireEnvelopeType(params);
      if (typeError) return refusalReply(typeError);
      const device = await target(params, call);
      if (!isFound(device)) return device;
      const token = requiredString(params, 'reset_token');
      if (isRefusal(token)) return refusalReply(token);
      const password = requiredString(params, 'password');
      if (isRefusal(password)) return refusalReply(password);
      // The new password comes under the NVR's challenge; the NVR re-wraps it for the camera.
      const envelope = openPasswordEnvelope(call.key(), password);
      if (!envelope) return refusalReply(refuse('NEW_PASSWORD_INVALID', 'The password envelope does not open with the NVR\'s key: encrypt with the key from the NVR\'s get_encrypt_info.'));
      const nonce = await call.device.dispatch({ type: 'consume-nonce', nonce: envelope.nonce });
      if (isRefusal(nonce)) return refusalReply(nonce);
      return relayed(await link.resetPassword({ ip: device.ip, port: device.port }, token, envelope.md5), device);
    },
  };
}
