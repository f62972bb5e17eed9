"""The benchmark corpus generator: deterministic, read back by threadline's own parsers, nested, cached."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import FORMAT_SHARES, MANIFEST, existing_corpus, generate_corpus
from threadline.parsers import list_thread_files, read_thread_file

ROOT = Path(__file__).resolve().parents[2]
N = 600


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("corpus")
    return root, generate_corpus(root, N, seed=7, tweets_per_file=20, files_per_folder=5)


def test_same_seed_same_bytes_other_seed_other_bytes(corpus, tmp_path: Path) -> None:
    root, _ = corpus
    again = generate_corpus(tmp_path / "again", N, seed=7, tweets_per_file=20, files_per_folder=5)
    other = generate_corpus(tmp_path / "other", N, seed=8, tweets_per_file=20, files_per_folder=5)
    first, second = _files(root), _files(tmp_path / "again")
    first.pop(MANIFEST), second.pop(MANIFEST)  # the manifest names its folder
    assert first == second
    assert again["tweets"] == other["tweets"] == N
    third = _files(tmp_path / "other")
    third.pop(MANIFEST)
    assert third != first


def test_parsers_read_back_every_tweet_without_errors(corpus) -> None:
    root, summary = corpus
    tweets = threads = 0
    formats = set()
    for relative in list_thread_files(root):
        parsed, raw = read_thread_file(root, relative)
        assert raw is not None
        assert [i for i in parsed.issues if i.severity == "error"] == [], relative
        formats.add(parsed.format)
        threads += len(parsed.threads)
        for thread in parsed.threads:
            assert 1 <= len(thread.tweets) <= 20
            assert thread.posted_at is not None
            for tweet in thread.tweets:
                assert 80 <= len(tweet.text) <= 280, tweet.text
                assert tweet.author is None or tweet.author.startswith("sample_")
            tweets += len(thread.tweets)
    assert tweets == summary["tweets"] == N
    assert threads == summary["threads"]
    assert formats == {"text", "tweet_json", "twitter_archive", "csv_export", "markdown_thread"}


def test_every_format_and_language_appears(corpus) -> None:
    root, summary = corpus
    assert set(summary["formats"]) == set(FORMAT_SHARES)
    assert all(counts["files"] > 0 and counts["tweets"] > 0 for counts in summary["formats"].values())
    text = "\n".join(data.decode("utf-8") for data in _files(root).values())
    assert "Thread Reader App" in text and "---\nauthor: sample_" in text
    assert "window.YTD.tweets.part0" in text and "Author: [" in text and '"includes"' in text
    assert any("а" <= c <= "я" for c in text) and any(c in "іїєґ" for c in text)


def test_files_nest_in_folders(corpus) -> None:
    root, summary = corpus
    relatives = list_thread_files(root)
    assert len(relatives) == summary["files"]
    assert all(r.count("/") == 2 for r in relatives)
    leaves = {r.rsplit("/", 1)[0] for r in relatives}
    assert len(leaves) == summary["folders"] > 1
    assert len({r.split("/", 1)[0] for r in relatives}) > 1
    assert max(sum(r.startswith(leaf + "/") for r in relatives) for leaf in leaves) <= 5


def test_manifest_makes_the_cli_skip(tmp_path: Path) -> None:
    out = tmp_path / "cli"

    def run(*args: str) -> dict:
        done = subprocess.run([sys.executable, "-m", "benchmarks.corpus", str(out), *args],
                              cwd=ROOT, capture_output=True, text=True, check=True)
        return json.loads(done.stdout)

    first = run("--tweets", "150", "--seed", "3")
    assert first["cached"] is False and first["tweets"] == 150
    assert existing_corpus(out, 150, 3) is not None and existing_corpus(out, 151, 3) is None
    marker = next(p for p in out.rglob("*") if p.is_file() and p.name != MANIFEST)
    mtime = marker.stat().st_mtime_ns
    second = run("--tweets", "150", "--seed", "3")
    assert second["cached"] is True and second["files"] == first["files"]
    assert marker.stat().st_mtime_ns == mtime
    third = run("--tweets", "120", "--seed", "3")  # other parameters: the old corpus is replaced
    assert third["cached"] is False
    count = sum(len(p.threads[i].tweets) for r in list_thread_files(out)
                for p in [read_thread_file(out, r)[0]] for i in range(len(p.threads)))
    assert count == 120


def test_refuses_a_folder_that_is_not_a_corpus(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        generate_corpus(tmp_path, 10)
