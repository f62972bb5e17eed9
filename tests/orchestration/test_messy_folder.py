"""A folder holding every kind of bad input ingests in one `threadline run`: every good tweet
lands, every bad file or line has its ingest_issues row, nothing outside the folder is read."""

import json

from orchestration.cli import main
from tests.helpers import scalar, table_contents

GOOD = "1/2 Protests in Almaty today.\n2/2 Tokayev spoke in Astana.\n"
RU = "1/2 Вчера в Казахстане отключили интернет.\n2/2 Токаев выступил в Астане.\n"


def _write_every_case(threads, outside):
    (threads / "messy").mkdir()
    files = {
        "messy/bom.txt": b"\xef\xbb\xbf" + GOOD.encode(),
        "messy/utf16.txt": RU.encode("utf-16"),
        "messy/cp1251.txt": RU.encode("cp1251"),
        "messy/koi8r.txt": RU.encode("koi8_r"),
        "messy/crlf.txt": GOOD.replace("\n", "\r\n").encode(),
        "messy/entities.txt": "1/1 Kyiv\u200b &amp; Kharkiv &#8212; shelled\n".encode(),
        "messy/gaps.txt": b"1/4 first\n2/4 second\n4/4 fourth\n3/4 third\n2/4 second\n",
        "messy/binary.txt": bytes(range(256)) * 4,
        "messy/empty.txt": b"",
        "messy/big.txt": b"1/1 " + b"x" * (2 * 1024 * 1024),
        "messy/broken.jsonl": "\n".join([
            json.dumps({"id": "1", "conversation_id": "1", "created_at": "2022-01-05T10:00:00Z", "text": "1/2 Almaty airport seized"}),
            '{"id": "2", "text": "half a line',
            json.dumps({"id": "3", "conversation_id": "1", "created_at": "2022-01-05T11:00:00Z", "text": "2/2 CSTO troops land"}),
        ]).encode(),
        "messy/no_numbers.txt": b"just notes, nothing numbered\n",
    }
    for name, raw in files.items():
        (threads / name).write_bytes(raw)
    (threads / "messy" / "link.txt").symlink_to(outside)


def test_every_bad_case_is_recorded_and_the_rest_lands(workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_MAX_FILE_MB", "1")
    outside = tmp_path / "secret.txt"
    outside.write_text("1/1 SECRET TEXT FROM OUTSIDE\n", encoding="utf-8")
    _write_every_case(workspace["threads"], outside)
    assert main(["run"]) == 0
    db = workspace["db"]

    def tweets_of(name):
        return scalar(db, "SELECT count(*) FROM tweets WHERE source_file = ?", [f"messy/{name}"])

    def issues_of(name, severity):
        return scalar(db, "SELECT string_agg(message, ' | ') FROM ingest_issues WHERE source_file = ? AND severity = ?", [f"messy/{name}", severity]) or ""

    for name in ("bom.txt", "utf16.txt", "cp1251.txt", "koi8r.txt", "crlf.txt", "broken.jsonl"):
        assert tweets_of(name) == 2, name
    assert scalar(db, "SELECT text FROM tweets WHERE source_file = 'messy/koi8r.txt' AND position = 1") == "Вчера в Казахстане отключили интернет."
    assert "read as Windows-1251" in issues_of("cp1251.txt", "warning")
    assert "read as KOI8-R" in issues_of("koi8r.txt", "warning")
    assert scalar(db, "SELECT text FROM tweets WHERE source_file = 'messy/crlf.txt' AND position = 1") == "Protests in Almaty today."
    assert scalar(db, "SELECT text FROM tweets WHERE source_file = 'messy/entities.txt'") == "Kyiv & Kharkiv \u2014 shelled"
    assert tweets_of("gaps.txt") == 4
    assert "out of order" in issues_of("gaps.txt", "warning") and "repeats line 2" in issues_of("gaps.txt", "warning")
    assert "binary" in issues_of("binary.txt", "error") and tweets_of("binary.txt") == 0
    assert "empty file" in issues_of("empty.txt", "warning")
    assert "over the limit of 1 MiB" in issues_of("big.txt", "error") and tweets_of("big.txt") == 0
    assert scalar(db, "SELECT line_no FROM ingest_issues WHERE source_file = 'messy/broken.jsonl'") == 2
    assert "no numbered tweets" in issues_of("no_numbers.txt", "error")
    assert "refused" in issues_of("link.txt", "error") and tweets_of("link.txt") == 0
    # Every other file still landed, and nothing from outside the folder was read.
    assert scalar(db, "SELECT count(*) FROM tweets WHERE source_file NOT LIKE 'messy/%'") == 36
    assert "SECRET" not in repr(table_contents(db))
    assert all("SECRET" not in p.read_text(encoding="utf-8", errors="replace") for p in workspace["out"].glob("*.html"))
