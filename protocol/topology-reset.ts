import type { Device, Fleet } from '../devices/fleet.js';
import type { CameraState } from '../devices/camera/camera-state.js';
import type { NvrState } from '../devices/nvr/nvr-state.js';

/**
 * The scenario's start, kept so `POST /__sim/reset` can return to it without a restart. Device
 * states are immutable values, so keeping the first ones is a snapshot.
 */
export class TopologySnapshot {
  readonly #states: Map<string, Device['state']>;

  constructor(fleet: Fleet) {
    this.#states = new Map(fleet.list().map((device) => [device.id, device.state]));
  }

  restore(fleet: Fleet): void {
    for (const device of fleet.list()) {
      const state = this.#states.get(device.id);
      if (!state) continue;
      if (device.kind === 'nvr') device.restore(state as NvrState);
      else device.restore(state as CameraState);
    }
  }
}
