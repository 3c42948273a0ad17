"""HTML that Oscar or Django renders unescaped and that staff edit in Oscar's dashboard is
cleaned before it is stored, with catalog.html.sanitise_html (the catalogue's own models clean
their descriptions in save(), catalog/models.py)."""

from catalog.html import sanitise_html

# (app label, model name) → fields.
STAFF_EDITED_HTML = {
    ("offer", "ConditionalOffer"): ("description",),
    ("offer", "Range"): ("description",),
    ("shipping", "OrderAndItemCharges"): ("description",),
    ("shipping", "WeightBased"): ("description",),
    ("flatpages", "FlatPage"): ("content",),
}


def _sanitise_before_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for field in STAFF_EDITED_HTML.get((sender._meta.app_label, sender._meta.object_name), ()):
        setattr(instance, field, sanitise_html(getattr(instance, field)))


def connect_sanitisers():
    from django.apps import apps
    from django.db.models.signals import pre_save

    for (app_label, model_name) in STAFF_EDITED_HTML:
        model = apps.get_model(app_label, model_name)
        pre_save.connect(_sanitise_before_save, sender=model, dispatch_uid=f"sanitise-html-{app_label}.{model_name}")
