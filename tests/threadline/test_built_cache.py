"""The on-disk copy of what the taggers build: used when it matches, rebuilt when it does not."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from threadline import built_cache, countries


class Builder:
    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_second_process_loads_instead_of_building(tmp_path: Path) -> None:
    first, second = Builder({"a": (1, 2)}), Builder("never used")
    assert built_cache.load_or_build("thing", "k1", first, folder=tmp_path) == {"a": (1, 2)}
    assert built_cache.load_or_build("thing", "k1", second, folder=tmp_path) == {"a": (1, 2)}
    assert (first.calls, second.calls) == (1, 0)


def test_new_key_rebuilds_and_removes_the_stale_copy(tmp_path: Path) -> None:
    built_cache.load_or_build("thing", "old", Builder("old value"), folder=tmp_path)
    built_cache.load_or_build("other", "k", Builder("kept"), folder=tmp_path)
    fresh = Builder("new value")
    assert built_cache.load_or_build("thing", "new", fresh, folder=tmp_path) == "new value"
    assert fresh.calls == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-k.pickle", "thing-new.pickle"]


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps("x")[:3]])
def test_damaged_copy_is_rebuilt_and_replaced(tmp_path: Path, damage: bytes) -> None:
    (tmp_path / "thing-k.pickle").write_bytes(damage)
    builder = Builder([1, 2, 3])
    assert built_cache.load_or_build("thing", "k", builder, folder=tmp_path) == [1, 2, 3]
    assert builder.calls == 1
    assert pickle.loads((tmp_path / "thing-k.pickle").read_bytes()) == [1, 2, 3]


def test_unwritable_folder_still_gives_the_value(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert built_cache.load_or_build("thing", "k", Builder(42), folder=blocker / "cache") == 42
    assert not (blocker / "cache").exists()


def test_key_follows_every_source_byte(tmp_path: Path) -> None:
    source = tmp_path / "aliases.tsv"
    source.write_text("Kyiv\tUKR\n")
    before = built_cache.sources_key([source], libraries=["pyahocorasick"])
    assert built_cache.sources_key([source], libraries=["pyahocorasick"]) == before
    source.write_text("Kiev\tUKR\n")
    assert built_cache.sources_key([source], libraries=["pyahocorasick"]) != before


def test_loaded_gazetteer_tags_as_the_built_one(tmp_path: Path) -> None:
    built_cache.load_or_build("gazetteer", "k", countries._build_gazetteer, folder=tmp_path)
    loaded = built_cache.load_or_build("gazetteer", "k", Builder(None), folder=tmp_path)
    built = countries._build_gazetteer()
    assert isinstance(loaded, countries._Gazetteer)
    assert sorted(loaded.auto.items()) == sorted(built.auto.items())
    assert (loaded.compact, loaded.after_place, loaded.alpha2, loaded.counts) == (
        built.compact, built.after_place, built.alpha2, built.counts)


def test_copies_go_where_tracker_cache_dir_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path / "cache"))
    built_cache.load_or_build("thing", "k", Builder("value"))
    assert (tmp_path / "cache" / "thing-k.pickle").is_file()
