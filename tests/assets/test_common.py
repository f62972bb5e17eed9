"""The previews every table asset shows in its metadata."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from assets.common import PREVIEW_ROWS, PREVIEW_TEXT_CHARS, preview


def test_the_preview_is_a_markdown_table_of_the_first_rows_with_long_text_cut():
    long_text = "Protesters gathered in Almaty | and Astana\nagain " + "x" * PREVIEW_TEXT_CHARS
    frame = pd.DataFrame(
        {
            "tweet_id": [f"a.txt#1/{n}" for n in range(PREVIEW_ROWS + 5)],
            "text": [long_text] + ["short"] * (PREVIEW_ROWS + 4),
            "line_no": [12.0, math.nan] + [3.0] * (PREVIEW_ROWS + 3),  # integers with a null, as DuckDB hands them over
            "event_date": [date(2022, 1, 5), None] + [pd.NaT] * (PREVIEW_ROWS + 3),
        }
    )
    lines = preview(frame).value.split("\n")
    assert lines[0] == "| tweet_id | text | line_no | event_date |"
    assert lines[1] == "| --- | --- | --- | --- |"
    assert len(lines) == 2 + PREVIEW_ROWS  # the first rows only
    first = lines[2]
    cells = [c.strip() for c in first.strip("|").split(" | ")]
    assert cells[0] == "a.txt#1/0" and cells[2] == "12" and cells[3] == "2022-01-05"
    # Cut to PREVIEW_TEXT_CHARS with an ellipsis; the pipe escaped and the line break gone, so the row stays one row.
    assert cells[1].endswith("…") and "\\|" in cells[1] and "\n" not in first
    assert len(cells[1].replace("\\|", "|")) == PREVIEW_TEXT_CHARS
    second = [c.strip() for c in lines[3].strip("|").split(" | ")]
    assert second[2] == "" and second[3] == ""  # missing values are empty cells


def test_an_empty_table_says_so():
    assert preview(pd.DataFrame({"tweet_id": []})).value == "_no rows_"
