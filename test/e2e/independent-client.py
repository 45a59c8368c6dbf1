#!/usr/bin/env python3
"""An independent VIGI web-API client, written only from the public facts and the contract
(Python stdlib + the openssl command; no code shared with the emulator). The tap test
test/e2e/independent-client.test.ts runs it against a live emulator.

usage: independent-client.py <control-url> <camera-ip> <https-port> <scenario>
prints one line per check: "ok <what>" or "FAIL <what>: <detail>"; exits 1 on any failure.
"""
import base64, hashlib, http.client, json, os, re, ssl, subprocess, sys, tempfile, urllib.parse

control, ip, port, scenario = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
failures = 0


def check(what, cond, detail=""):
    global failures
    print(("ok " if cond else "FAIL ") + what + ("" if cond else ": " + str(detail)))
    failures += 0 if cond else 1


def enc(v):  # every JSON string value is URL-encoded (encodeURIComponent) both ways
    if isinstance(v, str):
        return urllib.parse.quote(v, safe="-_.!~*'()")
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    if isinstance(v, list):
        return [enc(x) for x in v]
    return v


def dec(v):
    if isinstance(v, str):
        return urllib.parse.unquote(v)
    if isinstance(v, dict):
        return {k: dec(x) for k, x in v.items()}
    if isinstance(v, list):
        return [dec(x) for x in v]
    return v


def post(path, body):
    conn = http.client.HTTPSConnection(ip, port, timeout=10, context=ssl._create_unverified_context())
    conn.request("POST", path, json.dumps(enc(body)), {"Content-Type": "application/json; charset=UTF-8", "X-Requested-With": "XMLHttpRequest"})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, dec(json.loads(data))


def control_call(method, path, body=None):
    u = urllib.parse.urlparse(control)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.request(method, path, json.dumps(body) if body is not None else None, {"Content-Type": "application/json"} if body is not None else {})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, (json.loads(data) if data else None)


def challenge():
    return post("/", {"method": "do", "user_management": {"get_encrypt_info": None}})[1]


def envelope(password):
    data = challenge()["data"]
    md5_auth = hashlib.md5(("TPCQ75NF2Y:" + password).encode()).hexdigest().upper()
    der = base64.b64decode(data["key"])
    with tempfile.TemporaryDirectory() as d:
        pem = os.path.join(d, "k.pem")
        with open(pem, "w") as f:
            f.write("-----BEGIN PUBLIC KEY-----\n" + base64.encodebytes(der).decode() + "-----END PUBLIC KEY-----\n")
        out = subprocess.run(["openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", pem, "-pkeyopt", "rsa_padding_mode:pkcs1"],
                             input=(md5_auth + ":" + data["nonce"]).encode(), capture_output=True, check=True).stdout
    return base64.b64encode(out).decode()


def login(password):
    return post("/", {"method": "do", "login": {"username": "admin", "password": envelope(password), "passwdType": "md5", "encrypt_type": "2"}})[1]


def forget(action, params=None, stok=None):
    return post("/" if stok is None else "/stok=%s/ds" % stok, {"method": "do", "forget_password": {action: params}})[1]


# public vector
check("md5 form vector", hashlib.md5(b"TPCQ75NF2Y:TestPass123").hexdigest().upper() == "F8A44BD7A62BEC2512DE5EB295A68997")

if scenario == "fresh":
    c = challenge()
    check("factory-fresh challenge says -40405", c["error_code"] == -40401 and c["data"]["code"] == -40405, c)
    check("nonce has 8 characters", len(c["data"]["nonce"]) == 8, c)
    qs = [("Name of first pet?", "Rex"), ("City of birth?", "Lyon"), ("Favourite film?", "Alien")]
    fields = {"username": "admin", "password": envelope("Py#Pass123"), "encrypt_type": "2", "reset_pwd_email": "py+owner@example.test"}
    for i, (q, a) in enumerate(qs, 1):
        fields["sec_question_%d" % i], fields["sec_answer_%d" % i] = q, a
    r = post("/", {"method": "do", "user_management": {"set_initial_password": fields}})[1]
    check("activation with email and three questions", r["error_code"] == 0, r)
    r = login("Py#Pass123")
    check("login gives a top-level stok", r["error_code"] == 0 and re.fullmatch(r"[0-9a-f]{32}", r.get("stok", "")) and r.get("user_group") == "root", r)
    stok = r["stok"]
    for i in range(1, 5):
        r = login("wrong")
        check("failure %d counts in data.time" % i, r["error_code"] == -40401 and r["data"]["time"] == i and r["data"]["max_time"] == 5, r)
    r = login("wrong")
    check("fifth failure locks with -40404 and sec_left", r["error_code"] == -40404 and r["data"]["sec_left"] > 0, r)
    r = login("Py#Pass123")
    check("right password refused while locked", r["error_code"] == -40404, r)
    # forgot the password: security questions, reached with the old session (camera already added)
    r = forget("get_sec_questions", None, stok)
    check("questions come back", r["error_code"] == 0 and r["forget_password"]["sec_question_1"] == qs[0][0], r)
    r = forget("sec_answer_check", {"sec_answer_1": "rex", "sec_answer_2": "LYON", "sec_answer_3": "alien"})
    check("answers give a reset token", r["error_code"] == 0 and r["forget_password"].get("reset_token"), r)
    r = forget("password_reset", {"reset_token": r["forget_password"]["reset_token"], "password": envelope("Py#New4567"), "encrypt_type": "2"})
    check("password_reset", r["error_code"] == 0, r)
    status, r = post("/stok=%s/ds" % stok, {"method": "get", "device_info": {"name": ["basic_info"]}})
    check("old stok is dead", r["error_code"] == -40401, r)
    control_call("POST", "/__sim/clock/advance", {"ms": 1800000})
    check("old password refused", login("Py#Pass123")["error_code"] == -40401)
    check("new password logs in", login("Py#New4567")["error_code"] == 0)
    # email path
    control_call("DELETE", "/__sim/mail")
    r = forget("send_verification_code")
    check("send code", r["error_code"] == 0 and r["forget_password"]["reset_pwd_email"].endswith("@example.test"), r)
    _, mails = control_call("GET", "/__sim/mail")
    mail = next((m for m in mails if m["to"] == "py+owner@example.test"), None)
    check("mail from noreply@tp-link.com", mail is not None and mail["from"] == "noreply@tp-link.com", mails)
    code = re.search(r"\b(\d{6})\b", mail["text"]).group(1) if mail else ""
    check("code in the HTML part too", mail is not None and code in mail["html"])
    r = forget("verification_code_check", {"verify_code": code})
    check("code gives a reset token", r["error_code"] == 0, r)
    r = forget("password_reset", {"reset_token": r["forget_password"]["reset_token"], "password": envelope("Py#Mail789"), "encrypt_type": "2"})
    check("reset by mailed code", r["error_code"] == 0 and login("Py#Mail789")["error_code"] == 0, r)
    # technical support, on the virtual clock
    qr = forget("get_support_qrcode")["forget_password"]
    check("support QR valid 300 s", qr["expire_in"] == 300, qr)
    control_call("POST", "/__sim/clock/advance", {"ms": 301000})
    status, agent = control_call("POST", "/__sim/cloud/support/code", {"qrcode": qr["qrcode"]})
    check("support desk refuses at 301 s", status == 400, agent)

sys.exit(1 if failures else 0)
