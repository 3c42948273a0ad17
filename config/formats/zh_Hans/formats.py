# Django's zh_Hans formats write "04月8日"; Chinese writes months without the leading zero.
from django.conf.locale.zh_Hans.formats import *  # noqa: F403

MONTH_DAY_FORMAT = "n月j日"
DATE_FORMAT = "Y年n月j日"
