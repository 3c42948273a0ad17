import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
application = get_wsgi_application()


def _warm_up():
    """Pay at start what the first buyer would: every URL module imported, the reverse index
    built and jieba's dictionary loaded, so that the first view after a restart is as quick as
    the rest."""
    import jieba
    from django.urls import get_resolver

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (imports every URL module and its views)
    resolver.reverse_dict  # noqa: B018
    jieba.initialize()


_warm_up()
