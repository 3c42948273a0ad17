"""Cache versions: a number for a kind of data that moves whenever that data changes.

Pages and pieces of pages are kept in the cache under the versions of what they show (goods,
the timetable, the published stories); moving a version forgets every one of them at once, for
every app server that shares the cache. A version moves twice: at once, for the changing
transaction's own reads, and again when it commits — what another request kept in between was
read without the uncommitted change. Each app owns the versions of its own data (catalog.listing,
logistics.estimates, cms.caching) and moves them from its signal receivers.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction


@dataclass(frozen=True)
class Version:
    key: str

    def current(self) -> int:
        """The version now (a new one is set the first time it is asked for)."""
        version = cache.get(self.key)
        if version is None:
            version = time.time_ns()
            cache.set(self.key, version, None)
        return version

    def move(self) -> None:
        """Forget what was kept under this version: now, and again once the transaction commits."""

        def bump() -> None:
            cache.set(self.key, time.time_ns(), None)

        bump()
        transaction.on_commit(bump)
