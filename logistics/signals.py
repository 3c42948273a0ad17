"""What logistics announces. Higher apps (the shop) listen; logistics imports none of them.

Each signal is sent inside the transaction that moved the consignment, so whatever a receiver
writes (order status, income, cash collected) commits or rolls back with the move.
"""

from django.dispatch import Signal

# sender=Consignment, consignment=..., at=datetime
consignment_loaded = Signal()
consignment_delivered = Signal()
consignment_withdrawn = Signal()
