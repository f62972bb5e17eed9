"""`threadline tag --jsonl`: one result per line, bad lines reported and skipped."""

import io
import json

from orchestration.cli import tag_stream


def test_tag_stream_tags_each_line_and_reports_bad_ones():
    lines = io.StringIO(
        '{"id": "a", "text": "Вчера Песков заявил, что Кремль молчит; 28 декабря в Алматы", "anchor": "2021-12-30"}\n'
        "{broken\n"
        '{"id": "b", "text": "Biden spoke to Zelensky today", "anchor": null}\n'
        '{"id": "c", "anchor": "2022-01-01"}\n'
        '{"id": "d", "text": "x", "anchor": "not a date"}\n'
    )
    out, errors = io.StringIO(), io.StringIO()
    assert tag_stream(lines, out, errors) == 3
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in results] == ["a", "b"]
    first = results[0]
    assert first["countries"] == ["RUS", "KAZ"]
    assert first["dates"][0] == {"text": "Вчера", "start": 0, "end": 5, "value": "2021-12-29", "precision": "day"}
    assert first["dates"][1]["value"] == "2021-12-28"
    # No anchor: a relative day cannot be resolved.
    assert results[1]["countries"] == ["USA", "UKR"] and results[1]["dates"][0]["value"] is None
    messages = errors.getvalue().splitlines()
    assert [m.split(":")[1].strip() for m in messages] == ["line 2", "line 4", "line 5"]
    assert "not valid JSON" in messages[0]


def test_tag_stream_on_several_cores_keeps_the_order_and_the_line_numbers(monkeypatch):
    monkeypatch.setattr("orchestration.cli.TAG_CHUNK_LINES", 3)
    texts = ["Вчера в Алматы", "Biden spoke to Zelensky today", "On Friday in Kyiv", "Nothing here"]
    lines = [json.dumps({"id": i, "text": texts[i % 4], "anchor": "2022-01-0%d" % (1 + i % 9)}) for i in range(40)]
    lines[7] = "{broken"
    lines[22] = '{"id": 22}'
    text = "\n".join(lines) + "\n"
    one_out, one_errors = io.StringIO(), io.StringIO()
    assert tag_stream(io.StringIO(text), one_out, one_errors, workers=1) == 2
    two_out, two_errors = io.StringIO(), io.StringIO()
    assert tag_stream(io.StringIO(text), two_out, two_errors, workers=2) == 2
    assert two_out.getvalue() == one_out.getvalue()
    assert [json.loads(line)["id"] for line in two_out.getvalue().splitlines()] == [i for i in range(40) if i not in (7, 22)]
    assert two_errors.getvalue() == one_errors.getvalue()
    assert [m.split(":")[1].strip() for m in two_errors.getvalue().splitlines()] == ["line 8", "line 23"]


def test_the_tag_command_takes_a_file_and_a_worker_count(tmp_path, capsys):
    from orchestration.cli import main

    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 1, "text": "Вчера Токаев выступил в Астане", "anchor": "2022-01-11"}\n', encoding="utf-8")
    assert main(["tag", "--jsonl", "--workers", "1", str(path)]) == 0
    (result,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert result["countries"] == ["KAZ"] and result["dates"][0]["value"] == "2022-01-10"
