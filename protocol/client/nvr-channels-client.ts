import { RelayedResetClient } from './relayed-reset-client.js';
import type { VigiWebClient } from './vigi-web-client.js';
import type {
  AddDevParams, AddDevResults, AddedDevRow, AddedDevTable, Empty, FoundCamera, FoundDevList, ModDevPasswdParams, ModuleReply,
} from './wire-types.js';

type ChmReply<T> = ModuleReply<'chm', T>;

/** A camera to add: its address and HTTPS port, and its admin password in plain text. */
export interface CameraToAdd {
  readonly ip: string;
  readonly port: number | string;
  readonly password: string;
  /** Default "admin". */
  readonly username?: string;
}

/**
 * Module `chm` of an NVR (docs/protocol.md, "The NVR"): its channel table, the cameras it has
 * found, adding and removing cameras, changing a camera's password through the NVR, and the
 * relayed forgotten-password flow of a found camera. Every call needs the NVR's session (log
 * in first; without one the NVR answers -40401); a camera answers -40106 (no module chm).
 */
export class NvrChannelsClient {
  readonly #nvr: VigiWebClient;

  constructor(nvr: VigiWebClient) {
    this.#nvr = nvr;
  }

  #do<T>(action: string, params: Record<string, unknown> | null): Promise<ChmReply<T>> {
    return this.#nvr.call({ method: 'do', chm: { [action]: params } }) as Promise<ChmReply<T>>;
  }

  /** `get chm {"table":"added_dev"}`: one row per channel, probed afresh. `addedDevRows` unwraps them. */
  addedDevices(): Promise<ChmReply<AddedDevTable>> {
    return this.#nvr.call({ method: 'get', chm: { table: 'added_dev' } }) as Promise<ChmReply<AddedDevTable>>;
  }

  /** `chm_device_discovery`: devices heard by mDNS on the NVR's LAN and not added. */
  discover(): Promise<ChmReply<FoundDevList>> {
    return this.#do('chm_device_discovery', null);
  }

  /**
   * `chm_add_dev_list`: each camera's password as an envelope under one NVR challenge. A camera
   * with a wrong password is still added, `status` "not-certified"; the call's `error_code` is
   * non-zero only when every entry failed (each entry has its own code).
   */
  async addDevices(cameras: readonly CameraToAdd[]): Promise<ChmReply<AddDevResults>> {
    const passwords = await this.#nvr.envelopes(...cameras.map((camera) => camera.password));
    const device_list: AddDevParams[] = cameras.map((camera, i) => ({ ip: camera.ip, port: String(camera.port), username: camera.username ?? 'admin', password: passwords[i]! }));
    return this.#do('chm_add_dev_list', { device_list });
  }

  /** `chm_del_dev` of one channel. -71502 unknown id. */
  removeDevice(id: string): Promise<ChmReply<Empty>> {
    return this.removeDevices([id]);
  }

  /** `chm_del_dev`: all or nothing; -71502 when any id is unknown. */
  removeDevices(ids: readonly string[]): Promise<ChmReply<Empty>> {
    return this.#do('chm_del_dev', { ids: [...ids] });
  }

  /**
   * `chm_mod_dev_passwd`: the NVR logs into channel `id`'s camera and changes its password,
   * then stores it. `nvrPassword` is the NVR's own admin password. -50925 NVR password wrong;
   * -71554 channel not certified; -71558 camera offline; -71502 unknown id.
   */
  async changeCameraPassword(id: string, nvrPassword: string, newCameraPassword: string): Promise<ChmReply<Empty>> {
    const [old_passwd, new_passwd] = await this.#nvr.envelopes(nvrPassword, newCameraPassword);
    const params: ModDevPasswdParams = { id, old_passwd, new_passwd, encrypt_type: '2' };
    return this.#do('chm_mod_dev_passwd', params);
  }

  /** The forgotten-password steps of a found camera, relayed by this NVR. */
  relayedReset(camera: FoundCamera): RelayedResetClient {
    return new RelayedResetClient(this.#nvr, camera);
  }
}

/** The rows of an `added_dev` reply, unwrapped from `{"chn_<id>": row}`; none for a refusal. */
export function addedDevRows(reply: ChmReply<AddedDevTable>): AddedDevRow[] {
  return (reply.chm?.added_dev ?? []).flatMap((wrapped) => Object.values(wrapped));
}
