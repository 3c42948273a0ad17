"""Money: Decimal yuan in CNY, kept to the fen (0.01); Stripe counts in integer fen (¥88.50 → 8850).

Two different things have two different names, so they are never mixed up on an amount:
`round_to_fen` keeps a Decimal (an SQL sum, a product) as money, to the fen; `yuan_to_fen` turns
yuan into the integer number of fen a payment service wants, `fen_to_yuan` back.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import DecimalField, Func

# The output field of every SQL expression of money (sums, products of price and quantity).
MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")
FEN = Decimal("0.01")
FEN_PER_YUAN = 100


class MoneyDivided(Func):
    """`amount / by` in SQL, as money: an income per person. SQLite keeps a whole-yuan amount as an
    integer and would divide it as one (3425 / 2 = 1712, not 1712.50), so there it is made a real first."""

    arg_joiner = " / "
    template = "(%(expressions)s)"
    output_field = MONEY

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, tuple[str | int, ...]]:
        return self.as_sql(compiler, connection, arg_joiner=" * 1.0 / ", **extra_context)


def round_to_fen(value: Decimal | int | float | str | None) -> Decimal:
    """An amount (or an SQL sum of amounts) as money, to the fen, half up (四舍五入); None is ¥0.00.
    SQLite adds decimals up as floats (0.30000000000000004); PostgreSQL's sums pass unchanged."""
    return Decimal(value or 0).quantize(FEN, rounding=ROUND_HALF_UP)


def yuan_to_fen(amount: Decimal | int | str) -> int:
    """Decimal yuan → integer fen, rounded half up to the fen."""
    return int((Decimal(amount) * FEN_PER_YUAN).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def fen_to_yuan(fen: int) -> Decimal:
    """Integer fen → Decimal yuan."""
    return (Decimal(int(fen)) / FEN_PER_YUAN).quantize(FEN)


def yuan(value: Decimal | int | str) -> str:
    """¥12,345.50; the sign before the currency sign, as the county's accounts write a reversal: -¥420.00."""
    amount = Decimal(value)
    return f"{'-' if amount < 0 else ''}¥{abs(amount):,.2f}"
