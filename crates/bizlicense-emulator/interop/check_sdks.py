"""Interop check: the official Tencent Cloud Python SDK and wechatpy against the emulator.

Usage: python check_sdks.py http://127.0.0.1:PORT

Every call asserts on the values it gets back, compared with what GET /_emulator/fixtures
promises. Exits non-zero (AssertionError or SDK exception) on the first failure.
"""

import base64
import json
import sys
import urllib.request

from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
    TencentCloudSDKException,
)
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.ocr.v20181119 import models, ocr_client
from wechatpy import WeChatClient

# The documented default credentials of `bizlicense emulator serve` (see --help).
TENCENT_ID = "AKIDbizlicenseEMULATOR0000000000000"
TENCENT_KEY = "bizlicenseEmulatorSecretKey0000000"
WECHAT_APPID = "wx0e1a2b3c4d5e6f70"
WECHAT_SECRET = "0e1a2b3c4d5e6f708192a3b4c5d6e7f8"

SEED_CODE = "911101085636549482"


def get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read()


def check(label, got, want):
    assert got == want, f"{label}: got {got!r}, want {want!r}"
    shown = repr(got)
    print(f"  ok  {label} = {shown if len(shown) <= 72 else shown[:69] + '...'}")


def tencent_client(endpoint, key=TENCENT_KEY):
    http = HttpProfile(protocol="http", endpoint=endpoint)
    return ocr_client.OcrClient(
        credential.Credential(TENCENT_ID, key), "ap-guangzhou", ClientProfile(httpProfile=http)
    )


def check_tencent(base, fixtures):
    endpoint = base.removeprefix("http://")
    client = tencent_client(endpoint)
    by_id = {f["id"]: f for f in fixtures}

    print("Tencent BizLicenseOCR (SDK model, ImageBase64), every fixture:")
    for f in fixtures:
        req = models.BizLicenseOCRRequest()
        req.ImageBase64 = base64.b64encode(get(f["image_url"])).decode()
        req.EnableCopyWarn = True
        resp = client.BizLicenseOCR(req)
        check(f"{f['id']} RegNum", resp.RegNum, f["ocr"]["credit_code"])
        check(f"{f['id']} Name", resp.Name, f["ocr"]["name"])
        check(f"{f['id']} Person", resp.Person, f["ocr"]["legal_representative"])
        check(f"{f['id']} Address", resp.Address, f["ocr"]["address"])
        want_warn = [w["code"] for w in f.get("warnings", [])]
        check(f"{f['id']} RecognizeWarnCode", list(resp.RecognizeWarnCode or []), want_warn)

    print("Tencent BizLicenseOCR (SDK model, ImageUrl):")
    f = by_id["qinghe-hangzhou"]
    req = models.BizLicenseOCRRequest()
    req.ImageUrl = f["image_url"]
    resp = client.BizLicenseOCR(req)
    check("Name", resp.Name, f["ocr"]["name"])
    assert resp.RequestId, "RequestId"

    print("Tencent VerifyBasicBizLicense (call_json, by fields):")
    seed = by_id["tencent-cloud-beijing"]
    r = client.call_json(
        "VerifyBasicBizLicense",
        {"RegNum": SEED_CODE, "Name": seed["name"], "RegCapital": 1},
    )["Response"]
    check("CreditCode", r["CreditCode"], seed["credit_code"])
    check("Entname", r["Entname"], seed["name"])
    check("Frname", r["Frname"], "谢兰芳")
    check("RegNumResult", r["RegNumResult"], {"RegNum": "0", "Name": "0", "Address": ""})
    check("RegCapital", r["RegCapital"], "14250.00")

    print("Tencent VerifyBizLicense (call_json, by image URL, all checks):")
    r = client.call_json(
        "VerifyBizLicense",
        {
            "ImageUrl": seed["image_url"],
            "ImageConfig": json.dumps({"RegNum": True, "Name": True, "Address": True}),
        },
    )["Response"]
    check("EnterpriseName", r["EnterpriseName"], seed["name"])
    check("VerifyEnterpriseName", r["VerifyEnterpriseName"], seed["ocr"]["name"])
    check("RegNumResult", r["RegNumResult"], {"RegNum": "0", "Name": "-1", "Address": "0"})

    print("Tencent VerifyBizLicenseEnterprise4 (SDK model):")
    f = by_id["tianshan-xinjiang-minority-rep"]
    req = models.VerifyBizLicenseEnterprise4Request()
    req.CreditCode = f["credit_code"]
    req.EntName = f["name"]
    req.LrName = f["ocr"]["legal_representative"]
    req.IdNum = "650102198006161231"
    resp = client.VerifyBizLicenseEnterprise4(req)
    check("VerifyResult", resp.VerifyResult, 1)
    check("IsLrNameConsistent", resp.IsLrNameConsistent, True)

    print("Tencent error envelope through the SDK:")
    for action, params, code in [
        ("VerifyBasicBizLicense", {"RegNum": "91110108MA00000000"}, "FailedOperation.QueryNoRecord"),
        ("BizLicenseOCR", {"ImageUrl": "http://169.254.169.254/latest"}, "FailedOperation.DownLoadError"),
    ]:
        try:
            client.call_json(action, params)
        except TencentCloudSDKException as e:
            check(f"{action} error code", e.get_code(), code)
            assert e.get_request_id(), "error RequestId"
        else:
            raise AssertionError(f"{action}: expected {code}")

    print("Tencent wrong secret key:")
    bad = tencent_client(endpoint, key="definitely-wrong")
    req = models.BizLicenseOCRRequest()
    req.ImageUrl = f["image_url"]
    try:
        bad.BizLicenseOCR(req)
    except TencentCloudSDKException as e:
        check("error code", e.get_code(), "AuthFailure.SignatureFailure")
    else:
        raise AssertionError("a wrong secret key must be rejected")


class EmulatorWeChatClient(WeChatClient):
    """wechatpy pointed at the emulator: its token URL is hard-coded, so override it."""

    def __init__(self, base, *args, **kwargs):
        self._emulator_base = base
        super().__init__(*args, **kwargs)
        self.API_BASE_URL = base + "/cgi-bin/"
        self.wxa.API_BASE_URL = base + "/"

    def fetch_access_token(self):
        return self._fetch_access_token(
            url=self._emulator_base + "/cgi-bin/token",
            params={
                "grant_type": "client_credential",
                "appid": self.appid,
                "secret": self.secret,
            },
        )


def check_wechat(base, fixtures):
    client = EmulatorWeChatClient(base, WECHAT_APPID, WECHAT_SECRET)
    print("wechatpy wxa.ocr_biz_license by URL and by upload, every fixture:")
    for f in fixtures:
        by_url = client.wxa.ocr_biz_license(img_url=f["image_url"])
        check(f"{f['id']} reg_num (url)", by_url["reg_num"], f["ocr"]["credit_code"])
        check(f"{f['id']} enterprise_name (url)", by_url["enterprise_name"], f["ocr"]["name"])
        check(
            f"{f['id']} legal_representative (url)",
            by_url.get("legal_representative"),
            f["ocr"]["legal_representative"],
        )
        data = get(f["image_url"])
        mime = "image/jpeg" if f["image_url"].endswith(".jpg") else "image/png"
        by_upload = client.wxa.ocr_biz_license(
            filename=f["image_url"].rsplit("/", 1)[1], file_bytes=data, mime_type=mime
        )
        check(f"{f['id']} address (upload)", by_upload.get("address"), f["ocr"]["address"])
        check(f"{f['id']} upload == url", by_upload, by_url)

    print("wechatpy: unknown image is 101001:")
    from wechatpy.exceptions import WeChatClientException

    try:
        client.wxa.ocr_biz_license(
            filename="x.png", file_bytes=b"\x89PNG\r\n\x1a\nnot a license", mime_type="image/png"
        )
    except WeChatClientException as e:
        check("errcode", e.errcode, 101001)
    else:
        raise AssertionError("an unknown image must be refused")


def main():
    base = sys.argv[1].rstrip("/")
    fixtures = json.loads(get(base + "/_emulator/fixtures"))
    assert len(fixtures) >= 10, "fixture list"
    check_tencent(base, fixtures)
    check_wechat(base, fixtures)
    stats = json.loads(get(base + "/_emulator/stats"))
    assert stats["billable"] > 0 and stats["token_calls"] >= 1, stats
    print(f"interop: all checks passed ({stats['calls']} calls, {stats['billable']} billable)")


if __name__ == "__main__":
    main()
