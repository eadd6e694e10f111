"""A claim reading as plain JSON values and back, exactly: what the cache stores so a re-run reads no claim again.

:func:`claim_row` writes a :class:`~contradict.types.Claim` (its quantities and speakers too) as
nested lists in field order; an infinite bound, which JSON cannot hold, as ``{"float": "inf"}``.
:func:`claim_from_row` rebuilds it and checks every field against its declared type (``int`` is
not ``float``, ``bool`` is not ``int``), so a row from other code or a damaged file raises
``ValueError`` instead of becoming a different reading. The JSON report writes claims in its own,
readable shape (:func:`contradict.compare.claim_to_dict`); this one is for exact storage only.

Example:
    >>> from contradict.claims import read_claim
    >>> claim = read_claim("More than 100,000 troops massed.")
    >>> claim_from_row(orjson.loads(orjson.dumps(claim_row(claim)))) == claim
    True
"""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass
from typing import Any

from ..types import Claim, Quantity, Speaker

#: The dataclasses a claim holds, by the name its annotations use.
_CLASSES = {"Quantity": Quantity, "Speaker": Speaker}
#: The non-finite floats a row may spell out.
_SPELLED = {"inf": math.inf, "-inf": -math.inf}


def claim_row(claim: Claim) -> list[Any]:
    """``claim`` as nested lists of JSON values, in field order.

    Example:
        >>> claim_row(read_claim("Troops left."))[:2]
        ['Troops left.', []]
    """
    return _row(claim)


def _row(value: Any) -> Any:
    if is_dataclass(value):
        return [_row(getattr(value, field.name)) for field in fields(value)]
    if isinstance(value, tuple):
        return [_row(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        if math.isnan(value):
            raise ValueError("a claim reading holds NaN")
        return {"float": "inf" if value > 0 else "-inf"}
    return value


def claim_from_row(row: Any) -> Claim:
    """The :class:`Claim` :func:`claim_row` wrote; ``ValueError`` when ``row`` is not one.

    Example:
        >>> claim_from_row(["Troops left.", [], None, "fact", None, False, False, []]).modality
        'fact'
    """
    return _instance(Claim, row)


def _instance(cls, row: Any):
    declared = fields(cls)
    if not isinstance(row, list) or len(row) != len(declared):
        raise ValueError(f"not a {cls.__name__} row")
    return cls(*(_value(field.type, value) for field, value in zip(declared, row)))


def _value(declared: str, value: Any) -> Any:
    if declared.startswith("tuple[") and declared.endswith(", ...]"):
        item = _CLASSES[declared[len("tuple["):-len(", ...]")]]
        if not isinstance(value, list):
            raise ValueError(f"not a list of {item.__name__}")
        return tuple(_instance(item, part) for part in value)
    if declared.endswith(" | None"):
        return None if value is None else _value(declared[:-len(" | None")], value)
    if declared == "float":
        if isinstance(value, dict) and set(value) == {"float"} and value["float"] in _SPELLED:
            return _SPELLED[value["float"]]
        if type(value) in (int, float):
            return value
    elif declared in ("int", "bool", "str") and type(value).__name__ == declared:
        return value
    raise ValueError(f"{value!r} is not a {declared}")
