"""Thumbnails are made when a photo is saved, never while a buyer's page is served; a card whose
thumbnail is not made yet shows the placeholder."""

import re
from pathlib import Path

import oscar
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.thumbnails import PLACEHOLDER, thumbnail_key
from tests.factories import jpeg, stock_goods

pytestmark = pytest.mark.django_db
ProductImage = get_model("catalogue", "ProductImage")
KEYS = {thumbnail_key(size, **opts) for size, opts in settings.CATALOG_THUMBNAILS}


def add_photo(product):
    image = ProductImage(product=product, display_order=0, caption=product.title)
    image.original.save("honey.jpg", ContentFile(jpeg(size=(800, 800))), save=True)
    return image


def test_saving_a_photo_makes_every_thumbnail_the_pages_ask_for(county, django_capture_on_commit_callbacks, client):
    with django_capture_on_commit_callbacks(execute=True):
        image = add_photo(county.honey)
    image.refresh_from_db()
    assert set(image.thumbnails) == KEYS
    card = image.thumbnails[thumbnail_key("320x320", crop="center", upscale=False)]
    assert Path(settings.MEDIA_ROOT, card["name"]).exists() and card["width"] == 320
    page = client.get(reverse("catalogue:index")).content.decode()
    honey_card = re.search(r'<img src="([^"]+)" alt="新青村椴树蜂蜜"', page).group(1)
    assert honey_card.endswith(card["name"])


def test_a_page_never_makes_a_thumbnail_and_shows_the_placeholder_meanwhile(county, client):
    from sorl.thumbnail.models import KVStore

    add_photo(county.honey)  # no commit in this test: the thumbnails task has not run
    cache_dir = Path(settings.MEDIA_ROOT, "cache")
    before = sorted(cache_dir.rglob("*")) if cache_dir.exists() else []
    for url in (reverse("catalogue:index"), county.honey.get_absolute_url(), reverse("search:search") + "?q=蜂蜜"):
        page = client.get(url).content.decode()
        assert PLACEHOLDER in page, url
    assert (sorted(cache_dir.rglob("*")) if cache_dir.exists() else []) == before
    assert not KVStore.objects.exists()


def test_the_command_makes_the_thumbnails_that_are_missing(county):
    image = add_photo(county.honey)
    call_command("make_thumbnails", verbosity=0)
    image.refresh_from_db()
    assert set(image.thumbnails) == KEYS


def test_every_thumbnail_a_storefront_template_asks_for_is_made_on_save():
    # {% oscar_thumbnail image.original "320x320" crop="center" upscale=False %} in any template a
    # buyer or staff page renders: a size missing from CATALOG_THUMBNAILS would be a placeholder forever.
    tag = re.compile(r'{%\s*oscar_thumbnail\s+image\.original\s+"([^"]+)"((?:\s+\w+=\S+)*?)\s+as\s+\w+\s*%}')
    folders = [Path(settings.BASE_DIR, "templates"), Path(oscar.__file__).parent / "templates"]
    asked = set()
    for folder in folders:
        for template in folder.rglob("*.html"):
            for size, opts in tag.findall(template.read_text()):
                options = dict(o.split("=", 1) for o in opts.split())
                options = {k: {"False": False, "True": True}.get(v, v.strip('"')) for k, v in options.items()}
                asked.add(thumbnail_key(size, **options))
    assert asked and asked <= KEYS, asked - KEYS


def test_a_phone_gets_the_first_pictures_at_once_and_sharp(county, django_capture_on_commit_callbacks, client):
    """A phone shows the first row of cards (two) before any scrolling, and the product page's
    first picture is its largest paint: those come at once, the first of all first; the rest
    wait until scrolled to. The gallery offers twice the pixels for a sharp screen."""
    with django_capture_on_commit_callbacks(execute=True):
        image = add_photo(county.honey)
        for product in {*stock_goods(county).values()} - {county.honey}:
            add_photo(product)
    page = client.get(reverse("catalogue:index")).content.decode()
    cards = re.findall(r"<li>\s*<article class=\"product_pod.*?<img ([^>]*)>", page, re.S)
    assert len(cards) >= 3
    assert 'fetchpriority="high"' in cards[0] and "lazy" not in cards[0]
    assert "lazy" not in cards[1] and "fetchpriority" not in cards[1]
    assert all('loading="lazy"' in card for card in cards[2:])

    image.refresh_from_db()
    small = image.thumbnails[thumbnail_key("440x400", upscale=False)]
    sharp = image.thumbnails[thumbnail_key("880x800", upscale=False)]
    assert (small["width"], sharp["width"]) == (400, 800)  # an 800 px photo is not enlarged
    gallery = client.get(county.honey.get_absolute_url()).content.decode()
    picture = re.search(r'<img src="[^"]+"( srcset="[^"]+")?[^>]*class="img-fluid"[^>]*>', gallery).group(0)
    assert f'{small["name"]} 400w' in picture and f'{sharp["name"]} 800w' in picture
    assert 'fetchpriority="high"' in picture
