"""`photo fit`: every photo under SRC inside a size window, mirrored under OUT or replaced in place.

`planning` walks the sources once and refuses unsafe outputs; `fitting` is the work for one photo, run
in worker processes; `running` wires them; `safety` decides what may be read and where a write lands.
Nothing here prints.
"""

from wenming_cli.photofit.fitting import fit_photo
from wenming_cli.photofit.models import (
    FitPlan,
    FitReport,
    FitSettings,
    PhotoResult,
    PlannedPhoto,
    fit_window,
    parse_bound,
)
from wenming_cli.photofit.planning import plan
from wenming_cli.photofit.running import preview, run
from wenming_cli.photofit.safety import WriteGuard

__all__ = [
    "FitPlan",
    "FitReport",
    "FitSettings",
    "PhotoResult",
    "PlannedPhoto",
    "WriteGuard",
    "fit_photo",
    "fit_window",
    "parse_bound",
    "plan",
    "preview",
    "run",
]
