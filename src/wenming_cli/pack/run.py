"""One pack, start to end: check, choose, and (when nothing blocks) write the bundle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from wenming_cli import __version__, photofit
from wenming_cli.checks.archive_input import open_evidence
from wenming_cli.checks.engine import CheckRun, Progress, check_folder
from wenming_cli.duties import context
from wenming_cli.outpath import check_output
from wenming_cli.pack.bundle import SheetWriter, load_previous, write_bundle
from wenming_cli.pack.models import Manifest, PackPlan, PackSelection
from wenming_cli.pack.select import plan_pack


@dataclass(frozen=True)
class PackOutcome:
    plan: PackPlan
    manifest: Manifest | None  # None: nothing written (errors block, or nothing to pack)
    failures: tuple[str, ...] = ()  # photos --fit could not bring into the window

    @property
    def blocked(self) -> bool:
        return self.manifest is None and bool(self.plan.blocking)


def pack(
    evidence: Path,
    out: Path,
    *,
    selection: PackSelection,
    sheets: SheetWriter,
    as_of: dt.date,
    rubric_ref: str | None = None,
    since_last: Path | None = None,
    allow_errors: bool = False,
    fit: bool = False,
    enlarge: bool = False,
    zip_encoding: str | None = None,
    force: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
) -> PackOutcome:
    """Check the folder, choose what is due, stop on errors (unless allowed), else write OUT atomically."""
    check_output(evidence, out, force)
    previous = load_previous(since_last) if since_last is not None else None
    # A zipped evidence folder is extracted for the duration of the pack, like `check` does.
    with open_evidence(evidence) as source:
        run = check_folder(
            source.folder, rubric_ref=rubric_ref, as_of=as_of, progress=progress, workers=workers
        )
        run = replace(run, result=source.annotate(run.result))
        settings = _fit_settings(run, enlarge) if fit else {}
        plan = plan_pack(
            run, selection, previous=previous, fit_windows={k: v.window for k, v in settings.items()}
        )
        if (plan.blocking and not allow_errors) or not plan.items:
            return PackOutcome(plan=plan, manifest=None)
        kinds = {f.path: f.content_type for f in run.scan.inventory.files}
        manifest, failures = write_bundle(
            plan,
            source.folder,
            out,
            version=__version__,
            sheets=sheets,
            fit=settings,
            kinds=kinds,
            zip_encoding=zip_encoding,
            allow_errors=allow_errors,
            force=force,
        )
    return PackOutcome(plan=plan, manifest=manifest, failures=tuple(failures))


def _fit_settings(run: CheckRun, enlarge: bool) -> dict[str, photofit.FitSettings]:
    """Each standard's and task's photo window (a task list may declare its own rule); a rubric whose
    default declares no photo size makes --fit a usage error, as for `photo fit`."""
    photofit.fit_window(run.rubric.material_rules.photo)  # raises: 该测评细则未规定照片大小
    ctx = context(run)
    subjects = [str(s.number) for s in run.rubric.standards] + [
        t.id for tl in run.rubric.task_lists for t in tl.tasks
    ]
    out = {}
    for subject in subjects:
        rules = ctx.rules_for(subject).photo
        if rules is not None and rules.size is not None:
            out[subject] = photofit.FitSettings(window=photofit.fit_window(rules), enlarge=enlarge)
    return out
