import { cameraPolicy } from '../camera/camera-policy.js';

/**
 * The NVR's numbers: its own login locks after 10 failures (`max_time` 10, public); the rest
 * follows the camera's, and the channel count follows the model (NVR1008H: 8, NVR1016H: 16).
 */
export const nvrPolicy = {
  ...cameraPolicy,
  loginMaxFailures: 10,
} as const;

export type NvrPolicy = typeof nvrPolicy;

export function channelCountOf(model: string): number {
  const match = /NVR\d{2}(\d{2})/i.exec(model);
  const count = match ? Number(match[1]) : 8;
  return count >= 4 && count <= 64 ? count : 8;
}
