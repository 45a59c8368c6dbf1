import { randomUUID } from 'node:crypto';
import type { AdvertisedDevice } from './advertised-device.js';
import { elements, firstText, listText, xmlEscape } from './xml-elements.js';

/** WS-Discovery 2005/04 as ONVIF uses it (wire facts §3.3: ONVIF Feature Discovery 16.07 §5.3). */
export const WSD_GROUP = '239.255.255.250';
export const PROBE_ACTION = 'http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe';
export const PROBE_MATCHES_ACTION = 'http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches';
const DISCOVERY_TO = 'urn:schemas-xmlsoap-org:ws:2005:04:discovery';
const ANONYMOUS = 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous';
const NAMESPACES = 'xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
  + 'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl"';

export interface Probe {
  messageId: string;
  /** Local names of the QNames asked for, e.g. ["NetworkVideoTransmitter"]; empty = any. */
  types: string[];
  scopes: string[];
}

export interface ProbeMatch {
  uuid: string;
  xaddrs: string[];
  scopes: string[];
  types: string[];
}

const localName = (qname: string): string => qname.slice(qname.lastIndexOf(':') + 1);

/** A Probe, or undefined for anything else (other actions, no MessageID, not XML at all). */
export function parseProbe(xml: string): Probe | undefined {
  if (firstText(xml, 'Action') !== PROBE_ACTION) return undefined;
  const messageId = firstText(xml, 'MessageID');
  const body = elements(xml, 'Body', 1)[0];
  const probe = body === undefined ? undefined : elements(body, 'Probe', 1)[0];
  if (!messageId || messageId.length > 256 || probe === undefined) return undefined;
  return { messageId, types: listText(probe, 'Types').map(localName), scopes: listText(probe, 'Scopes') };
}

/** The ONVIF scopes of a device: its type, name, hardware and MAC, URI-encoded. */
export function scopesOf(device: AdvertisedDevice): string[] {
  return [
    'onvif://www.onvif.org/type/video_encoder',
    `onvif://www.onvif.org/name/${encodeURIComponent(device.name)}`,
    `onvif://www.onvif.org/hardware/${encodeURIComponent(device.model)}`,
    `onvif://www.onvif.org/MAC/${encodeURIComponent(device.mac)}`,
  ];
}

/** RFC 3986 matching (the WS-Discovery default): each probe scope a segment-wise prefix. */
export function scopesMatch(wanted: readonly string[], offered: readonly string[]): boolean {
  const norm = (uri: string): string => uri.replace(/\/+$/, '').toLowerCase();
  return wanted.every((w) => offered.some((o) => norm(o) === norm(w) || norm(o).startsWith(`${norm(w)}/`)));
}

export const xaddrOf = (device: AdvertisedDevice): string => `http://${device.ip}:${device.httpPort}/onvif/device_service`;

export function probeMatchesMessage(device: AdvertisedDevice, relatesTo: string, sequence: { instanceId: number; messageNumber: number }): string {
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope ${NAMESPACES}><s:Header>`
    + `<a:Action s:mustUnderstand="1">${PROBE_MATCHES_ACTION}</a:Action><a:MessageID>urn:uuid:${randomUUID()}</a:MessageID>`
    + `<a:RelatesTo>${xmlEscape(relatesTo)}</a:RelatesTo><a:To s:mustUnderstand="1">${ANONYMOUS}</a:To>`
    + `<d:AppSequence InstanceId="${sequence.instanceId}" MessageNumber="${sequence.messageNumber}"/></s:Header>`
    + `<s:Body><d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>urn:uuid:${xmlEscape(device.uuid)}</a:Address></a:EndpointReference>`
    + `<d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>${xmlEscape(scopesOf(device).join(' '))}</d:Scopes>`
    + `<d:XAddrs>${xmlEscape(xaddrOf(device))}</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>`;
}

export function probeMessage(messageId: string, types = 'dn:NetworkVideoTransmitter'): string {
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope ${NAMESPACES}><s:Header>`
    + `<a:Action s:mustUnderstand="1">${PROBE_ACTION}</a:Action><a:MessageID>${xmlEscape(messageId)}</a:MessageID>`
    + `<a:ReplyTo><a:Address>${ANONYMOUS}</a:Address></a:ReplyTo><a:To s:mustUnderstand="1">${DISCOVERY_TO}</a:To></s:Header>`
    + `<s:Body><d:Probe><d:Types>${xmlEscape(types)}</d:Types><d:Scopes/></d:Probe></s:Body></s:Envelope>`;
}

/** The matches of a ProbeMatches message answering `messageId`; [] for anything else. */
export function parseProbeMatches(xml: string, messageId: string): ProbeMatch[] {
  if (firstText(xml, 'Action') !== PROBE_MATCHES_ACTION || firstText(xml, 'RelatesTo') !== messageId) return [];
  return elements(xml, 'ProbeMatch').map((match) => ({
    uuid: (firstText(match, 'Address') ?? '').replace(/^urn:uuid:/i, ''),
    xaddrs: listText(match, 'XAddrs'),
    scopes: listText(match, 'Scopes'),
    types: listText(match, 'Types'),
  })).filter((match) => match.uuid.length > 0);
}
