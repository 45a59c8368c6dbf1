import type { AccountDevice } from '../../devices/account/account-device.js';
import { moduleReply } from './web-reply.js';
import { doActions, oneMethod, type ModuleRoute } from './web-api-router.js';
import { userManagementActions } from './user-management-actions.js';
import { login } from './login-action.js';
import { getDeviceInfo } from './device-info-actions.js';
import { openApiSwitchModule } from './openapi-switch-module.js';

/** The modules every VIGI device has, camera or NVR: account, login, logout, device_info, the OpenAPI switch. */
export function accountModules<D extends AccountDevice>(): Record<string, ModuleRoute<D>> {
  return {
    user_management: doActions<D>('user_management', userManagementActions, new Set(['get_encrypt_info', 'set_initial_password'])),
    login: oneMethod<D>('login', 'do', true, login),
    device_info: oneMethod<D>('device_info', 'get', false, getDeviceInfo),
    openapi: openApiSwitchModule<D>(),
    system: doActions<D>('system', {
      async logout(_params, call) {
        await call.device.dispatch({ type: 'log-out', stok: call.stok ?? '' });
        return moduleReply('system', {});
      },
    }, new Set()),
  };
}
