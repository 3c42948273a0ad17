"""Oscar's review views (loaded with get_class("catalogue.reviews.views", ...)).

Writing a review is throttled: `MAX_PER_HOUR` reviews an hour per buyer and per client, every
try counted before it is answered (core.throttle). Who may review at all is the product's rule
(catalog.models.Product.is_review_permitted); reviews wait for staff (OSCAR_MODERATE_REVIEWS).
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from oscar.apps.catalogue.reviews import views as oscar_views
from oscar.apps.catalogue.reviews.views import *  # noqa: F403 (Oscar fork pattern)

from core import throttle
from core.http import client_bucket

MAX_PER_HOUR = 5
HOUR = 3600


class CreateProductReview(oscar_views.CreateProductReview):
    def post(self, request, *args, **kwargs):
        counts = [throttle.count_try(f"review:user:{request.user.pk}", window=HOUR),
                  throttle.count_try(f"review:client:{client_bucket(request)}", window=HOUR)]
        if max(counts) > MAX_PER_HOUR:
            messages.error(request, _("You have written many reviews in the last hour: try again later."))
            return redirect(self.product.get_absolute_url())
        return super().post(request, *args, **kwargs)

    def get_success_url(self):
        messages.success(self.request, _("Thank you: your review shows once the shop has read it."))
        return self.product.get_absolute_url()
