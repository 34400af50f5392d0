"""Check result → scorecard → gap list: scores, bonuses, verdict and gaps, pure functions over models."""

from wenming_cli.models.comparison import COMPARISON_SIGNS
from wenming_cli.scoring.baseline import compare_baseline
from wenming_cli.scoring.card import score
from wenming_cli.scoring.explain import period_label
from wenming_cli.scoring.gaps import build_gaps, filter_gaps

__all__ = [
    "COMPARISON_SIGNS",
    "build_gaps",
    "compare_baseline",
    "filter_gaps",
    "period_label",
    "score",
]
