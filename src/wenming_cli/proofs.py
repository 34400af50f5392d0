"""Which file in 加分/ proves an honour or promotion claimed in the unit plan (the one matching rule).

A claim counts only with its proof: the file its entry names (`evidence:`), or else a file whose name
carries the claim's title and its document date (2021-03-16, 20210316, 2021.3.16, 2021年3月16日 …).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence

from wenming_cli.evidence.layout import BONUS_FOLDER
from wenming_cli.models.unit import Honour, Promotion

_BRACKETED = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_NOISE = re.compile(r"[\s\-_.·•、，,。:：“”\"'《》<>]+")


def _plain(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).lower()


def title_core(name: str) -> str:
    """The title without bracketed remarks (“（示例）”), spaces and punctuation, for matching file names."""
    return _plain(_BRACKETED.sub("", unicodedata.normalize("NFKC", name))) or _plain(name)


def date_spellings(day: dt.date) -> tuple[str, ...]:
    y, m, d = day.year, day.month, day.day
    return (
        f"{y}{m:02d}{d:02d}",  # also what 2021-03-16 / 2021.03.16 / 2021_03_16 become once plain
        f"{y}{m}{d}",  # 2021.3.16
        f"{y}年{m}月{d}日",
        f"{y}年{m:02d}月{d:02d}日",
    )


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def proof_fix(name: str, document_date: dt.date) -> str:
    """What to do about a missing proof: where to put it and how to name it."""
    return (
        f"把发文或证书的扫描件放进“{BONUS_FOLDER}”文件夹，文件名写“发文日期 名称”，"
        f"如“{document_date.isoformat()} {title_core(name)}.pdf”。"
    )


def claim_field(kind: str, content_key: str | None, name: str) -> str:
    """What tells one claim's BONUS-PROOF-MISSING finding from another's: its kind and content (or name)."""
    return f"{kind}:{content_key or name}"


def find_proof(item: Honour | Promotion, files: Sequence[str]) -> str | None:
    """The proof of a claim among the files in 加分/, or None."""
    if item.evidence:
        wanted = unicodedata.normalize("NFKC", item.evidence).replace("\\", "/").strip("/")
        for f in files:
            norm = unicodedata.normalize("NFKC", f)
            if norm in (wanted, f"{BONUS_FOLDER}/{wanted}") or norm.rsplit("/", 1)[-1] == wanted:
                return f
        return None
    core = title_core(item.name)
    dates = tuple(_plain(s) for s in date_spellings(item.document_date))
    for f in files:
        stem = _plain(_stem(f))
        if core and core in stem and any(d in stem for d in dates):
            return f
    return None


def missing_proof_text(item: Honour | Promotion) -> str:
    """Which proof is missing, in the clerk's words."""
    if item.evidence:
        return f"{BONUS_FOLDER}/ 中找不到 unit.yaml 为“{item.name}”写明的证明文件“{item.evidence}”"
    return (
        f"{BONUS_FOLDER}/ 中没有“{item.name}”的证明：文件名应含名称“{title_core(item.name)}”"
        f"和发文日期（如 {item.document_date.isoformat()}），或在 unit.yaml 该项的 evidence 中写明文件名"
    )
