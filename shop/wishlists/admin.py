from oscar.apps.wishlists.admin import *  # noqa: F403 (Oscar fork pattern)
