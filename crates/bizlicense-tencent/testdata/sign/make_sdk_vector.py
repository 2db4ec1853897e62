"""Produce a TC3 signing vector with the official Tencent Cloud Python SDK.

How it was run (recorded in tests/sign_vectors.rs as well):

    python3 -m venv /tmp/tc-venv
    /tmp/tc-venv/bin/pip install tencentcloud-sdk-python-common   # 3.1.195 at the time
    /tmp/tc-venv/bin/python testdata/sign/make_sdk_vector.py > testdata/sign/sdk_ocr_vector.json

The SDK's CommonClient sends a real request to a throwaway HTTP server on 127.0.0.1 that records
exactly what arrived (headers and raw body bytes); `time.time` is pinned so the timestamp is fixed.
No network beyond loopback is used.
"""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

from tencentcloud.common import credential
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile

captured = {}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        captured["headers"] = {k: v for k, v in self.headers.items()}
        captured["body"] = body.decode("utf-8")
        out = json.dumps({"Response": {"RequestId": "sdk-vector"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Handler)
port = server.server_address[1]
threading.Thread(target=server.handle_request, daemon=True).start()

SECRET_ID = "AKIDbizlicenseTESTVECTOR000000000000"
SECRET_KEY = "bizlicenseTESTVECTORsecretKEY000"
TIMESTAMP = 1700000000
time.time = lambda: TIMESTAMP  # the SDK reads int(time.time()) for X-TC-Timestamp

http_profile = HttpProfile(protocol="http", endpoint="127.0.0.1:%d" % port)
client = CommonClient(
    "ocr", "2018-11-19", credential.Credential(SECRET_ID, SECRET_KEY), "ap-guangzhou",
    profile=ClientProfile(httpProfile=http_profile),
)
client.call_json("VerifyBasicBizLicense",
                 {"RegNum": "911101085636549482", "Name": "腾讯云计算（北京）有限责任公司"})

h = captured["headers"]
print(json.dumps({
    "sdk": "tencentcloud-sdk-python-common",
    "secret_id": SECRET_ID,
    "secret_key": SECRET_KEY,
    "timestamp": TIMESTAMP,
    "service": "ocr",
    "action": h.get("X-TC-Action"),
    "host": h.get("Host"),
    "content_type": h.get("Content-Type"),
    "body": captured["body"],
    "authorization": h.get("Authorization"),
    "headers": h,
}, ensure_ascii=False, indent=2))
