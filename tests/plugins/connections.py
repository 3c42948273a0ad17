"""Django's test database beside Playwright's event loop."""

_serialized = {}


def pytest_runtest_setup(item):
    _keep_serialized_contents()


def pytest_runtest_teardown(item, nextitem):
    # The flush after a transactional test skips post_migrate only when it sees them.
    _keep_serialized_contents()


def _keep_serialized_contents():
    """Keep the test database's serialized contents (for serialized_rollback) on the connection.

    Django keeps them on the connection object, which lives in a context variable; Playwright's
    sync API runs the browser test's steps in another context, after which Django hands out a fresh
    connection object without them, and the next transactional test would start from an empty
    database (no product classes, postal days or Wagtail root from the data migrations)."""
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            _serialized[alias] = contents
        elif alias in _serialized:
            connection._test_serialized_contents = _serialized[alias]
