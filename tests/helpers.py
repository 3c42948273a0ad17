"""What a user does in a browser, said with Django's test client."""

from django.urls import reverse

from tests.county import PASSWORD

ADDRESS = {
    "first_name": "陈晓雨", "phone_number": "13945100001", "state": "黑龙江省", "line4": "哈尔滨市",
    "line3": "南岗区", "line1": "学府路 74 号 3 单元 502", "postcode": "150080", "notes": "",
}


def log_in(client, user):
    response = client.post(reverse("customer:login"), {
        "login-username": user.email, "login-password": PASSWORD, "login_submit": "1"})
    assert response.status_code == 302, response.content[:500]
    return client


def add_to_basket(client, product, quantity):
    return client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity}, follow=True)


def check_out_cash_on_delivery(client):
    """Walk Oscar's checkout: address, (the one) shipping method, payment method, preview, place."""
    response = client.get(reverse("checkout:index"), follow=True)
    assert response.status_code == 200
    response = client.post(reverse("checkout:shipping-address"), ADDRESS, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("checkout:payment-details"), response.redirect_chain
    response = client.post(reverse("checkout:preview"), {"method": "cash-on-delivery"})
    assert response.status_code == 200 and response.templates[0].name == "oscar/checkout/preview.html"
    return client.post(reverse("checkout:preview"), {"action": "place_order"}, follow=True)
