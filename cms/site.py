"""Setting up the Wagtail site: the home page is the site's root, the stories index below it."""

from wagtail.models import Page, Site

from cms.models import HomePage, StoriesIndexPage
from cms.translation import default_locale_pages


def install_site(*, home_title, stories_title, stories_intro="", site_name=""):
    """Create (once) the home page as the default site's root and the stories index under it.

    Wagtail's own placeholder welcome page is removed. Returns (home, stories index).
    """
    home = default_locale_pages(HomePage.objects.all()).first()
    if home is None:
        root = Page.get_first_root_node()
        old = Site.objects.filter(is_default_site=True).first()
        hostname, port = (old.hostname, old.port) if old else ("localhost", 80)
        for page in root.get_children():  # Wagtail's placeholder (its site goes with it)
            page.delete()
        home = root.add_child(instance=HomePage(title=home_title, slug="home"))
        Site.objects.update_or_create(hostname=hostname, port=port, defaults={
            "root_page": home, "is_default_site": True, "site_name": site_name})
    index = default_locale_pages(StoriesIndexPage.objects.all()).first()
    if index is None:
        index = home.add_child(instance=StoriesIndexPage(title=stories_title, slug="stories", intro=stories_intro))
    return home, index
