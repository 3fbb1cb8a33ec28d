"""Printed numbers (``gouji.model.numbers``): amounts, and the two readings of performance-table cells."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gouji.model.numbers import is_blank, looks_like_amount, loose_number, parse_amount, strict_number
from gouji.model.text import norm

# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    "text,value",
    [
        ("17,439.61", "17439.61"),
        ("１７，４３９．６１", "17439.61"),
        ("－12.50", "-12.50"),
        ("(12.00)", "-12.00"),
        ("（3.5）", "-3.5"),
        ("0.00", "0.00"),
        ("86%", "86"),
        ("-1,234", "-1234"),
        (" 1 801.39 ", "1801.39"),
    ],
)
def test_parse_amount_values(text, value):
    p = parse_amount(text)
    assert p is not None and p.value == Decimal(value) and not p.blank


@pytest.mark.parametrize("text", ["", "—", "-", "/", "－", "——", "────", None])
def test_parse_amount_blanks(text):
    p = parse_amount(text)
    assert p is not None and p.blank and p.value is None


@pytest.mark.parametrize("text", ["2024年", "行政运行", "12月31日", "1,2,3", "(12", "2024-01-01", "约5万元"])
def test_parse_amount_rejects_non_amounts(text):
    assert parse_amount(text) is None


def test_percent_flag_and_amount_likeness():
    assert parse_amount("4.44%").percent
    assert parse_amount("4.44%", allow_percent=False) is None
    assert looks_like_amount("1,801.39") and looks_like_amount("0.00")
    assert not looks_like_amount("2010601") and not looks_like_amount("12") and not looks_like_amount("—")


# --------------------------------------------------------------------------- performance-table cells


@pytest.mark.parametrize(
    "text, value",
    [
        ("1,700.00", Decimal("1700.00")),
        ("86%", Decimal("86")),
        ("99.93%", Decimal("99.93")),
        ("100.00分", Decimal("100.00")),
        ("－3.50", Decimal("-3.50")),
        (" 10 ", Decimal("10")),
        ("(12.00)", Decimal("-12.00")),
        ("-", None),
        ("—", None),
        ("/", None),
        ("2024年", None),
        ("=12次", None),
        ("≥90%", None),
        ("分", None),
        ("", None),
    ],
)
def test_strict_number_reads_a_cell_that_is_one_number(text, value):
    assert strict_number(text) == value


@pytest.mark.parametrize(
    "text, value",
    [
        ("1,236.80", Decimal("1236.80")),
        ("1，236.80", Decimal("1236.80")),
        ("86%", Decimal("86")),
        ("100.00分", Decimal("100.00")),
        ("≥90%", Decimal("90")),
        ("=12次", Decimal("12")),
        ("2024年", Decimal("2024")),
        ("约 3.5 万元", Decimal("3.5")),
        ("-3.50", Decimal("-3.50")),
        ("(12.00)", Decimal("12.00")),
        ("10-20人", None),
        ("2024年12月", None),
        ("-", None),
        ("—", None),
        ("/", None),
        ("", None),
        (None, None),
    ],
)
def test_loose_number_finds_the_one_number_in_a_text(text, value):
    assert loose_number(text) == value


def test_blank_cells():
    assert is_blank("") and is_blank(" — ") and is_blank("/") and is_blank("-")
    assert not is_blank("0.00") and not is_blank("分") and not is_blank("无")


def test_norm_drops_all_whitespace():
    assert norm(" 收入 总计\n") == "收入总计"
    assert norm(None) == ""
