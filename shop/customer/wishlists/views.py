"""Oscar's wish-list pages, forked where they failed on a buyer's input (Oscar's customer app
loads these classes by name: get_class("customer.wishlists.views", ...)).

- Oscar saves every changed shared-e-mail form, even one whose DELETE box was ticked and so was
  never validated (a ValueError): deleted forms are deleted, not saved.
- Oscar redirects to a URL name that does not exist when the product to add is gone.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from oscar.apps.customer.wishlists import views as oscar_views
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


class DeletedSharesMixin:
    def process_wishlist_forms(self, wishlist_form, shared_emails_formset):
        deleted = shared_emails_formset.deleted_forms if shared_emails_formset.can_delete else []
        kept = [form for form in shared_emails_formset if form not in deleted]
        wishlist = super().process_wishlist_forms(wishlist_form, kept)
        for form in deleted:
            if form.instance.pk:
                form.instance.delete()
        return wishlist


class WishListCreateView(DeletedSharesMixin, oscar_views.WishListCreateView):
    def dispatch(self, request, *args, **kwargs):
        if "product_pk" in kwargs and not Product.objects.filter(pk=kwargs["product_pk"]).exists():
            messages.error(request, _("The requested product no longer exists"))
            return redirect("customer:wishlists-create")
        return super().dispatch(request, *args, **kwargs)


class WishListUpdateView(DeletedSharesMixin, oscar_views.WishListUpdateView):
    pass
