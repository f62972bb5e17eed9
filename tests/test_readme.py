"""The README stays true: it starts with the two commands and documents every table, column and setting."""

from __future__ import annotations

from pathlib import Path

from threadline.config import DEFAULTS
from threadline.schema import ALL_TABLES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert first_block.split() == ["make", "run", "make", "test"]


def test_readme_documents_every_table_and_column():
    for table in ALL_TABLES:
        section = README.split(f"### `{table.name}`", 1)
        assert len(section) == 2, f"README has no section for table {table.name}"
        body = section[1].split("###", 1)[0]
        for column in table.column_names:
            assert f"| `{column}` |" in body, f"README does not document {table.name}.{column}"


def test_readme_documents_every_setting():
    for name in DEFAULTS:
        assert f"`{name}`" in README
