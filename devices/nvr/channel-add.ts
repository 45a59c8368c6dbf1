import { isRefusal, refuse, type Refusal } from '../kernel/vendor-errors.js';
import { isUnreachable, type CameraLink, type FoundDevice } from './nvr-ports.js';
import { linkFromLogin } from './channel-probe.js';
import type { Nvr } from './nvr.js';

/**
 * Adding cameras (`chm_add_dev_list`): the NVR logs into each camera with the given
 * credential. A camera that answers is added, certified if the credential works and "not
 * certified" if not, as the real UI shows; an address where nothing answers is not added.
 */
export interface AddRequest {
  readonly ip: string;
  readonly port: number;
  readonly username: string;
  readonly md5: string;
}

export interface AddResult {
  readonly ip: string;
  readonly id?: string;
  readonly outcome: 'connected' | 'not-certified' | Refusal;
}

export async function addCameras(nvr: Nvr, cameras: CameraLink, requests: readonly AddRequest[], found: (ip: string) => Promise<FoundDevice | undefined>, now: () => number): Promise<AddResult[]> {
  const results: AddResult[] = [];
  for (const request of requests) {
    if (nvr.state.power === 'off') return [...results, { ip: request.ip, outcome: refuse('POWERED_OFF') }];
    const inUse = nvr.state.channels.find((c) => c.ip === request.ip);
    if (inUse) {
      results.push({ ip: request.ip, outcome: refuse('CHANNEL_IP_IN_USE', `Channel ${inUse.id} already uses ${request.ip}.`) });
      continue;
    }
    const address = { ip: request.ip, port: request.port };
    const login = await cameras.logIn(address, request.username, request.md5);
    if (isUnreachable(login)) {
      results.push({ ip: request.ip, outcome: refuse('CHANNEL_ADD_FAILED', `Nothing answered at ${request.ip}:${request.port} (${login.reason}).`) });
      continue;
    }
    const link = linkFromLogin(login, now());
    const info = link.status === 'connected' ? await cameras.deviceInfo(address, link.stok) : undefined;
    const known = info && !isRefusal(info) && !isUnreachable(info) ? info : await found(request.ip);
    const identity = known ? { uuid: known.uuid, mac: known.mac, model: known.model, name: known.name } : undefined;
    const added = await nvr.dispatch({ type: 'add-channel', ...request, ...(identity ? { info: identity } : {}), link });
    if (isRefusal(added)) results.push({ ip: request.ip, outcome: added });
    else results.push({ ip: request.ip, id: (added as { id: string }).id, outcome: link.status === 'connected' ? 'connected' : 'not-certified' });
  }
  return results;
}
