import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


# The pages buyers land on: their templates (and every template they extend or include) are
# compiled at start and kept by Django's cached loader.
LANDING_TEMPLATES = ["cms/home_page.html", "oscar/catalogue/browse.html", "oscar/catalogue/category.html",
                     "oscar/catalogue/detail.html", "oscar/search/results.html", "oscar/basket/basket.html"]


def _warm_up():
    """Pay at start what the first buyer would: every URL module imported, the reverse index
    built, jieba's dictionary loaded, the cache's client imported and connected, and the landing
    pages' templates compiled, so that the first view after a restart is as quick as the rest."""
    import jieba
    from django.core.cache import cache
    from django.template.loader import get_template
    from django.urls import get_resolver

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (imports every URL module and its views)
    resolver.reverse_dict  # noqa: B018
    jieba.initialize()
    try:
        cache.get("warm-up")  # imports redis-py (0.2 s) and opens its first connection
    except Exception:  # the cache being away is the pages' problem, not a reason not to start
        logging.getLogger(__name__).warning("cache not reachable at start", exc_info=True)
    for name in LANDING_TEMPLATES:
        get_template(name)


_warm_up()
