"""Finding the story that belongs to a village, for the shop's product pages."""

from catalog.browsing import village_producers, village_products
from cms.models import ProducerProfilePage, VillageStoryPage
from cms.translation import default_locale_pages, routed
from logistics.routes import lines_serving


def story_for_village(village):
    if village is None:
        return None
    return (default_locale_pages(VillageStoryPage.objects.live()).filter(village=village)
            .order_by("-first_published_at").first())


def village_facts(page: VillageStoryPage) -> dict:
    """What a village story shows beside its text: the village's goods on sale, its supplying
    households (as 于某), the station its parcels leave from and the bus lines serving it, and the
    published profiles of its producers."""
    station, lines = lines_serving(page.village)
    return {"products": village_products(page.village), "producers": village_producers(page.village),
            "station": station, "lines": lines,
            "profiles": ProducerProfilePage.objects.child_of(routed(page)).live()}
