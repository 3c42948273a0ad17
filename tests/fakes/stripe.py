"""A small fake of Stripe's API on loopback, for the real `stripe` library to talk to.

It keeps PaymentIntents and refunds in memory, honours Idempotency-Key like Stripe (same key,
same answer), and lets a test play the buyer's bank: `succeed()`, `fail()`. It also builds
and signs webhook events the way Stripe does. `before_answer`, when a test sets it, is called
with (method, path, form) on the server's thread before a request is answered: a test can make
something happen while our code waits for Stripe.
"""

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import stripe


class FakeStripe:
    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.lock = threading.Lock()
        self.reset()

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()

    def reset(self):
        with getattr(self, "lock", threading.Lock()):
            self.intents, self.refunds, self.answers, self.requests = {}, {}, {}, []
            self.ids = itertools.count(1)
            self.before_answer = None

    # --- the buyer's side -----------------------------------------------------------
    def succeed(self, intent_id):
        with self.lock:
            self.intents[intent_id]["status"] = "succeeded"
        return self.intents[intent_id]

    def fail(self, intent_id, message="Your card was declined."):
        with self.lock:
            intent = self.intents[intent_id]
            intent["status"] = "requires_payment_method"
            intent["last_payment_error"] = {"message": message, "code": "card_declined"}
        return intent

    def refund_in_dashboard(self, intent_id, fen):
        """A refund staff make in Stripe's own dashboard, which the platform hears of by webhook only."""
        with self.lock:
            refund = {"id": f"re_{next(self.ids)}", "object": "refund", "amount": fen, "payment_intent": intent_id,
                      "status": "succeeded", "currency": self.intents[intent_id]["currency"]}
            self.refunds[refund["id"]] = refund
        return refund

    def requests_to(self, method, path):
        """The requests received for `method` and `path` (e.g. "POST", "/v1/refunds")."""
        return [r for r in self.requests if r[0] == method and r[1].split("?")[0] == path]

    def refunded_fen(self, intent_id):
        return sum(r["amount"] for r in self.refunds.values() if r["payment_intent"] == intent_id)

    # --- webhooks ---------------------------------------------------------------------
    def event(self, type_, obj, *, livemode=False, event_id=None):
        return {"id": event_id or f"evt_{next(self.ids)}", "object": "event", "type": type_,
                "livemode": livemode, "created": int(time.time()), "data": {"object": obj}}

    def charge_refunded(self, intent_id):
        intent = self.intents[intent_id]
        return {"id": f"ch_{intent_id}", "object": "charge", "payment_intent": intent_id,
                "amount": intent["amount"], "amount_refunded": self.refunded_fen(intent_id), "refunded": True}

    @staticmethod
    def sign(payload, secret, timestamp=None):
        return stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)

    # --- the API ------------------------------------------------------------------------
    def _handler(fake):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _route(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode())) if length else {}
                if not (self.headers.get("Authorization") or "").startswith("Bearer sk_test_"):
                    return 401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key"}}
                key = self.headers.get("Idempotency-Key")
                if fake.before_answer:
                    fake.before_answer(method, self.path, form)
                with fake.lock:
                    fake.requests.append((method, self.path, form, key))
                    if key and (method, key) in fake.answers:
                        return fake.answers[(method, key)]
                    answer = fake.dispatch(method, self.path, form)
                    if key:
                        fake.answers[(method, key)] = answer
                    return answer

            def do_GET(self):
                self._answer(*self._route("GET"))

            def do_POST(self):
                self._answer(*self._route("POST"))

        return Handler

    def dispatch(self, method, path, form):
        parts = path.split("?")[0].strip("/").split("/")
        if parts[:2] == ["v1", "payment_intents"]:
            if method == "POST" and len(parts) == 2:
                n = next(self.ids)
                intent = {"id": f"pi_{n}", "object": "payment_intent", "amount": int(form["amount"]),
                          "currency": form["currency"], "status": "requires_payment_method",
                          "client_secret": f"pi_{n}_secret_fake", "livemode": False, "last_payment_error": None,
                          "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")}}
                self.intents[intent["id"]] = intent
                return 200, intent
            intent = self.intents.get(parts[2])
            if intent is None:
                return 404, {"error": {"type": "invalid_request_error", "message": "No such payment_intent"}}
            if method == "GET":
                return 200, intent
            if parts[3:] == ["cancel"] and intent["status"] != "succeeded":
                intent["status"] = "canceled"
                return 200, intent
        if parts == ["v1", "refunds"] and method == "GET":
            query = dict(parse_qsl(path.partition("?")[2]))
            data = [r for r in self.refunds.values() if r["payment_intent"] == query.get("payment_intent")]
            return 200, {"object": "list", "url": "/v1/refunds", "has_more": False, "data": data}
        if parts == ["v1", "refunds"] and method == "POST":
            intent = self.intents.get(form.get("payment_intent"))
            amount = int(form.get("amount", intent["amount"] if intent else 0))
            if intent is None or intent["status"] != "succeeded" \
                    or self.refunded_fen(intent["id"]) + amount > intent["amount"]:
                return 400, {"error": {"type": "invalid_request_error", "message": "Cannot refund"}}
            refund = {"id": f"re_{next(self.ids)}", "object": "refund", "amount": amount,
                      "payment_intent": intent["id"], "status": "succeeded", "currency": intent["currency"]}
            self.refunds[refund["id"]] = refund
            return 200, refund
        return 404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized request {path}"}}
