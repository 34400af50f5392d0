"""Compare two rubrics (two cities, or two editions of one): align by content, report what changed.

The core is pure: it takes Rubric models and returns a RubricDiff; it never prints.
"""

from wenming_cli.diff.align import DEFAULT_THRESHOLD, agreement, align_clauses, standard_pairs
from wenming_cli.diff.alignfile import NO_RULES, Rules, bundled_alignment, load_rules
from wenming_cli.diff.compare import diff_rubrics, text_ops
from wenming_cli.diff.models import RubricDiff

__all__ = [
    "DEFAULT_THRESHOLD",
    "NO_RULES",
    "RubricDiff",
    "Rules",
    "agreement",
    "align_clauses",
    "bundled_alignment",
    "diff_rubrics",
    "load_rules",
    "standard_pairs",
    "text_ops",
]
