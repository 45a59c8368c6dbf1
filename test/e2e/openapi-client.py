#!/usr/bin/env python3
"""An independent VIGI OpenAPI client (Python stdlib only), written from TP-Link's public
description (FAQ 5198 "How to Use VIGI Camera OpenAPI Function", the VIGI NVR Open API document
as summarised by tp-link-vigi-sdk; research/vigi-wire-facts.md section 1.4), not from the
emulator's code. It logs into a camera with doAuth, makes a call with the stok, sees the stok
expire, reads the camera's event stream (subscribeMsg, as VIGICam's openapi_events.py reads
it), logs into the NVR with HTTP Digest SHA-256, lists the NVR's channels, and checks that a
device with OpenAPI off refuses the port.

usage: openapi-client.py <control-url> [user] [password]
Prints one TAP-style "ok N - ..." / "not ok N - ..." line per check; exits 1 on any failure.
"""
import hashlib
import http.client
import json
import os
import re
import socket
import ssl
import sys
import time
import urllib.request

CONTROL = sys.argv[1].rstrip('/')
USER = sys.argv[2] if len(sys.argv) > 2 else 'admin'
PASSWORD = sys.argv[3] if len(sys.argv) > 3 else 'Vigi#Admin1'
TLS = ssl.create_default_context()
TLS.check_hostname = False
TLS.verify_mode = ssl.CERT_NONE  # self-signed device certificates, as on real cameras

count = 0
failed = 0


def check(ok, what):
    global count, failed
    count += 1
    if not ok:
        failed += 1
    print(('ok' if ok else 'not ok'), count, '-', what, flush=True)
    return ok


def sha256(text):
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


def control(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(CONTROL + path, data=data, method=method, headers={'content-type': 'application/json'} if data else {})
    with urllib.request.urlopen(req, timeout=10) as resp:
        text = resp.read().decode()
        return json.loads(text) if text else None


def https(ip, port, method, path, body=None, headers=None):
    conn = http.client.HTTPSConnection(ip, port, context=TLS, timeout=10)
    try:
        data = json.dumps(body) if body is not None else None
        hdrs = dict(headers or {})
        if data is not None:
            hdrs['Content-Type'] = 'application/json'
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        text = resp.read().decode()
        return resp.status, dict((k.lower(), v) for k, v in resp.getheaders()), (json.loads(text) if text else None)
    finally:
        conn.close()


def refused(ip, port):
    """True when the port does not serve us: connection refused, reset, or the TLS handshake cut."""
    try:
        with socket.create_connection((ip, port), timeout=5) as raw:
            with TLS.wrap_socket(raw, server_hostname=None) as tls:
                tls.sendall(b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}')
                return tls.recv(1) == b''
    except (ConnectionError, ssl.SSLError, OSError):
        return True


# --- who is where: the control plane's device list -------------------------------------
devices = {d['id']: d for d in control('GET', '/__sim/devices')}
cam, nvr, off = devices['cam-front'], devices['nvr-main'], devices['cam-backyard']
port = cam['ports'].get('openapi')
check(isinstance(port, int) and port > 0, 'cam-front lists ports.openapi (%s)' % port)
check(nvr['ports'].get('openapi') == port, 'nvr-main lists the same OpenAPI port')
check('openapi' not in off['ports'], 'cam-backyard (OpenAPI off) lists no ports.openapi')

# --- camera: doAuth ---------------------------------------------------------------------
status, headers, reply = https(cam['ip'], port, 'POST', '/', {'method': 'doAuth', 'params': None})
check(status == 200 and reply.get('errCode') == -10020, 'doAuth with params null answers errCode -10020: %s' % reply)
auth = reply.get('authenticate') or {}
check(auth.get('realm') == 'TP-LINK IP-Camera' and auth.get('algorithm') == 'SHA-256' and auth.get('uri') == 'doAuth' and auth.get('method') == 'POST' and auth.get('nonce'),
      'the challenge carries realm, nonce, algorithm SHA-256, uri doAuth, method POST')
check(headers.get('connection', '').lower() == 'close', 'the camera says Connection: close')


def closes_after_reply(ip, port):
    """Sends one request on a raw TLS socket and reads: the camera must close (EOF), not keep it open."""
    body = json.dumps({'method': 'doAuth', 'params': None}).encode()
    with socket.create_connection((ip, port), timeout=5) as raw:
        with TLS.wrap_socket(raw, server_hostname=None) as tls:
            tls.sendall(b'POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' % (ip.encode(), len(body), body))
            received = b''
            for _ in range(100):
                chunk = tls.recv(4096)
                if not chunk:
                    return b'-10020' in received
                received += chunk
    return False


check(closes_after_reply(cam['ip'], port), 'the camera closes the TCP connection after the reply (EOF, not keep-alive)')


def do_auth(password):
    _, _, challenge = https(cam['ip'], port, 'POST', '/', {'method': 'doAuth', 'params': None})
    a = challenge['authenticate']
    ha1 = sha256('%s:%s:%s' % (USER, a['realm'], password))
    ha2 = sha256('%s:%s' % (a['method'], a['uri']))
    response = sha256('%s:%s:%s' % (ha1, a['nonce'], ha2))
    return https(cam['ip'], port, 'POST', '/', {'method': 'doAuth', 'params': {'nonce': a['nonce'], 'response': response}})[2]


reply = do_auth('wrong-password')
check(reply.get('errCode') == -10002 and 'stok' not in reply, 'a wrong password gets errCode -10002 and no stok')
reply = do_auth(PASSWORD)
stok = reply.get('stok')
check(reply.get('errCode') == 0 and isinstance(stok, str) and len(stok) > 0, 'doAuth with the digest answers errCode 0 and a top-level stok')

status, headers, reply = https(cam['ip'], port, 'POST', '/stok=%s' % stok, {'method': 'getStreamPort', 'params': {}})
check(reply.get('errCode') == 0 and reply.get('method') == 'getStreamPort' and (reply.get('result') or {}).get('streamPort') == '554',
      'getStreamPort with the stok answers result.streamPort "554": %s' % reply)
check(headers.get('connection', '').lower() == 'close', 'calls close the connection too')
reply = https(cam['ip'], port, 'POST', '/stok=%s' % ('0' * 32), {'method': 'getStreamPort', 'params': {}})[2]
check(reply.get('errCode') == -10002, 'an unknown stok gets errCode -10002')
reply = https(cam['ip'], port, 'POST', '/', {'method': 'doAuth', 'params': {'nonce': 'not-issued', 'response': '0' * 64}})[2]
check(reply.get('errCode') == -10020 and 'nonce' in (reply.get('authenticate') or {}), 'an unknown nonce gets -10020 and a fresh challenge')

control('POST', '/__sim/clock/advance', {'ms': 29 * 60 * 1000})
reply = https(cam['ip'], port, 'POST', '/stok=%s' % stok, {'method': 'getStreamPort', 'params': {}})[2]
check(reply.get('errCode') == 0, 'the stok still works 29 minutes later')
control('POST', '/__sim/clock/advance', {'ms': 2 * 60 * 1000})
reply = https(cam['ip'], port, 'POST', '/stok=%s' % stok, {'method': 'getStreamPort', 'params': {}})[2]
check(reply.get('errCode') == -10002, 'after 31 minutes the stok is dead: errCode -10002')

# --- camera: the event stream (subscribeMsg), read as VIGICam's openapi_events.py does ---
stok = do_auth(PASSWORD).get('stok')


def call(method, params=None):
    return https(cam['ip'], port, 'POST', '/stok=%s' % stok, {'method': method, 'params': params or {}})[2]


def push_enabled(reply):
    """msg_push_enabled at the top of the reply, else one level down (the public client's search)."""
    if 'msg_push_enabled' in reply:
        return reply['msg_push_enabled']
    return next((v['msg_push_enabled'] for v in reply.values() if isinstance(v, dict) and 'msg_push_enabled' in v), None)


reply = call('getPeopleDetectionSwitch')
check(reply.get('errCode') == 0 and push_enabled(reply) == 'on', 'getPeopleDetectionSwitch: msg_push_enabled "on": %s' % reply)
reply = call('setVehicleDetectionSwitch', {'msg_push_enabled': 'off'})
check(reply.get('errCode') == 0 and push_enabled(call('getVehicleDetectionSwitch')) == 'off', 'setVehicleDetectionSwitch turns its msg_push off')

stream = http.client.HTTPSConnection(cam['ip'], port, context=TLS, timeout=10)
stream.request('POST', '/stok=%s' % stok, body=json.dumps({'method': 'subscribeMsg', 'params': {'event_type': ['all'], 'heartbeat': 1}}), headers={'Content-Type': 'application/json'})
events = stream.getresponse()
check(events.status == 200 and events.getheader('content-type', '').startswith('multipart/mixed'), 'subscribeMsg answers 200 multipart/mixed and stays open')


def next_message(deadline_s=5):
    """The next JSON line, skipping boundaries, part headers and blank lines."""
    stop = time.time() + deadline_s
    while time.time() < stop:
        line = events.readline().strip()
        if not line or line.startswith(b'--') or line.lower().startswith(b'content-'):
            continue
        return json.loads(line)
    return None


first = next_message()
control('POST', '/__sim/devices/cam-front/detections', {'type': 'VehicleDetection'})
control('POST', '/__sim/devices/cam-front/detections', {'type': 'PeopleDetection'})
seen = [m for m in (next_message() for _ in range(3)) if m and 'event_type' in m][:1]
check(seen and seen[0].get('event_type') == 'PeopleDetection' and isinstance(seen[0].get('time'), int),
      'a person detected arrives as {"event_type":"PeopleDetection","time":...}; the vehicle (push off) does not: %s %s' % (first, seen))
beat = None
for _ in range(5):
    beat = next_message()
    if beat and 'Heartbeat' in beat:
        break
check(beat is not None and 'Heartbeat' in beat, 'a heartbeat arrives within the 1 s asked for: %s' % beat)
stream.close()
call('setVehicleDetectionSwitch', {'msg_push_enabled': 'on'})

# --- NVR: HTTP Digest SHA-256, Bearer ----------------------------------------------------
status, headers, _ = https(nvr['ip'], port, 'GET', '/openapi/token')
challenge = headers.get('www-authenticate', '')
check(status == 401 and challenge.startswith('Digest '), 'GET /openapi/token answers 401 with a Digest challenge: %s' % challenge)
fields = dict((k.lower(), v1 if v1 else v2) for k, v1, v2 in re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]+))', challenge[len('Digest '):]))
check(fields.get('algorithm') == 'SHA-256' and fields.get('realm') and fields.get('nonce'), 'the challenge has a realm, a nonce and algorithm SHA-256')


def nvr_token(password):
    _, hdrs, _ = https(nvr['ip'], port, 'GET', '/openapi/token')
    f = dict((k.lower(), v1 if v1 else v2) for k, v1, v2 in re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]+))', hdrs['www-authenticate'][len('Digest '):]))
    uri = '/openapi/token'
    ha1 = sha256('%s:%s:%s' % (USER, f['realm'], password))
    ha2 = sha256('GET:%s' % uri)
    nc, cnonce = '00000001', os.urandom(8).hex()
    if 'auth' in f.get('qop', ''):
        response = sha256('%s:%s:%s:%s:auth:%s' % (ha1, f['nonce'], nc, cnonce, ha2))
        extra = ', qop=auth, nc=%s, cnonce="%s"' % (nc, cnonce)
    else:
        response = sha256('%s:%s:%s' % (ha1, f['nonce'], ha2))
        extra = ''
    authorization = 'Digest username="%s", realm="%s", nonce="%s", uri="%s", algorithm=SHA-256, response="%s"%s' % (USER, f['realm'], f['nonce'], uri, response, extra)
    return https(nvr['ip'], port, 'GET', uri, headers={'Authorization': authorization})


status, _, reply = nvr_token('wrong-password')
check(status == 401, 'a wrong NVR password gets 401 again')
status, _, token = nvr_token(PASSWORD)
check(status == 200 and (token or {}).get('token_type', '').lower() == 'bearer' and token.get('access_token') and token.get('refresh_token') and isinstance(token.get('expires_in'), int),
      'Digest login answers token_type bearer, access_token, refresh_token, expires_in')
bearer = {'Authorization': 'Bearer %s' % token['access_token']}


def channels():
    status, _, reply = https(nvr['ip'], port, 'GET', '/openapi/added_devices', headers=bearer)
    return status, reply


status, reply = channels()
check(status == 200 and reply.get('error_code') == 0 and isinstance(reply.get('devices'), list), 'GET /openapi/added_devices answers error_code 0 and devices')
by_ip = dict((d.get('ip'), d) for d in reply.get('devices', []))
check(all(isinstance(d.get('id'), int) and {'name', 'alias', 'online', 'ip', 'mac'} <= set(d) for d in reply.get('devices', [])) and len(by_ip) == 3,
      'three channels, each with id (int), name, alias, online, ip, mac')
check(by_ip.get(devices['cam-front']['ip'], {}).get('online') == '1' and by_ip.get(devices['cam-garage']['ip'], {}).get('online') == '1',
      'the certified channels (cam-front, cam-garage) are online "1"')
check(by_ip.get(devices['cam-lobby']['ip'], {}).get('online') == '0', 'the channel that is not certified (cam-lobby) is online "0"')
status, _, reply = https(nvr['ip'], port, 'GET', '/openapi/added_devices', headers={'Authorization': 'Bearer nonsense'})
check(status == 401, 'a bad Bearer token gets 401')
status, _, refreshed = https(nvr['ip'], port, 'GET', '/openapi/token?grant_type=refresh_token&refresh_token=%s' % token['refresh_token'])
check(status == 200 and (refreshed or {}).get('access_token') not in (None, token['access_token']), 'the refresh token gets a new access token')
bearer = {'Authorization': 'Bearer %s' % refreshed['access_token']}

control('POST', '/__sim/devices/cam-front/faults', {'type': 'power-off'})
online = None
deadline = time.time() + 15
for _ in range(30):
    status, reply = channels()
    online = dict((d.get('ip'), d.get('online')) for d in (reply or {}).get('devices', [])).get(cam['ip'])
    if online == '0' or time.time() > deadline:
        break
    time.sleep(0.5)
check(online == '0', 'after cam-front powers off, its channel is online "0"')
check(refused(cam['ip'], port), 'the powered-off camera does not answer on the OpenAPI port')

# --- a device with OpenAPI off --------------------------------------------------------
check(refused(off['ip'], port), 'cam-backyard (OpenAPI off) refuses connections on the OpenAPI port')

sys.exit(1 if failed else 0)
