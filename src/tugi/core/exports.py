"""Helpers shared by the spreadsheet exports (CSV and XLSX) of every app."""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is a formula to a spreadsheet (CSV injection): names, aliases and
# notes are anyone's text, so such a cell is written with a leading apostrophe and stays text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: Any) -> Any:
    """The value for a spreadsheet cell: text that a spreadsheet would run as a formula gets a leading
    apostrophe; anything else is returned as it is."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value
