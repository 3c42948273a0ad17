from oscar.apps.customer.models import *  # noqa: F403 (Oscar fork pattern: the views are what is forked)
