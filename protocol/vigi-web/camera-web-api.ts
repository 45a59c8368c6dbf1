import type { Camera } from '../../devices/camera/camera.js';
import type { WebReply } from './web-reply.js';
import type { CameraCall } from './camera-call.js';
import { doActions, routeRequest, type ModuleRoute } from './web-api-router.js';
import { accountModules } from './account-modules.js';
import { forgetPasswordActions } from './forget-password-actions.js';

/** A camera's web API: the account modules plus the forgotten-password flows (pre-auth too). */
const cameraModules: Record<string, ModuleRoute<Camera>> = {
  ...accountModules<Camera>(),
  forget_password: doActions<Camera>('forget_password', forgetPasswordActions, new Set(Object.keys(forgetPasswordActions))),
};

export function handleCameraRequest(body: unknown, call: CameraCall): Promise<WebReply> {
  return routeRequest(cameraModules, body, call);
}
