"""Calendar events as an iCalendar file (RFC 5545) that phones, Outlook and WPS import."""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event

from wenming_cli import __version__
from wenming_cli.deadline_calendar import CalendarEvent


def to_ics(events: list[CalendarEvent], *, name: str, stamp: dt.date, remind_days: int) -> bytes:
    """All-day events (DTEND exclusive, as RFC 5545 wants), each with a display alarm `remind_days` before."""
    cal = Calendar()
    cal.add("prodid", f"-//wenming {__version__}//wenming calendar//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamped = dt.datetime(stamp.year, stamp.month, stamp.day, tzinfo=dt.timezone.utc)
    for e in events:
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamped)
        ev.add("summary", e.summary)
        ev.add("description", e.description)
        ev.add("dtstart", e.start)
        ev.add("dtend", e.end + dt.timedelta(days=1))
        ev.add("transp", "TRANSPARENT")
        categories = ["上传材料" if e.kind == "upload" else "截止日期", *e.departments]
        ev.add("categories", categories)
        if e.complete:
            ev.add("x-wenming-complete", "TRUE")
        if not e.complete and not e.overdue:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{remind_days}天后：{e.summary}")
            alarm.add("trigger", dt.timedelta(days=-remind_days))
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical()
