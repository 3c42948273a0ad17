"""Stripe switched on against the fake Stripe server on loopback (tests/fakes/stripe.py)."""

import pytest


@pytest.fixture(scope="session")
def stripe_server():
    from tests.fakes.stripe import FakeStripe

    server = FakeStripe().start()
    yield server
    server.stop()


WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture
def fake_stripe(stripe_server, settings):
    """Stripe switched on, its client pointed at the fake server on loopback."""
    stripe_server.reset()
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = stripe_server.base_url
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    return stripe_server
