"""Template helpers of psychological help."""

from __future__ import annotations

from decimal import Decimal

from django import template

from tugi.psychhelp.texts import eur as _eur

register = template.Library()


@register.filter
def eur(amount: Decimal | int | None) -> str:
    """A sum of money in the page's language: ``{{ decision.amount|eur }}`` → "820,00 €"."""
    return _eur(amount)
