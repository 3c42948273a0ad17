"""The test database under `make mutants` (mutmut, tools/mutants.py), which runs pytest many times
in one process and forks a process per mutant from it.

Migrating for each run would take longer than the tests, so the first run migrates (--reuse-db
keeps the file) and keeps a copy of the database as migrated, before any test. Every later run
starts from a copy of its own: not the first run's file, which the transactional tests emptied of
the migrations' rows (the product classes...), and not a file another process writes to, which
would fail its tests with "database is locked" and count them as kills."""

import itertools
import os
import shutil

import pytest

_runs = itertools.count()
_OWN = pytest.StashKey[str]()
_first: list[str] = []  # the first run's database file (settings are read once, before any fork)


def _migrated() -> str:
    return f"{_first[0]}.migrated"


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    from django.conf import settings

    test = settings.DATABASES["default"]["TEST"]
    if not _first:
        _first.append(test["NAME"])
    if not os.path.exists(_migrated()):
        return  # the first run: it migrates the file, kept as migrated below
    own = f"{_first[0]}.{os.getpid()}.{next(_runs)}"
    shutil.copyfile(_migrated(), own)
    test["NAME"] = own
    session.config.stash[_OWN] = own


@pytest.fixture(scope="session", autouse=True)
def _keep_the_migrated_database(django_db_setup):
    from django.conf import settings

    if not os.path.exists(_migrated()):
        shutil.copyfile(settings.DATABASES["default"]["TEST"]["NAME"], _migrated())


def pytest_sessionfinish(session):
    own = session.config.stash.get(_OWN, None)
    if own and os.path.exists(own):
        os.remove(own)
