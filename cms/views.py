from django.shortcuts import redirect
from wagtail.models import Site
from wagtail.views import serve

from cms.models import HomePage


def home(request):
    """The shop's front page is the Wagtail home page; without one, the catalogue."""
    site = Site.find_for_request(request)
    # specific_class comes from the content type cache: no query for the page's own table.
    if site and site.root_page.live and issubclass(site.root_page.specific_class or object, HomePage):
        return serve(request, "")
    return redirect("catalogue:index")
