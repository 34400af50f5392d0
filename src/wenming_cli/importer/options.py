"""What a clerk can tune when wenming proposes where a dump's files go (`wenming import` options).

Apart from `propose`, so that the command's option defaults (and `wenming import --help`) need none of
the file reading behind it (Pillow, the PDF and Word readers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Calibrated on the generated dumps of benchmarks/import_dump.py, where no wrong guess reached 0.25
# (README: "wenming import"); a clerk can raise it with --threshold.
DEFAULT_THRESHOLD = 0.4
DEFAULT_GAP_HOURS = 3.0


@dataclass
class Options:
    gap: dt.timedelta = dt.timedelta(hours=DEFAULT_GAP_HOURS)
    threshold: float = DEFAULT_THRESHOLD
    department: str | None = None  # as the clerk typed it (--department)
