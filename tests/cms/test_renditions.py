"""A village photo's sizes are made when it is saved: reading a story writes nothing."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage

from cms.models import VillagePhoto, VillagePhotoRendition
from cms.renditions import PAGE_SIZES
from tests.cms.test_site import site  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def specs_in_templates() -> set[str]:
    specs = set()
    for template in Path(settings.BASE_DIR, "templates", "cms").rglob("*.html"):
        for spec in re.findall(r"\{% (?:image|srcset_image) \S+ (\S+)", template.read_text(encoding="utf-8")):
            # width-{400,800} → width-400, width-800
            head, _, rest = spec.partition("{")
            specs |= {head + size for size in rest.rstrip("}").split(",")} if rest else {spec}
    return specs


def test_every_size_the_pages_show_is_made_in_advance():
    assert specs_in_templates() <= set(PAGE_SIZES)


def test_a_story_with_a_new_photo_is_read_without_a_write(client, site, django_capture_on_commit_callbacks):  # noqa: F811
    data = io.BytesIO()
    PILImage.new("RGB", (1600, 1000), "green").save(data, "JPEG")
    with django_capture_on_commit_callbacks(execute=True):
        photo = VillagePhoto.objects.create(title="新青村的林下鸡舍", file=ImageFile(data, name="coop.jpg"))
    assert VillagePhotoRendition.objects.filter(image=photo).count() == len(PAGE_SIZES)

    _home, index, story, _neighbour = site
    story.photo = photo
    story.save_revision().publish()
    with CaptureQueriesContext(connection) as queries:
        for url in (index.url, story.url):
            assert client.get(url).status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert not writes, writes


def test_photos_saved_before_sizes_were_made_on_save_get_them_from_the_nightly_sweep():
    data = io.BytesIO()
    PILImage.new("RGB", (1200, 800), "green").save(data, "JPEG")
    old = VillagePhoto.objects.create(title="旧照片", file=ImageFile(data, name="old.jpg"))  # no on-commit task ran
    VillagePhotoRendition.objects.filter(image=old).delete()
    old.get_rendition(PAGE_SIZES[0])  # one size made by a page view long ago

    from django.core.management import call_command
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "1 photos" in out.getvalue()
    assert set(VillagePhotoRendition.objects.filter(image=old).values_list("filter_spec", flat=True)) == set(PAGE_SIZES)
    # Nothing left to make: the sweep finds no photo the next night.
    from cms.renditions import make_missing_renditions
    assert make_missing_renditions() == 0
