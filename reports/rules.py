"""Pure rules of the printed output (no django.db)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

BASE_STARS = 3  # seed 001 三、1 三: 社区(居)干部报酬以三星级为基准,上下适当浮动


@dataclass(frozen=True)
class PayFloat:
    stars: int | None
    percent: Decimal | None  # None: not rated this year, no float can be given
    index: Decimal | None  # 100 = the pay of a three-star community
    amount: Decimal | None  # None when the rule set gives no base amount


def cadre_pay_float(stars: int | None, per_star: Decimal, base: Decimal = Decimal("0")) -> PayFloat:
    """Community cadre pay pegged to three stars, floating ``per_star`` percent per star above or below."""
    if stars is None:
        return PayFloat(None, None, None, None)
    percent = per_star * (stars - BASE_STARS)
    index = Decimal(100) + percent
    amount = (base * index / 100).quantize(Decimal("0.01")) if base else None
    return PayFloat(stars, percent, index, amount)


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A share in percent, None ("not applicable") when there is nothing to count (docs/rules.md §9)."""
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"))
