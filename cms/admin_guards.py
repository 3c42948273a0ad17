"""Guards for two of Wagtail's admin views that answer 500 to odd query strings, where Wagtail
offers no hook (the root page's move has one: cms/wagtail_hooks.py).

A middleware that looks only at these views, by their class, and leaves out of the query what
they would fail on; every other request passes untouched. tests/cms/test_admin_guards.py checks
each failure is still Wagtail's, so a guard goes when the pinned Wagtail mends it.

- The workflow editor passes ?p= to int() unchecked (ValueError on "x", EmptyPage on "-1"): a
  value that is not a page number is left out, and the first page is shown.
- The image and document lists fail (AttributeError) when a search is combined with the
  usage-count filter, which Wagtail cannot apply to search results: searching ignores it.
"""

from wagtail.admin.views.workflows import Edit as WorkflowEdit
from wagtail.documents.views.documents import IndexView as DocumentIndex
from wagtail.images.views.images import IndexView as ImageIndex


def _is_page_number(value: str) -> bool:
    value = value.strip()
    return value.isascii() and value.isdigit() and len(value) <= 9 and int(value) >= 1


def bad_page_numbers(query) -> list[str]:
    return [name for name in ("p",) if name in query and not _is_page_number(query[name])]


def usage_filter_while_searching(query) -> list[str]:
    return [name for name in query if name.startswith("usage_count")] if query.get("q") else []


GUARDED = {WorkflowEdit: bad_page_numbers, ImageIndex: usage_filter_while_searching,
           DocumentIndex: usage_filter_while_searching}


class WagtailAdminGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        leave_out = GUARDED.get(getattr(view_func, "view_class", None))
        names = leave_out(request.GET) if leave_out else []
        if names:
            request.GET = request.GET.copy()
            for name in names:
                del request.GET[name]
        return None
