"""Publication times as news data writes them, made comparable: naive datetimes in UTC.

Below every stage (the records use it too), so that a ``Document`` can take
an ISO string as readily as a ``datetime``.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import re
from typing import Any

__all__ = ["parse_date"]


def parse_date(value: Any) -> _dt.datetime | None:
    """Parse a publication date from the forms news data uses.

    Accepts datetimes, dates, ISO 8601 (with ``Z``), RFC 2822 (feeds), and
    "March 11, 2025" / "11 March 2025". Returns ``None`` when it cannot tell;
    the caller reports that. Timezone-aware values are converted to UTC and
    made naive so that all dates compare.
    """
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        parsed = value
    elif isinstance(value, _dt.date):
        parsed = _dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            parsed = _dt.datetime.fromtimestamp(float(value), tz=_dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, str):
        from_text = _parse_date_string(value.strip())
        if from_text is None:
            return None
        parsed = from_text
    else:
        return None
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        except OverflowError:  # 9999-12-31T23:00-05:00 is past the last datetime in UTC
            return None
    return parsed


_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d/%m/%Y", "%B %d %Y")


def _parse_date_string(text: str) -> _dt.datetime | None:
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        return _dt.datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return _dt.datetime.combine(_dt.date.fromisoformat(text[:10]), _dt.time())
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(text)
        if parsed is not None:
            return parsed
    except (TypeError, ValueError, IndexError):
        pass
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.replace(".", ""))
    for fmt in _DATE_FORMATS:
        try:
            return _dt.datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
    return None
