from django.shortcuts import redirect
from wagtail.models import Site
from wagtail.views import serve

from cms.models import HomePage


def home(request):
    """The shop's front page is the Wagtail home page; without one, the catalogue."""
    site = Site.find_for_request(request)
    if site and isinstance(site.root_page.specific, HomePage) and site.root_page.live:
        return serve(request, "")
    return redirect("catalogue:index")
