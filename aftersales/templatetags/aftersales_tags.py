from django import template
from django.conf import settings
from django.db.models import Prefetch

from aftersales.claims import claimable_lines, closed_windows
from aftersales.models import Claim, ClaimDecision
from catalog.templatetags.goods_tags import get_item
from shop.order.lifecycle import can_cancel

register = template.Library()


@register.simple_tag
def after_sales(order):
    """What the buyer can still do with the order: cancel it, claim on lines; and their claims."""
    claims = (Claim.objects.filter(order=order).select_related("line")
              .prefetch_related(Prefetch("decisions", queryset=ClaimDecision.objects.select_related("refund")))
              .order_by("-created_at", "-pk"))
    return {"can_cancel": can_cancel(order), "claimable": {line.pk: line for line in claimable_lines(order)},
            "closed": closed_windows(order), "claim_hours": settings.AFTERSALES_CLAIM_HOURS, "claims": list(claims)}


register.filter("get_item", get_item)
