"""A cache version moves when its data changes: at once, and again when the change commits."""

import pytest

from core.versions import Version

pytestmark = pytest.mark.django_db


def test_a_version_stays_until_it_moves():
    goods = Version("test:goods-version")
    first = goods.current()
    assert goods.current() == first
    goods.move()
    assert goods.current() != first


def test_a_version_moves_again_when_the_change_commits(django_capture_on_commit_callbacks):
    goods = Version("test:goods-version")
    with django_capture_on_commit_callbacks(execute=True) as committed:
        goods.move()
        # Another request keeps a page under this version, read without the uncommitted change.
        during = goods.current()
    assert len(committed) == 1
    assert goods.current() != during


def test_versions_of_different_data_move_apart():
    goods, timetable = Version("test:goods"), Version("test:timetable")
    before = timetable.current()
    goods.move()
    assert timetable.current() == before
