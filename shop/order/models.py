from oscar.apps.order.models import *  # noqa: F403 (Oscar fork pattern)
