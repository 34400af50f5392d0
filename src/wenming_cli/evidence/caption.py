"""Activity captions (活动说明.txt): one `键：值` per line, a line without a key continues the value."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from wenming_cli.models.rubric import CaptionField

CAPTION_NAMES = ("活动说明.txt", "活动说明.txt.txt")
# What `wenming import` writes for a field it cannot know; a field holding only this counts as missing.
PLACEHOLDER = "待填写"

_KEY_LINE = re.compile(r"^\s*([^:：\s][^:：]{0,15}?)\s*[:：]\s*(.*)$")
_DATE = re.compile(r"(\d{4})\s*(?:[-./年])\s*(\d{1,2})\s*(?:[-./月])\s*(\d{1,2})")

# Keys the tool itself understands besides the rubric's caption labels.
CONTROL_KEYS = {
    "条款": "clauses",
    "clauses": "clauses",
    "同时用于": "also",
    "also": "also",
    "类型": "type",
    "type": "type",
    "媒体报道": "media",
    "media": "media",
    "标题": "title",
    "title": "title",
    "活动名称": "title",
}

# Each control name with the keys that spell it, in CONTROL_KEYS order (the first written one wins).
_CONTROL_SPELLINGS: dict[str, tuple[str, ...]] = {
    name: tuple(k for k, v in CONTROL_KEYS.items() if v == name) for name in dict.fromkeys(CONTROL_KEYS.values())
}


@dataclass
class Caption:
    """Parsed caption: raw key → value as written, and the lines the parser could not place."""

    values: dict[str, str] = field(default_factory=dict)
    stray_lines: list[int] = field(default_factory=list)

    def get(self, *keys: str) -> str | None:
        for key in keys:
            value = self.values.get(key)
            if value is not None:
                return value
        return None

    def field_value(self, spec: CaptionField) -> str | None:
        """The value for a rubric caption field, by its label, aliases or English id."""
        return self.get(spec.label, *spec.aliases, spec.id)

    def control(self, name: str) -> str | None:
        return self.get(*_CONTROL_SPELLINGS.get(name, ()))


def parse_caption(text: str) -> Caption:
    caption = Caption()
    last_key: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _KEY_LINE.match(line)
        if match:
            key = unicodedata.normalize("NFKC", match.group(1)).strip()
            caption.values[key] = match.group(2).strip()
            last_key = key
        elif last_key is not None:
            caption.values[last_key] = (caption.values[last_key] + "\n" + line).strip()
        else:
            caption.stray_lines.append(number)
    return caption


def parse_date(text: str | None) -> dt.date | None:
    """The first date in a text: 2021-05-12, 2021.5.12, 2021/5/12, 2021年5月12日 (a range counts its first day)."""
    if not text:
        return None
    match = _DATE.search(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def split_ids(text: str | None) -> list[str]:
    """`23, a3-3.4`, `23、a3-3.4` → ["23", "a3-3.4"]."""
    if not text:
        return []
    normalized = unicodedata.normalize("NFKC", text)
    return [part.strip() for part in re.split(r"[,，、;；\s]+", normalized) if part.strip()]
