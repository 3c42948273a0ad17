"""Only a buyer who received the good reviews it; a review counts once the shop has read it;
bodies are limited and posting is throttled — no stranger drags a village's honey to one star."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.supply import record_supply
from tests.factories import ADDR, make_user, place_order
from tests.helpers import deliver, log_in

pytestmark = pytest.mark.django_db
ProductReview = get_model("reviews", "ProductReview")


@pytest.fixture
def received(county):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="60")
    deliver(place_order(county.buyer, [(county.honey, 1)], address=ADDR))
    cache.clear()
    yield county
    cache.clear()


def url(product):
    return reverse("catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk})


def review(client, product, *, score=1, body="不好"):
    return client.post(url(product), {"title": "评价", "score": score, "body": body})


def test_a_stranger_cannot_review(client, received):
    response = review(client, received.honey)
    assert response.status_code == 302 and not ProductReview.objects.exists()


def test_a_signed_in_buyer_who_never_received_the_good_cannot_review(client, received):
    log_in(client, make_user("someone"))
    review(client, received.honey)
    assert not ProductReview.objects.exists()


def test_an_order_not_yet_delivered_does_not_let_the_buyer_review(client, received):
    record_supply(recorded_by=received.coordinator, household=received.yu, product=received.chicken, quantity=2,
                  unit_price="100")
    place_order(received.buyer, [(received.chicken, 1)], address=ADDR)
    log_in(client, received.buyer)
    review(client, received.chicken)
    assert not ProductReview.objects.exists()


def test_the_buyer_who_received_it_reviews_and_it_counts_once_approved(client, received):
    log_in(client, received.buyer)
    response = review(client, received.honey, score=2, body="有点结晶")
    assert response.status_code == 302
    made = ProductReview.objects.get()
    assert made.status == ProductReview.FOR_MODERATION
    received.honey.refresh_from_db()
    assert received.honey.rating is None  # not counted yet
    made.status = ProductReview.APPROVED
    made.save()
    received.honey.refresh_from_db()
    assert received.honey.rating == 2.0
    review(client, received.honey)  # once per product
    assert ProductReview.objects.count() == 1


def test_a_body_longer_than_2000_characters_is_refused(client, received):
    log_in(client, received.buyer)
    response = review(client, received.honey, body="蜜" * 2001)
    assert response.status_code == 200 and not ProductReview.objects.exists()
    assert "2000" in response.content.decode()
    review(client, received.honey, body="蜜" * 2000)
    assert ProductReview.objects.count() == 1


def test_the_sixth_review_in_an_hour_is_refused(client, received):
    log_in(client, received.buyer)
    cache.set(f"review:user:{received.buyer.pk}", 5, 3600)  # five written this hour
    review(client, received.honey)
    assert not ProductReview.objects.exists()


def test_the_fifth_review_in_an_hour_is_taken(client, received):
    log_in(client, received.buyer)
    cache.set(f"review:user:{received.buyer.pk}", 4, 3600)
    review(client, received.honey)
    assert ProductReview.objects.count() == 1
