"""A wish list's formsets, as Oscar's, with the shared e-mail addresses capped at 20: Django builds
as many forms as a post's TOTAL_FORMS claims (up to 2,000, seconds per request); a post claiming
more is shown again with the formset's error."""

from oscar.apps.wishlists import formsets as oscar_formsets

LineFormset = oscar_formsets.LineFormset


class WishListSharedEmailFormset(oscar_formsets.WishListSharedEmailFormset):
    max_num = absolute_max = 20
