"""Text similarity for aligning clauses: TF-IDF weighted character n-grams, cosine, pure Python.

Chinese has no spaces, so words are approximated by character bigrams and trigrams. Weighting each
n-gram by how rare it is across both rubrics keeps boilerplate (开展, 干部职工, 文明创建) from making
every clause look like every other.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

POINTS_IN_TEXT = re.compile(r"[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]")
NGRAM_SIZES = (2, 3)


def normalise(text: str) -> str:
    """NFKC, without "(N分)", whitespace and punctuation: the words that carry meaning."""
    text = POINTS_IN_TEXT.sub("", unicodedata.normalize("NFKC", text))
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZSC")


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def display_text(text: str) -> str:
    """NFKC, one kind of quotes, no whitespace: what a text comparison should see, so that ，and ,
    or “ and " (the seeds mix them) do not show up as changes."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(_QUOTES))


def ngrams(text: str) -> Counter[str]:
    norm = normalise(text)
    grams: Counter[str] = Counter()
    for n in NGRAM_SIZES:
        grams.update(norm[i : i + n] for i in range(len(norm) - n + 1))
    return grams


class Vectoriser:
    """TF-IDF vectors over one corpus (the clauses of both rubrics), so both sides share the weights."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._counts = [ngrams(t) for t in texts]
        df: Counter[str] = Counter()
        for grams in self._counts:
            df.update(grams.keys())
        total = len(texts)
        self._idf = {g: math.log((1 + total) / (1 + n)) + 1.0 for g, n in df.items()}

    def vector(self, index: int) -> dict[str, float]:
        grams = self._counts[index]
        vec = {g: (1.0 + math.log(n)) * self._idf[g] for g, n in grams.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {g: v / norm for g, v in vec.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(g, 0.0) for g, v in a.items())


def similarity_matrix(texts_a: Sequence[str], texts_b: Sequence[str]) -> list[list[float]]:
    """matrix[i][j]: how alike clause i of A and clause j of B are, 0..1."""
    vectoriser = Vectoriser([*texts_a, *texts_b])
    vec_a = [vectoriser.vector(i) for i in range(len(texts_a))]
    vec_b = [vectoriser.vector(len(texts_a) + j) for j in range(len(texts_b))]
    return [[cosine(va, vb) for vb in vec_b] for va in vec_a]
