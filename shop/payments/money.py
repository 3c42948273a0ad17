"""Yuan and fen: Stripe counts CNY in fen (¥88.50 → 8850). The one place that converts."""

from decimal import ROUND_HALF_UP, Decimal

FEN_PER_YUAN = 100


def to_fen(amount):
    """Decimal yuan → integer fen, rounded half up (四舍五入) to the fen."""
    return int((Decimal(amount) * FEN_PER_YUAN).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def from_fen(fen):
    return (Decimal(int(fen)) / FEN_PER_YUAN).quantize(Decimal("0.01"))
