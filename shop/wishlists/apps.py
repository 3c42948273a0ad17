import oscar.apps.wishlists.apps as apps


class WishlistsConfig(apps.WishlistsConfig):
    # Forked for its formsets (shop/wishlists/formsets.py): a wish list's shared addresses are capped.
    # The models are Oscar's, and so are their migrations (settings: MIGRATION_MODULES).
    name = "shop.wishlists"
