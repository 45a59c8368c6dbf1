import type { Nvr } from '../../devices/nvr/nvr.js';
import type { HttpCameraLink } from '../nvr/http-camera-link.js';
import type { WebReply } from './web-reply.js';
import type { DeviceCall } from './camera-call.js';
import { routeRequest, type ModuleRoute } from './web-api-router.js';
import { accountModules } from './account-modules.js';
import { chmModule } from './chm-actions.js';

/** An NVR's web API: the account modules plus `chm`, its camera management. */
export function nvrWebApi(link: HttpCameraLink): (body: unknown, call: DeviceCall<Nvr>) => Promise<WebReply> {
  const modules: Record<string, ModuleRoute<Nvr>> = { ...accountModules<Nvr>(), chm: chmModule(link) };
  return (body, call) => routeRequest(modules, body, call);
}
