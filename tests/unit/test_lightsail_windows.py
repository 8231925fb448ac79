"""Lightsail database windows, without a synth: the rules Lightsail only enforces at apply fail at load time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modules.lightsail_app.props import LightsailOptions
from modules.validation import DAYS, InvalidSetting, daily_window, weekly_window

TOKEN = "${TfToken[TOKEN.7]}"


def windows_error(backup: str, maintenance: str) -> InvalidSetting:
    with pytest.raises(InvalidSetting) as caught:
        LightsailOptions(preferred_backup_window=backup, preferred_maintenance_window=maintenance)
    return caught.value


@pytest.mark.parametrize(
    ("backup", "maintenance"),
    [
        ("03:00-03:30", "Sun:04:00-Sun:04:30"),  # the defaults
        ("23:45-00:15", "Sun:04:00-Sun:04:30"),  # backup crosses midnight
        ("03:00-03:30", "Sun:03:30-Sun:04:00"),  # windows may touch
        ("03:00-03:30", "sun:02:30-sun:03:00"),  # touching from the other side, lowercase day
        ("22:00-23:00", "Sun:23:30-Mon:00:30"),  # maintenance crosses midnight between backups
        ("23:50-00:30", "Sun:00:30-Sun:01:00"),  # right after Saturday's backup, which ends on Sunday
        ("00:00-23:00", "Wed:23:00-Thu:00:00"),  # a 23-hour backup leaves one free hour a day
    ],
)
def test_windows_that_lightsail_accepts_pass(backup: str, maintenance: str) -> None:
    options = LightsailOptions(preferred_backup_window=backup, preferred_maintenance_window=maintenance)
    assert options.preferred_backup_window == backup


@pytest.mark.parametrize("backup", ["03:00-03:29", "03:00-03:00", "23:50-00:10"])
def test_a_backup_window_under_30_minutes_is_refused(backup: str) -> None:
    error = windows_error(backup, "Sun:04:00-Sun:04:30")
    assert (error.setting, error.value) == ("preferred_backup_window", backup)
    assert "AWS requires at least 30" in error.problem
    assert "at least 30 minutes" in error.fix


def test_an_empty_window_says_so() -> None:
    assert "empty window" in windows_error("03:00-03:00", "Sun:04:00-Sun:04:30").problem


@pytest.mark.parametrize("maintenance", ["Sun:04:00-Sun:04:20", "Sun:23:50-Mon:00:10", "Mon:04:00-Mon:04:00"])
def test_a_maintenance_window_under_30_minutes_is_refused(maintenance: str) -> None:
    error = windows_error("03:00-03:30", maintenance)
    assert (error.setting, error.value) == ("preferred_maintenance_window", maintenance)
    assert "AWS requires at least 30" in error.problem


@pytest.mark.parametrize(
    ("backup", "maintenance", "day"),
    [
        ("03:00-03:30", "Sun:03:00-Sun:03:30", "Sunday"),  # the same half hour
        ("03:00-04:00", "Tue:03:30-Tue:04:30", "Tuesday"),  # overlapping the end
        ("23:45-00:15", "Mon:00:00-Mon:00:30", "Sunday"),  # Sunday's backup runs into Monday
        ("03:00-03:30", "Sun:04:00-Mon:04:00", "Monday"),  # a long maintenance window covers Monday's backup
        ("02:00-05:00", "Fri:03:00-Fri:03:30", "Friday"),  # inside the backup window
    ],
)
def test_a_maintenance_window_overlapping_the_daily_backup_is_refused(backup: str, maintenance: str, day: str) -> None:
    error = windows_error(backup, maintenance)
    assert (error.setting, error.value) == ("preferred_maintenance_window", maintenance)
    assert f"preferred_backup_window={backup!r} on {day}" in error.problem
    assert "do not overlap" in error.fix


def test_bad_formats_are_still_reported_by_the_format_check() -> None:
    error = windows_error("3:00-3:30", "Sun:04:00-Sun:04:30")
    assert error.setting == "preferred_backup_window"
    assert "hh24:mi-hh24:mi" in error.problem


def test_tokens_are_not_checked() -> None:
    LightsailOptions(preferred_backup_window=TOKEN, preferred_maintenance_window=TOKEN)


def test_windows_are_minutes_since_midnight_and_monday() -> None:
    assert daily_window("23:45-00:15") == (23 * 60 + 45, 30)
    assert weekly_window("Sun:23:30-Mon:00:30") == (6 * 24 * 60 + 23 * 60 + 30, 60)


def _minutes(start: int, length: int, period: int) -> set[int]:
    return {(start + offset) % period for offset in range(length)}


_day = st.sampled_from(DAYS)
_hhmm = st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]:02d}:{t[1]:02d}")


@settings(database=None, deadline=None, max_examples=150)
@given(_hhmm, _hhmm, _day, _hhmm, _day, _hhmm)
def test_the_overlap_rule_agrees_with_counting_minutes(
    backup_start: str, backup_end: str, day_start: str, start: str, day_end: str, end: str
) -> None:
    backup, maintenance = f"{backup_start}-{backup_end}", f"{day_start}:{start}-{day_end}:{end}"
    backup_from, backup_length = daily_window(backup)
    maintenance_from, maintenance_length = weekly_window(maintenance)
    week = 7 * 24 * 60
    backups = set().union(*(_minutes(day * 1440 + backup_from, backup_length, week) for day in range(7)))
    overlap = bool(backups & _minutes(maintenance_from, maintenance_length, week))
    too_short = backup_length < 30 or maintenance_length < 30
    try:
        LightsailOptions(preferred_backup_window=backup, preferred_maintenance_window=maintenance)
    except InvalidSetting as error:
        assert too_short or (overlap and error.setting == "preferred_maintenance_window")
    else:
        assert not too_short and not overlap
