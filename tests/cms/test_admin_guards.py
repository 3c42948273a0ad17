"""The guards around Wagtail's admin still guard something: each test shows the pinned Wagtail
failing without its guard, and the screen answering with it. When an upgrade mends Wagtail, the
"without" half fails, and the guard can go."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from wagtail import hooks
from wagtail.models import Page

from cms.wagtail_hooks import the_root_stays
from tests.factories import make_user

pytestmark = pytest.mark.django_db
GUARD = "cms.admin_guards.WagtailAdminGuardMiddleware"
NET = "config.middleware.HostileInputMiddleware"


@pytest.fixture
def editor(client, county):
    client.force_login(make_user("editor-in-chief", is_staff=True, is_superuser=True))
    return client


def fresh(client):
    """The same editor in a client that builds the middleware anew (a client keeps its chain)."""
    again = Client()
    again.cookies = client.cookies
    return again


@pytest.fixture
def unguarded(settings):
    """Neither the Wagtail guard nor the last net for third-party screens."""
    settings.MIDDLEWARE = [m for m in django_settings.MIDDLEWARE if m not in (GUARD, NET)]


def test_moving_the_root_page_fails_in_wagtail_and_is_refused_with_the_hook(editor, stories_index, monkeypatch):
    monkeypatch.setitem(hooks._hooks, "before_move_page",
                        [(fn, order) for fn, order in hooks._hooks["before_move_page"] if fn is not the_root_stays])
    with pytest.raises(AttributeError):  # the root has no parent to move from
        editor.post(f"/cms-admin/pages/1/move/{stories_index.pk}/confirm/")
    monkeypatch.undo()

    response = editor.post(f"/cms-admin/pages/1/move/{stories_index.pk}/confirm/")
    # Wagtail's admin answers a PermissionDenied by sending the editor to its home with a message.
    assert response.status_code == 302 and response["Location"] == "/cms-admin/"
    assert Page.objects.get(pk=1).is_root() and Page.objects.get(pk=1).depth == 1


@pytest.mark.parametrize("p", ["x", "-1", "1e5"])
def test_a_workflow_page_number_that_is_not_one_fails_in_wagtail_and_shows_page_one_guarded(editor, p, unguarded,
                                                                                           settings):
    with pytest.raises(Exception) as failure:
        editor.get("/cms-admin/workflows/edit/1/", {"p": p})
    assert type(failure.value).__name__ in ("ValueError", "EmptyPage")
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, GUARD]
    assert fresh(editor).get("/cms-admin/workflows/edit/1/", {"p": p}).status_code == 200


@pytest.mark.parametrize("url", ["/cms-admin/images/", "/cms-admin/documents/"])
def test_searching_with_the_usage_filter_fails_in_wagtail_and_ignores_the_filter_guarded(editor, url, unguarded,
                                                                                        settings):
    query = {"q": "honey", "usage_count_min": "1"}
    with pytest.raises(AttributeError):
        editor.get(url, query)
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, GUARD]
    assert fresh(editor).get(url, query).status_code == 200
