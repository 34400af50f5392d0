"""The evidence-folder convention: how folder names map to standards, tasks and roles.

A standard or task folder is matched by its leading id only; the words after it are free.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable

UNIT_PLAN_NAME = "unit.yaml"
REQUIREMENTS_NAME = "00-收集要求.txt"
BONUS_FOLDER = "加分"

# Sub-folders of a standard folder that are not activities, and the role of what lies in them.
ROLE_FOLDERS = {"正式发文": "official_document", "说明报告": "report", "媒体报道": "screenshot"}

_CATEGORY = re.compile(r"^\(([一二三四五六七八九十]{1,3})\)")
_TASK = re.compile(r"^(?:a|附件)(\d)\s*-\s*(\d+(?:\.\d+)?)(?![\d.])", re.IGNORECASE)
_STANDARD = re.compile(r"^(?:第\s*)?\(?\s*(\d{1,3})\s*\)?(?:\s*条)?(?![\d.\-/年月日号])")
_LEADING_DATE = re.compile(r"^(\d{4})[-._年/]?(\d{1,2})[-._月/]?(\d{1,2})日?(?!\d)")


def normalize(name: str) -> str:
    """Full-width digits and brackets to ASCII, so （２２） reads as (22)."""
    return unicodedata.normalize("NFKC", name).strip()


def category_folder(name: str) -> bool:
    """`（七）文明风尚行动`: an optional category level above the standards."""
    return bool(_CATEGORY.match(normalize(name)))


_BRACKETED = re.compile(r"^[(\[]\s*([^()\[\]]+?)\s*[)\]]")
_ID_TAIL = re.compile(r"[0-9a-z.\-_]")


@functools.lru_cache(maxsize=4096)
def id_key(text: str) -> str:
    """An id as folders and captions may write it: （２２）, 第22条, 022, 附件3-3.4, II-3 (for Ⅱ-3)."""
    key = normalize(text).lower()
    key = re.sub(r"^第\s*", "", key)
    key = re.sub(r"^附件\s*", "a", key)
    bracketed = _BRACKETED.match(key)
    if bracketed:
        key = bracketed.group(1) + key[bracketed.end() :]
    key = re.sub(r"\s*([-.])\s*", r"\1", key)
    return re.sub(r"^0+(?=\d)", "", key)


def match_id(text: str, ids: Iterable[str]) -> str | None:
    """The id among `ids` that `text` names exactly, up to the spellings `id_key` allows."""
    wanted = id_key(text).removesuffix("条").strip()
    return next((i for i in ids if id_key(i) == wanted), None)


def subject_of(name: str, ids: Iterable[str] = ()) -> str | None:
    """The standard or task id a folder name starts with, else None.

    With the rubric's `ids`, the longest id the name starts with (as printed: `1.1`, `Ⅱ-3`, `(12)`)
    wins; without one, a number or an `a3-3.4` task id is read so that unknown folders can be named.
    """
    key = id_key(name)
    for known in sorted(ids, key=lambda i: -len(id_key(i))):
        head = id_key(known)
        if head and key.startswith(head) and not _ID_TAIL.match(key[len(head) : len(head) + 1]):
            return known
    text = normalize(name)
    task = _TASK.match(text)
    if task:
        return f"a{task.group(1)}-{task.group(2)}"
    standard = _STANDARD.match(text)
    if standard:
        return str(int(standard.group(1)))
    return None


def leading_date(name: str) -> dt.date | None:
    """The date a file or folder name starts with: 2021-05-12, 20210512, 2021.5.12, 2021年5月12日."""
    match = _LEADING_DATE.match(normalize(name))
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def without_leading_date(name: str) -> str:
    """The words after a name's leading date: `2021-03-05 学雷锋进社区` → `学雷锋进社区`."""
    if leading_date(name) is None:
        return name.strip()
    # Match the name as written first, so that its full-width brackets stay as the clerk typed them.
    for text in (name.strip(), normalize(name)):
        match = _LEADING_DATE.match(text)
        if match:
            return text[match.end() :].strip(" -_.")
    return name.strip()


_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def safe_folder_name(text: str) -> str:
    """A folder name Windows accepts: no reserved characters, no trailing dot or space."""
    return _UNSAFE.sub("", text).strip().rstrip(".")


# A title in a folder name wenming writes stays readable in a file manager's column and far from
# Windows' 260-character path limit.
TITLE_LIMIT = 30
_BREAKS = (" ", "、", "，", ",", "；", ";", "：", ":", "（", "(", "）", ")")


def short_title(text: str, limit: int = TITLE_LIMIT) -> str:
    """A title cut at a word boundary: the part before " / " (two printed titles), then the last
    punctuation or space within `limit`; a cut inside a phrase is marked with "…"."""
    first = re.split(r"\s*/\s*", " ".join(text.split()))[0]
    if len(first) <= limit:
        return first
    cut = max(first.rfind(mark, 0, limit + 1) for mark in _BREAKS)
    if cut >= limit // 3:
        return first[:cut].rstrip(" 、，,；;：:（(")
    return first[: limit - 1] + "…"


def number_width(numbers: Iterable[str]) -> int:
    """Digits to pad numeric standard ids to (44 standards → 2), so a file manager sorts 01 … 44."""
    return max((len(n) for n in numbers if n.isdigit()), default=0)


def standard_folder_name(number: str, short_title_text: str, width: int = 0) -> str:
    """`01 理论武装`: the id zero-padded to `width` (read back as 1) and wenming's short title."""
    shown = number.zfill(width) if number.isdigit() else number
    return safe_folder_name(f"{shown} {short_title(short_title_text)}")


def task_folder_name(task_id: str, title: str) -> str:
    return safe_folder_name(f"{task_id} {short_title(title)}")
