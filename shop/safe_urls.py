"""Small wrappers around Oscar's and Wagtail's views that answered 500 to hostile input.

Included in shop/urls.py ahead of Oscar's and Wagtail's own URLs, so these paths reach the
wrapped views first; the wrapped packages' URL names still reverse to the same paths.
(Found by tests/security/test_no_server_errors.py.)
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, resolve
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model
from wagtail.admin import urls as wagtailadmin_urls

Product = get_model("catalogue", "Product")


def _wagtail_admin_view(subpath):
    return resolve("/" + subpath, urlconf=wagtailadmin_urls).func


def _is_page_number(value):
    value = value.strip()
    return value.isascii() and value.isdigit() and len(value) <= 9 and int(value) >= 1


def drop_bad_page_numbers(view, names=("p", "page")):
    """Leave out ?p= / ?page= values that are not page numbers (Wagtail passes them to int())."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        bad = [n for n in names if n in request.GET and not _is_page_number(request.GET[n])]
        if bad:
            request.GET = request.GET.copy()
            for name in bad:
                del request.GET[name]
        return view(request, *args, **kwargs)

    return wrapped


def search_without_usage_filter(view):
    """Wagtail's image and document lists fail (AttributeError) when a search is combined with
    the usage-count filter; search then ignores that filter."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.GET.get("q") and any(k.startswith("usage_count") for k in request.GET):
            request.GET = request.GET.copy()
            for key in [k for k in request.GET if k.startswith("usage_count")]:
                del request.GET[key]
        return view(request, *args, **kwargs)

    return wrapped


def refuse_moving_the_root(view):
    """Wagtail's move confirmation fails on the tree's root page (it has no parent)."""

    @wraps(view)
    def wrapped(request, page_to_move_id, *args, **kwargs):
        from wagtail.models import Page

        if Page.objects.filter(pk=page_to_move_id, depth=1).exists():
            raise PermissionDenied
        return view(request, page_to_move_id, *args, **kwargs)

    return wrapped


class SharedEmailFormset(get_class("wishlists.formsets", "WishListSharedEmailFormset")):
    # Django builds as many forms as TOTAL_FORMS claims (up to 2000: seconds per request).
    max_num = absolute_max = 20


class WishListFormsMixin:
    """Oscar saves every changed shared-e-mail form, even one whose DELETE box was ticked and
    so was never validated (a ValueError); here deleted forms are deleted, not saved. And a
    post may not claim more than 20 shared e-mail forms."""

    def post(self, request, *args, **kwargs):
        # Oscar's WishListCreateUpdateViewMixin.post, with the capped formset.
        try:
            self.object = self.get_object()
        except AttributeError:
            self.object = None
        form = self.get_form()
        shared_emails_formset = SharedEmailFormset(request.POST, instance=self.object)
        if form.is_valid() and shared_emails_formset.is_valid():
            return self.form_valid(self.process_wishlist_forms(form, shared_emails_formset))
        return self.render_to_response(self.get_context_data(form=form, shared_emails_formset=shared_emails_formset))

    def process_wishlist_forms(self, wishlist_form, shared_emails_formset):
        deleted = shared_emails_formset.deleted_forms if shared_emails_formset.can_delete else []
        kept = [form for form in shared_emails_formset if form not in deleted]
        wishlist = super().process_wishlist_forms(wishlist_form, kept)
        for form in deleted:
            if form.instance.pk:
                form.instance.delete()
        return wishlist


class WishListCreateView(WishListFormsMixin, get_class("customer.wishlists.views", "WishListCreateView")):
    def dispatch(self, request, *args, **kwargs):
        # Oscar redirects to a URL name that does not exist when the product is gone.
        if "product_pk" in kwargs and not Product.objects.filter(pk=kwargs["product_pk"]).exists():
            messages.error(request, _("The requested product no longer exists"))
            return redirect("customer:wishlists-create")
        return super().dispatch(request, *args, **kwargs)


class WishListUpdateView(WishListFormsMixin, get_class("customer.wishlists.views", "WishListUpdateView")):
    pass


urlpatterns = [
    path("accounts/wishlists/create/", login_required(WishListCreateView.as_view())),
    path("accounts/wishlists/create/with-product/<int:product_pk>/", login_required(WishListCreateView.as_view())),
    path("accounts/wishlists/<str:key>/update/", login_required(WishListUpdateView.as_view())),
    path("cms-admin/workflows/edit/<int:pk>/",
         drop_bad_page_numbers(_wagtail_admin_view("workflows/edit/1/"))),
    path("cms-admin/images/", search_without_usage_filter(_wagtail_admin_view("images/"))),
    path("cms-admin/images/results/", search_without_usage_filter(_wagtail_admin_view("images/results/"))),
    path("cms-admin/documents/", search_without_usage_filter(_wagtail_admin_view("documents/"))),
    path("cms-admin/documents/results/", search_without_usage_filter(_wagtail_admin_view("documents/results/"))),
    path("cms-admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/",
         refuse_moving_the_root(_wagtail_admin_view("pages/2/move/3/confirm/"))),
]
