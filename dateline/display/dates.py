"""Where a date sits on a chart's time axis, for any year from 1 to 9999.

Charts used to plot int64 nanoseconds, which wrap outside about 1677–2262 (30 Dec 2999 was drawn in
1830). Here a position is a day number, the proleptic Gregorian ordinal of ``date.toordinal()`` as a
float (noon of 1 Jan 2022 is ``738156.5``), and Plotly receives it as an ISO string built without
``datetime64[ns]``. A value that is no date of years 1–9999 has no position (NaN): the chart leaves it
out and says so, it never draws it somewhere else.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

DAY_MIN = date.min.toordinal()        # 1 Jan 0001
DAY_MAX = date.max.toordinal()        # 31 Dec 9999
AXIS_END = DAY_MAX + 1 - 1 / 1440     # the last minute of 9999: the midnight after it is year 10000
_EPOCH = date(1970, 1, 1).toordinal()  # numpy's datetime64 counts from here


def day_number(value: Any) -> float:
    """The day number of one date-like value (date, datetime, Timestamp, datetime64, ISO string); NaN
    when it is missing or no date of years 1–9999. The time of day is dropped: dates are days here."""
    if value is None or value is pd.NaT:
        return np.nan
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return np.nan
        n = int(value.astype("datetime64[D]").astype("int64")) + _EPOCH
        return float(n) if DAY_MIN <= n <= DAY_MAX else np.nan
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return np.nan
        return day_number(value.to_datetime64())
    if isinstance(value, datetime):
        return float(value.date().toordinal())
    if isinstance(value, date):
        return float(value.toordinal())
    if isinstance(value, str):
        try:
            return float(date.fromisoformat(value.strip()[:10]).toordinal())
        except ValueError:
            return np.nan
    return np.nan  # NaN, NaT, pd.NA, numbers: not a date


def day_numbers(values: Any) -> np.ndarray:
    """Day numbers (float, NaN where no date 1–9999) of a column from DuckDB or of Python values.

    A datetime64 column of any unit is converted arithmetically (``datetime64[D]`` holds far more than
    any year 1–9999, so nothing wraps); anything else goes value by value.
    """
    arr = values.to_numpy() if isinstance(values, pd.Series | pd.Index) else np.asarray(values, dtype=object)
    if np.issubdtype(arr.dtype, np.datetime64):
        nat = np.isnat(arr)
        days = arr.astype("datetime64[D]").astype("int64") + _EPOCH
        ok = ~nat & (days >= DAY_MIN) & (days <= DAY_MAX)
        return np.where(ok, days, np.nan).astype(float)
    return np.fromiter((day_number(v) for v in arr), dtype=float, count=len(arr))


def axis_strings(days: Any) -> np.ndarray:
    """ISO strings ('2022-12-01T12:00') for day numbers, to the minute; None where NaN.

    Positions a hair past either end of years 1–9999 (a band's end after 31 Dec 9999, a padded axis
    range) are pinned to the calendar's edge; Plotly's date axis reads these strings for any year.
    """
    x = np.asarray(days, dtype=float)
    ok = ~np.isnan(x)
    minutes = np.round(np.clip(np.where(ok, x, DAY_MIN), DAY_MIN, AXIS_END) * 1440).astype("int64")
    text = np.datetime_as_string((minutes - _EPOCH * 1440).astype("datetime64[m]"), unit="m").astype(object)
    text[~ok] = None
    return text


def axis_string(day: float) -> str:
    """One day number as an axis string (see ``axis_strings``)."""
    return str(axis_strings([day])[0])


def axis_range(lo: float, hi: float, pad_share: float = 0.05) -> list[str] | None:
    """An explicit x range for data from day ``lo`` to ``hi`` when Plotly's own would leave the calendar,
    else None (autorange). Plotly pads its autorange past the data, and a range past the end of 9999 is
    invalid to it: it then falls back to showing the year 2000 and every item is off the chart."""
    pad = max((hi - lo) * pad_share, 1.0)
    if lo - pad >= DAY_MIN and hi + pad <= AXIS_END:
        return None
    return [axis_string(max(lo - pad, DAY_MIN)), axis_string(min(hi + pad, AXIS_END))]


def to_date(day: float) -> date:
    """The date a (valid) day number falls on."""
    return date.fromordinal(int(np.floor(day)))


def undrawn_note(n: int) -> str:
    """What a chart says about the items it could not place."""
    return (f"{n} item{'s' if n != 1 else ''} not drawn: {'their dates are' if n != 1 else 'its date is'} "
            "outside the years 1–9999 the chart can show")
