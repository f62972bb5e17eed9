"""What a tagger builds on first use, kept on disk between processes.

Building the gazetteer's automaton takes about a third of a second: more than tagging the
file of a one-file run. A process that finds a copy built from the same sources (same bytes,
same Python, same libraries) loads it in a few hundredths instead. A missing, stale, foreign or
damaged copy is never an error: the value is built again and the copy replaced."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from threadline.config import cache_dir

T = TypeVar("T")


def sources_key(sources: Iterable[Path], libraries: Iterable[str] = ()) -> str:
    """A hash of the sources' names and bytes, the Python version and the libraries' versions:
    what a pickled value depends on."""
    digest = hashlib.sha256(f"{sys.version}\0{pickle.HIGHEST_PROTOCOL}\n".encode())
    for library in libraries:
        digest.update(f"{library}=={metadata.version(library)}\n".encode())
    for path in sorted(sources):
        digest.update(f"{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def load_or_build(name: str, key: str, build: Callable[[], T], folder: Path | None = None) -> T:
    """The value stored as `<name>-<key>.pickle` in the cache folder, else `build()`, stored
    there for the next process (other keys of `name` are removed: they can never match again)."""
    folder = folder if folder is not None else cache_dir()
    path = folder / f"{name}-{key}.pickle"
    try:
        with open(path, "rb") as stored:
            return pickle.load(stored)
    except Exception:  # noqa: BLE001 — absent, half-written, from another version: all mean "build it"
        pass
    value = build()
    try:
        _store(folder, path, value)
        for old in folder.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home or a full disk costs the next process a build, nothing more
    return value


def _store(folder: Path, path: Path, value: object) -> None:
    """Written beside and renamed into place, so that a reader never sees half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
