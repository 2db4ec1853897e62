#!/usr/bin/env python3
"""The Python side of `bench/run.sh`: the official SDKs under load against the emulator.

    sdk_client.py tencent-ocr|tencent-verify|wechat-ocr URL --concurrency N --secs S

tencent-*: tencentcloud-sdk-python (`OcrClient.call_json`: BizLicenseOCR with ImageBase64,
VerifyBizLicense with RegNum). wechat-ocr: wechatpy 2.0.0a26 `wxa.ocr_biz_license(img_url=)`,
pointed at the emulator by subclassing (its token URL is hard-coded). Concurrency is threads,
one client each (the SDKs keep one requests.Session per client). Prints one JSON line with
the same keys as bench_client.rs; CPU time is this process's user + system time from
getrusage over the measured window.
"""
import argparse
import base64
import json
import resource
import sys
import threading
import time
import urllib.request

from tencentcloud.common import credential
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.ocr.v20181119 import ocr_client
from wechatpy import WeChatClient
from wechatpy.session.memorystorage import MemoryStorage

# The emulator's published default credentials.
TENCENT_ID = "AKIDbizlicenseEMULATOR0000000000000"
TENCENT_KEY = "bizlicenseEmulatorSecretKey0000000"
WECHAT_APPID = "wx0e1a2b3c4d5e6f70"
WECHAT_SECRET = "0e1a2b3c4d5e6f708192a3b4c5d6e7f8"
FIXTURE = "tencent-cloud-beijing"
WARMUP = 0.5


class EmulatorWeChatClient(WeChatClient):
    """wechatpy pointed at the emulator: the API base and the token URL."""

    def __init__(self, base, *args, **kwargs):
        self._emulator_base = base
        super().__init__(*args, **kwargs)
        self.API_BASE_URL = base + "/cgi-bin/"
        self.wxa.API_BASE_URL = base + "/"

    def fetch_access_token(self):
        return self._fetch_access_token(
            url=self._emulator_base + "/cgi-bin/token",
            params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
        )


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def make_call(kind, base, fixture, storage):
    """A function doing one request, returning True when the answer carries the expected code."""
    want = fixture["ocr"]["credit_code"]
    if kind.startswith("tencent"):
        http = HttpProfile(protocol="http", endpoint=base.removeprefix("http://"))
        client = ocr_client.OcrClient(
            credential.Credential(TENCENT_ID, TENCENT_KEY), "ap-guangzhou",
            ClientProfile(httpProfile=http),
        )
        if kind == "tencent-ocr":
            with urllib.request.urlopen(fixture["image_url"], timeout=10) as r:
                params = {"ImageBase64": base64.b64encode(r.read()).decode(), "EnableCopyWarn": True}
            return lambda: client.call_json("BizLicenseOCR", params)["Response"]["RegNum"] == want
        code = fixture["credit_code"]
        params = {"RegNum": code}
        return lambda: client.call_json("VerifyBizLicense", params)["Response"]["CreditCode"] == code
    client = EmulatorWeChatClient(base, WECHAT_APPID, WECHAT_SECRET, session=storage)
    url = fixture["image_url"]
    return lambda: client.wxa.ocr_biz_license(img_url=url)["reg_num"] == want


def main():
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["tencent-ocr", "tencent-verify", "wechat-ocr"])
    p.add_argument("url")
    p.add_argument("--concurrency", type=int, default=1)
    p.add_argument("--secs", type=float, default=5.0)
    a = p.parse_args()

    with urllib.request.urlopen(a.url + "/_emulator/fixtures", timeout=10) as r:
        fixture = next(f for f in json.load(r) if f["id"] == FIXTURE)
    storage = MemoryStorage()  # one token for every thread, as one app would share it
    calls = [make_call(a.kind, a.url, fixture, storage) for _ in range(a.concurrency)]
    for call in calls:  # warm up every client: connection, token
        deadline = time.perf_counter() + WARMUP / len(calls)
        while True:
            if not call():
                sys.exit(f"{a.kind}: warm-up request failed")
            if time.perf_counter() >= deadline:
                break

    counts = [[0, 0] for _ in calls]
    stop = threading.Event()

    def worker(i):
        call, c = calls[i], counts[i]
        while not stop.is_set():
            try:
                ok = call()
            except Exception:  # noqa: BLE001 - a failed request is counted, not fatal
                ok = False
            c[0 if ok else 1] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(calls))]
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(a.secs)
    stop.set()
    for t in threads:
        t.join()
    elapsed, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    n = sum(c[0] for c in counts)
    print(json.dumps({
        "client": "python", "what": a.kind, "concurrency": a.concurrency,
        "requests": n, "errors": sum(c[1] for c in counts), "seconds": elapsed,
        "per_sec": n / elapsed, "cpu_seconds": cpu,
        "cpu_per_1000": cpu / n * 1000 if n else None,
    }))


if __name__ == "__main__":
    main()
