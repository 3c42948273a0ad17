"""A fake of Tencent Cloud's SMS API (sms.tencentcloudapi.com, version 2021-01-11) on loopback: it
answers SendSms as the real API does, checks that the request is signed the TC3 way, and keeps
what it was sent. `refuse` makes it answer the way the API refuses a number (a status code other
than "Ok"); `fail` makes it answer with an API error."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeTencentSms:
    def __init__(self):
        self.sent: list[dict] = []
        self.refuse = ""
        self.fail = ""
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.endpoint = f"127.0.0.1:{self._server.server_address[1]}"

    def start(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def reset(self):
        self.sent.clear()
        self.refuse = self.fail = ""

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                signed = self.headers.get("Authorization", "").startswith("TC3-HMAC-SHA256 Credential=")
                if self.headers.get("X-TC-Action") != "SendSms" or not signed:
                    answer = {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "not signed"}}
                elif fake.fail:
                    answer = {"Error": {"Code": fake.fail, "Message": "refused"}}
                else:
                    fake.sent.append({"headers": dict(self.headers), "body": body})
                    answer = {"SendStatusSet": [{
                        "SerialNo": "2028:fake", "PhoneNumber": number, "Fee": 1, "SessionContext": "",
                        "Code": fake.refuse or "Ok", "Message": "refused" if fake.refuse else "send success",
                        "IsoCode": "CN"} for number in body.get("PhoneNumberSet", [])]}
                data = json.dumps({"Response": {**answer, "RequestId": "fake-request"}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
