from oscar.apps.address.models import *  # noqa: F403 (Oscar fork pattern: the forms are what is forked)
