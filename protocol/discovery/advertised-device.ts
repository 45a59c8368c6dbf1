/**
 * What discovery (mDNS, WS-Discovery) needs to know about one device on the LAN. Kept apart
 * from the device model so the announcers depend on nothing but this shape.
 */
export interface AdvertisedDevice {
  id: string;
  kind: 'camera' | 'nvr';
  name: string;
  model: string;
  /** Upper-case, dash-separated, e.g. "40-AE-30-00-00-01". */
  mac: string;
  uuid: string;
  firmware: string;
  activated: boolean;
  ip: string;
  httpsPort: number;
  httpPort: number;
}

/** The devices to announce right now: powered on, cable in, not silenced. */
export interface DiscoverySource {
  advertised(): AdvertisedDevice[];
}
