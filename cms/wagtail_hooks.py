"""Wagtail's admin hooks: the one guard Wagtail offers a hook for.

Wagtail's move confirmation fails on the tree's root page (it has no parent to move from): the
root is refused before Wagtail looks further (tests/cms/test_admin_guards.py also checks that
Wagtail still fails without it, so the guard goes when Wagtail mends it)."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks


@hooks.register("before_move_page")
def the_root_stays(request, page_to_move, destination):
    if page_to_move.is_root():
        raise PermissionDenied
