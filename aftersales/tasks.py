"""After-sales' background work: the buyer is told what was decided on a claim, once the decision
has committed, once per decision."""

from celery import shared_task

from aftersales.models import ClaimDecision
from core.tasks import once
from shop.order.messages import send_order_message


@shared_task
def tell_claim_decided(decision_id: int) -> bool:
    def send():
        decision = ClaimDecision.objects.select_related("claim__order", "refund").get(pk=decision_id)
        send_order_message(decision.claim.order, "CLAIM_DECIDED", decision=decision, claim=decision.claim)

    return once(f"mail:claim:{decision_id}", send)
