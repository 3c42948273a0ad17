"""Setting up the Wagtail site: the stories index is the site's root page."""

from wagtail.models import Page, Site

from cms.models import StoriesIndexPage


def install_stories_index(*, title, slug="stories", intro="", site_name=""):
    """Create the stories index under Wagtail's root and make it the default site's root.

    Wagtail's own placeholder welcome page is removed. Returns the existing index if there is one.
    """
    existing = StoriesIndexPage.objects.first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    index = root.add_child(instance=StoriesIndexPage(title=title, slug=slug, intro=intro))
    site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80,
                                                                      is_default_site=True)
    site.root_page = index
    site.site_name = site_name or site.site_name
    site.save()
    for page in root.get_children().exclude(pk=index.pk):
        page.delete()
    return index
