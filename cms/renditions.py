from django.db.models import Count, Q

from cms.models import VillagePhoto

"""The sizes the site's pages show a village photo at (templates/cms/), made when the photo is saved
and not by the first visitor who opens the page: Wagtail makes a missing rendition during the
request, a database write and an image resize on a GET."""

# Every {% image %} / {% srcset_image %} spec of templates/cms/ (tests/cms/test_renditions.py keeps
# this list and the templates in step).
PAGE_SIZES = ("fill-600x400", "fill-400x225", "fill-800x450", "width-400", "width-800", "width-1200")


def make_renditions(image_id: int) -> int:
    image = VillagePhoto.objects.filter(pk=image_id).first()
    if image is None:  # deleted meanwhile
        return 0
    return len(image.get_renditions(*PAGE_SIZES))


def make_missing_renditions() -> int:
    """The photos short of a size (saved before sizes were made on save, a failed task, a size added to
    PAGE_SIZES): their sizes made, in one query to find them."""

    short = (VillagePhoto.objects
             .annotate(made=Count("renditions__filter_spec", filter=Q(renditions__filter_spec__in=PAGE_SIZES),
                                  distinct=True))
             .filter(made__lt=len(PAGE_SIZES)).values_list("pk", flat=True))
    ids = list(short)
    for image_id in ids:
        make_renditions(image_id)
    return len(ids)
