"""HTML that Oscar or Django renders unescaped and that staff edit in Oscar's dashboard (offers,
ranges, shipping methods, flat pages) is cleaned before it is stored, with core.html.sanitise_html
(the catalogue's own models clean their descriptions in save(), catalog/models.py)."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from core.html import sanitise_html

# "app_label.ModelName" → the fields shown unescaped.
STAFF_EDITED_HTML = {
    "offer.ConditionalOffer": ("description",),
    "offer.Range": ("description",),
    "shipping.OrderAndItemCharges": ("description",),
    "shipping.WeightBased": ("description",),
    "flatpages.FlatPage": ("content",),
}


def sanitise_before_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for field in STAFF_EDITED_HTML[sender._meta.label]:
        setattr(instance, field, sanitise_html(getattr(instance, field)))


for _label in STAFF_EDITED_HTML:
    receiver(pre_save, sender=_label, dispatch_uid=f"sanitise-html-{_label}")(sanitise_before_save)
