"""What a user does in a browser, said with Django's test client (and tools/ scripts, loaded for their tests)."""

from html.parser import HTMLParser

from django.urls import reverse

from tests.factories import PASSWORD

ADDRESS = {
    "first_name": "陈晓雨", "phone_number": "13945100001", "state": "黑龙江省", "line4": "哈尔滨市",
    "line3": "南岗区", "line1": "学府路 74 号 3 单元 502", "postcode": "150080", "notes": "",
}
# What the address form posts: the province, city and county are chosen from GB/T 2260 by code.
ADDRESS_CODES = {"state": "230000", "line4": "230100", "line3": "230103"}


def address_form(**changes):
    return {**ADDRESS, **ADDRESS_CODES, **changes}


def log_in(client, user):
    response = client.post(reverse("customer:login"), {
        "login-username": user.email, "login-password": PASSWORD, "login_submit": "1"})
    assert response.status_code == 302, response.content[:500]
    return client


def give_mobile(client, mobile="13945100001", email=""):
    """A guest gives a mobile at checkout and types the code texted to it (core.sms' outbox)."""
    from core import sms
    from core.phones import normalise_mainland_mobile

    asked = client.post(reverse("checkout:index"), {"mobile": mobile, "email": email}, follow=True)
    try:
        number = normalise_mainland_mobile(mobile)
    except Exception:
        return asked  # refused: the page says why
    sent = [m for m in sms.outbox if m.mobile == number and m.kind == "code"]
    if not sent or 'id="code-sent"' not in asked.content.decode():
        return asked
    return client.post(reverse("checkout:index"), {"mobile": mobile, "email": email, "code": sent[-1].params[0]},
                       follow=True)


def add_to_basket(client, product, quantity):
    return client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity}, follow=True)


def go_to_preview(client, method="cash-on-delivery"):
    """Walk Oscar's checkout up to the preview: address, (the one) shipping method, payment method."""
    response = client.get(reverse("checkout:index"), follow=True)
    assert response.status_code == 200
    response = client.post(reverse("checkout:shipping-address"), address_form(), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("checkout:payment-details"), response.redirect_chain
    response = client.post(reverse("checkout:preview"), {"method": method})
    assert response.status_code == 200 and response.templates[0].name == "oscar/checkout/preview.html"
    return response


def place_order(client):
    return client.post(reverse("checkout:preview"), {"action": "place_order"}, follow=True)


def check_out_cash_on_delivery(client):
    go_to_preview(client)
    return place_order(client)


class _FormFields(HTMLParser):
    """Collects the values a browser would submit for the form with the given id."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or not a.get("name"):
            if tag == "option" and self._select and ("selected" in a) and self.inside:
                self.data[self._select] = a.get("value", "")
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.data[name] = a.get("value", "")
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_fields(html, form_id):
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.data


def load_on_bus(order, *, at=None):
    """The hub clerk marks the runs of the order's parcels loaded."""
    from logistics import tracking

    for consignment in order.consignments.select_related("run"):
        if consignment.run and consignment.run.status == "planned":
            tracking.mark_run_loaded(consignment.run, at=at)


def deliver(order, *, at=None):
    """Walk every parcel of the order through the hub to the buyer's door."""
    from logistics import tracking

    load_on_bus(order, at=at)
    for consignment in order.consignments.all():
        consignment.refresh_from_db()
        run = consignment.run
        if run is not None:
            run.refresh_from_db()
            if run.status == "loaded":
                tracking.mark_run_at_hub(run, at=at)
        # A parcel that never reached the hub (cancelled, waiting) is refused here, as at the hub.
        tracking.dispatch_consignment(consignment, "98000001", at=at)
        tracking.deliver_consignment(consignment, at=at)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def confirm_step(client, url, data=None):
    """Press a hub button that cannot be undone: its page asks first (nothing is done yet), then
    confirm there. Returns the page after the step."""
    asked = client.post(url, data or {})
    assert asked.status_code == 200 and 'name="confirmed"' in asked.content.decode(), "no confirmation asked"
    return client.post(url, {**(data or {}), "confirmed": "1"}, follow=True)


def load_tool(name):
    """The module tools/<name>.py (tools are scripts, not a package)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"tools_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
