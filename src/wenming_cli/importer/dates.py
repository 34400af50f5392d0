"""When a photo was taken: EXIF first, then the names phones and chat apps give their files.

Every time here is wall-clock time in China (UTC+8), as EXIF and phone file names record it. The one
name that carries an absolute instant, `mmexport<milliseconds since 1970>` (WeChat's export), is
converted from UTC to UTC+8: a photo saved at 09:30 in Yiyang is named with 01:30 UTC.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

CHINA = dt.timezone(dt.timedelta(hours=8))

# Phone and chat-app names: 微信图片_20210512093011, IMG_20210512_093011, VID_…, PXL_20210512_093011123,
# Screenshot_2021-05-12-09-30-11, 屏幕截图 2021-05-12 093011, wx_camera_1620783011000, mmexport1620783011000.
_STAMP = re.compile(
    r"(?<!\d)(20\d{2})[-_.]?([01]\d)[-_.]?([0-3]\d)[-_ .T]?([0-2]\d)[-_.:]?([0-5]\d)[-_.:]?([0-5]\d)(?!\d{4,})"
)
_EPOCH_MS = re.compile(r"(?:mmexport|wx_camera_|^)(1[3-9]\d{11})(?!\d)")
_DAY = re.compile(r"(?<!\d)(20\d{2})[-_.年]?([01]?\d)[-_.月]?([0-3]?\d)日?(?!\d)")
_MONTH_DAY = re.compile(r"(?<!\d)([01]?\d)月([0-3]?\d)日")


def from_name(name: str) -> tuple[dt.datetime | None, str | None]:
    """(wall-clock time, which pattern) from a file name; (None, None) when it carries no time."""
    text = unicodedata.normalize("NFKC", name)
    epoch = _EPOCH_MS.search(text)
    if epoch:
        instant = dt.datetime.fromtimestamp(int(epoch.group(1)) / 1000, tz=dt.timezone.utc)
        return instant.astimezone(CHINA).replace(tzinfo=None), "文件名中的毫秒时间戳（按北京时间）"
    stamp = _STAMP.search(text)
    if stamp:
        try:
            return dt.datetime(*(int(g) for g in stamp.groups())), "文件名中的拍摄时间"
        except ValueError:
            pass
    return None, None


def day_from_text(text: str, year: int | None) -> dt.date | None:
    """A day named in a folder or file name: 2021-05-12, 20210512, 2021年5月12日, or 5月12日 with `year`."""
    normal = unicodedata.normalize("NFKC", text)
    for match in _DAY.finditer(normal):
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    match = _MONTH_DAY.search(normal)
    if match and year is not None:
        try:
            return dt.date(year, int(match.group(1)), int(match.group(2)))
        except ValueError:
            return None
    return None
