"""Shared field types: ids are strings and points are Decimals, both from the YAML source text."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, model_validator


def _to_id(value: Any) -> Any:
    # The YAML loader hands unquoted numbers over as int or Decimal built from their source text,
    # so "22.10" stays "22.10" here.
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)):
        return str(value)
    return value


def _to_decimal(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("points must be a number")
    if isinstance(value, float):
        # Floats never reach here from our loader; refuse them so a Python caller cannot slip one in.
        return Decimal(repr(value))
    if isinstance(value, (int, str)):
        try:
            return Decimal(str(value).strip())
        except InvalidOperation:  # not a ValueError: pydantic would let it escape as a crash
            raise ValueError(f"“{value}”不是数字") from None
    return value


def _decimal_str(value: Decimal) -> str:
    return format_points(value)


def format_points(value: Decimal) -> str:
    """Print points without trailing zeros: 2, 0.5, 0.2."""
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


Id = Annotated[str, BeforeValidator(_to_id)]
Points = Annotated[Decimal, BeforeValidator(_to_decimal), PlainSerializer(_decimal_str, return_type=str)]

_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")


def _to_month_day(value: Any) -> Any:
    if isinstance(value, dt.date):
        return f"{value.month:02d}-{value.day:02d}"
    if isinstance(value, str):
        m = _MONTH_DAY.match(value.strip())
        if not m:
            raise ValueError("应为 月-日，如 10-31")
        month, day = int(m.group(1)), int(m.group(2))
        dt.date(2000, month, day)  # raises on 02-30
        return f"{month:02d}-{day:02d}"
    return value


MonthDay = Annotated[str, BeforeValidator(_to_month_day)]


class Frozen(BaseModel):
    """Base for every model: unknown keys are errors, instances are immutable."""

    # defer_build: a model's validator is built on first use, not at import (see models/__init__.py).
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _derived_fields(cls, data: Any) -> Any:
        """Computed fields (a finding's `key`, a report's `summary`) are written to JSON and recomputed
        when it is read back, so every command's JSON validates into its model."""
        computed = cls.__pydantic_computed_fields__  # the class's own dict: no descriptor per validation
        if computed and isinstance(data, dict) and any(k in data for k in computed):
            data = {k: v for k, v in data.items() if k not in computed}
        return data


class Labelled(Frozen):
    """A vocabulary entry a city declares: a short id and the Chinese label users read."""

    id: Id
    label: str
    note: str | None = None
