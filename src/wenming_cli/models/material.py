"""A rubric's deadlines and its 资料提交要求 (material rules): photo, document, report and video rules,
file naming and upload windows, as typed, frozen data. Each group is optional: a rule runs only where
the rubric declares it.
"""

import datetime as dt
import string
from typing import Literal

from pydantic import Field, model_validator

from wenming_cli.models.common import Frozen, Id, MonthDay, Points
from wenming_cli.models.vocab import PhotoFormat, SizeUnit, VideoFormat

Source = Literal["stated", "inferred", "default"]


class Deadline(Frozen):
    """A structured deadline with the printed text beside it.

    kind: `quarterly` (something in every quarter), `by` (one end date), `window` (start..end),
    `monthly`. Dates are month-day inside the assessment year, or `end_date` absolute for multi-year
    periods.
    """

    text: str
    kind: Literal["quarterly", "by", "window", "monthly", "year"]
    start: MonthDay | None = None
    end: MonthDay | None = None
    end_date: dt.date | None = None
    note: str | None = None


class SizeBound(Frozen):
    """A size bound stored as printed ("2M"), with strictness and which byte reading is meant."""

    value: Points
    unit: SizeUnit  # as printed: M (see byte_reading), MB, MiB, KB, KiB, …
    exclusive: bool = True


class SizeWindow(Frozen):
    min: SizeBound | None = None
    max: SizeBound | None = None
    byte_reading: Literal["decimal", "binary", "ambiguous"] = "ambiguous"
    reason: str | None = None
    quote: str | None = None


class CaptionField(Frozen):
    id: Id
    label: str
    aliases: tuple[str, ...] = ()
    volunteer_only: bool = False


class TitleFormat(Frozen):
    text: str
    prefix: str
    requires_unit_name: bool = True
    source: str | None = None


class PhotoRules(Frozen):
    formats: tuple[PhotoFormat, ...] = ("jpeg",)
    size: SizeWindow | None = None
    min_per_activity: int | None = None
    max_per_activity: int | None = None
    caption_fields: tuple[CaptionField, ...] = ()
    title_format: TitleFormat | None = None
    frontal_photo_required: bool = False
    burned_in_captions: Literal["allowed", "forbidden"] | None = None
    edits_forbidden: bool = False
    editor_names: tuple[str, ...] = ()
    source: str | None = None
    note: str | None = None


class PdfRules(Frozen):
    max_size: SizeWindow | None = None
    red_header_required: bool = False
    seal_page_required: bool = False
    document_number_required: bool = False  # the 文号 on the document (Yiyang 附件2 注2)
    source: str | None = None


class BannedPhrase(Frozen):
    text: str
    source: Source = "stated"


class ReportRules(Frozen):
    banned_phrases: tuple[BannedPhrase, ...] = ()
    min_measures: int | None = None
    # every_report: min_measures holds for every report; measures_reports: only for a report its clause
    # or task asks measures of (an evidence requirement with `measures_report: true`), as Yiyang 附件2
    # 注4 says (需提供举措的说明报告要至少有3条以上).
    measures_scope: Literal["every_report", "measures_reports"] = "every_report"
    headings_required: bool = False
    data_required: bool = False
    max_chars: int | None = None
    coverage: str | None = None
    source: str | None = None


class VideoRules(Frozen):
    formats: tuple[VideoFormat, ...] = ()
    max_size: SizeWindow | None = None
    source: str | None = None


class FileNaming(Frozen):
    """How submitted files are named (Yiyang 附件3 注2), as a template over a few known fields.

    Fields: {unit} (full name), {unit_short}, {title} (the activity's or document's name), {year};
    `numbered` adds {n} when an activity has several photos; `with_document_number` adds the 文号.
    """

    text: str  # as printed
    template: str
    numbered: str = "{name}-{n}"
    with_document_number: str = "{name}（{document_number}）"
    source: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _known_fields(self) -> "FileNaming":
        allowed = {"template": NAMING_FIELDS, "numbered": {"name", "n"}}
        allowed["with_document_number"] = {"name", "document_number"}
        for attr, names in allowed.items():
            used = {f for _, f, _, _ in string.Formatter().parse(getattr(self, attr)) if f is not None}
            if used - names:
                raise ValueError(f"{attr} 中有未知字段 {sorted(used - names)}，可用：{sorted(names)}")
        return self


NAMING_FIELDS = frozenset({"unit", "unit_short", "title", "year"})


class UploadWindow(Frozen):
    """When material is uploaded: the last `days` days before a task's deadline (附件2 注10)."""

    text: str
    days: int = Field(ge=1)
    source: str | None = None

    def dates(self, due: dt.date) -> tuple[dt.date, dt.date]:
        """The first and last day of the upload window of a task due on `due`."""
        return due - dt.timedelta(days=self.days - 1), due


class QuarterlyStatement(Frozen):
    """Each ended quarter needs a statement of this kind, dated in it, for each named task (附件2 注5).

    `tasks` names task ids, `task_lists` whole task lists; both empty names none.
    """

    text: str  # as printed
    kind: str = "report"  # an evidence kind id
    tasks: tuple[str, ...] = ()
    task_lists: tuple[str, ...] = ()
    source: str | None = None
    note: str | None = None  # how the printed words were read


NameRole = Literal["photo", "official_document", "report", "screenshot"]
DateFormat = Literal["YYYYMMDD", "YYYY-MM-DD"]


class NameRule(Frozen):
    """A rule on how submitted files are named (陕西 2017: photo names show the date).

    A file passes when its name starts with a date in one of `date_prefix` (for a photo, the date of
    its activity when `match_activity_date`), or carries a 文号 when `document_number` (either one
    suffices when both are given).
    """

    text: str  # as printed
    applies_to: tuple[NameRole, ...]
    date_prefix: tuple[DateFormat, ...] = ()
    match_activity_date: bool = True
    document_number: bool = False
    source: str | None = None
    note: str | None = None


class MaterialRules(Frozen):
    """资料提交要求. Each group is optional: a rule runs only where the rubric declares it."""

    photo: PhotoRules | None = None
    pdf: PdfRules | None = None
    report: ReportRules | None = None
    video: VideoRules | None = None
    screenshots_accepted: bool | None = None
    media_screenshot_required: bool = False
    default_min_activities: int | None = None
    activities_deadline: Deadline | None = None
    submission_sheet_required: bool = False
    file_naming: FileNaming | None = None
    file_names: tuple[NameRule, ...] = ()  # rules the names must follow (checked: FILE-NAME)
    upload_window: UploadWindow | None = None
    quarterly_statement: QuarterlyStatement | None = None
    notes: tuple[str, ...] = ()
    note: str | None = None
