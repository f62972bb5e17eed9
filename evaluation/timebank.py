"""TimeBank (TimeML ``.tml`` files) as a gold set for day dates: reading, scoring, `threadline tag` input.

Pure functions, stdlib only (``xml.etree.ElementTree``); no Dagster.

How the gold is defined
-----------------------
- **Text.** A document's text is the content of its ``<TEXT>`` element with the markup removed:
  character entities are decoded (``&amp;`` → ``&``) by the XML parser, every tag (``EVENT``,
  ``TIMEX3``, ``SIGNAL`` …) is dropped but its content kept, and all white space — newlines,
  indentation, runs of spaces — is kept exactly as written. Offsets (``start``, ``end``, end
  exclusive) count Python characters of that text, so ``doc.text[g.start:g.end] == g.text``.
- **Creation date** (the anchor). The ``value`` of the ``TIMEX3`` whose
  ``functionInDocument="CREATION_TIME"``; if no TIMEX3 says so, the ``TIMEX3`` inside the ``<DCT>``
  element. Only the day counts: its value must start with ``YYYY-MM-DD`` (a time after it,
  ``1998-02-13T14:26``, is dropped). A file without one is an error (``ValueError``).
- **Gold day dates.** Every ``TIMEX3`` inside ``<TEXT>`` with ``type="DATE"`` whose ``value`` is a
  single day: exactly ``YYYY-MM-DD``, all digits, a real calendar day. So ``1998-02-13`` counts;
  ``1998-02`` (month), ``1998-W08`` (week), ``1998-W08-WE`` (weekend), ``1989-Q3``, ``1989``,
  ``1990-XX-XX``, ``PRESENT_REF`` and the like do not, and neither does any ``type="TIME"`` TIMEX3
  (TimeBank types "this morning", "last night", "Friday evening" as TIME with values such as
  ``1998-01-19TNI``: these are not gold here, although GUIDELINES.md counts them as naming a day)
  nor ``DURATION``/``SET``. The creation-time TIMEX3 sits in ``<DCT>``, outside ``<TEXT>``, so it is
  never gold; one inside ``<TEXT>`` would be treated like any other TIMEX3.

Scoring (``score_day_dates``): a predicted day mention is a hit when its span overlaps the span of a
not yet matched gold date of the same document and its value equals that gold value; each gold date
is matched at most once, predictions taken in order of position. Every other prediction is a false
positive, every unmatched gold date a false negative. Precision, recall and F1 are 1.0 when there
is nothing to find or nothing found (as ``score.py`` defines them).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

__all__ = ["GoldDate", "TimebankDoc", "load_timebank", "score_day_dates", "timebank_jsonl"]

_DAY_VALUE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class GoldDate:
    start: int  # offset into TimebankDoc.text, end exclusive
    end: int
    value: date
    text: str


@dataclass(frozen=True)
class TimebankDoc:
    name: str  # the file name without .tml
    text: str  # the content of <TEXT>, markup removed, white space kept
    creation_date: date
    gold: tuple[GoldDate, ...]


def _day(value: str | None, *, whole: bool) -> date | None:
    """The day of a TimeML value: exactly YYYY-MM-DD when whole, else a value starting with it."""
    if not value:
        return None
    value = value.strip()
    m = _DAY_VALUE.fullmatch(value) if whole else _DAY_VALUE.match(value)
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _flatten(element: ET.Element) -> tuple[str, list[tuple[int, int, ET.Element]]]:
    """The element's text without markup, and the span of every descendant element in it."""
    parts: list[str] = []
    spans: list[tuple[int, int, ET.Element]] = []
    length = 0

    def walk(node: ET.Element) -> None:
        nonlocal length
        if node.text:
            parts.append(node.text)
            length += len(node.text)
        for child in node:
            start = length
            walk(child)
            spans.append((start, length, child))
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)

    walk(element)
    return "".join(parts), spans


def _creation_date(root: ET.Element) -> date | None:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            day = _day(timex.get("value"), whole=False)
            if day is not None:
                return day
    for dct in root.iter("DCT"):
        for timex in dct.iter("TIMEX3"):
            day = _day(timex.get("value"), whole=False)
            if day is not None:
                return day
    return None


def read_tml(path: Path) -> TimebankDoc:
    """One .tml file as a TimebankDoc (see the module docstring for what counts as gold)."""
    root = ET.parse(path).getroot()
    body = root.find(".//TEXT")
    if body is None:
        raise ValueError(f"{path}: no <TEXT> element")
    creation = _creation_date(root)
    if creation is None:
        raise ValueError(f"{path}: no creation time (TIMEX3 functionInDocument=CREATION_TIME or <DCT>)")
    text, spans = _flatten(body)
    gold = []
    for start, end, element in spans:
        if element.tag != "TIMEX3" or element.get("type") != "DATE":
            continue
        value = _day(element.get("value"), whole=True)
        if value is not None:
            gold.append(GoldDate(start, end, value, text[start:end]))
    gold.sort(key=lambda g: (g.start, g.end))
    return TimebankDoc(path.name.removesuffix(".tml"), text, creation, tuple(gold))


def load_timebank(folder: Path) -> list[TimebankDoc]:
    """Every .tml file: the document's TEXT with markup removed (offsets into that text), its creation
    time (the TIMEX3 with functionInDocument="CREATION_TIME", or the DCT element), and the gold day
    dates: TIMEX3 type="DATE" whose value is a single day (YYYY-MM-DD), excluding the creation-time TIMEX3 itself
    when it lies outside TEXT. Sorted by file name."""
    return [read_tml(path) for path in sorted(Path(folder).glob("*.tml"))]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def match_day_dates(
    gold: Sequence[GoldDate], predicted: Iterable[tuple[int, int, date]]
) -> tuple[list[tuple[tuple[int, int, date], GoldDate]], list[tuple[int, int, date]], list[GoldDate]]:
    """One document: (hits as (prediction, gold) pairs, false positives, false negatives)."""
    free = list(gold)
    hits, false_pos = [], []
    for pred in sorted(predicted, key=lambda p: (p[0], p[1])):
        start, end, value = pred
        for g in free:
            if start < g.end and g.start < end and value == g.value:
                hits.append((pred, g))
                free.remove(g)
                break
        else:
            false_pos.append(pred)
    return hits, false_pos, free


def score_day_dates(docs: Sequence[TimebankDoc], predicted: Mapping[str, list[tuple[int, int, date]]]) -> dict:
    """A hit = a predicted day mention whose span overlaps a gold span of the same doc AND whose value equals it
    (each gold matched at most once). Returns {"gold", "predicted", "tp", "fp", "fn", "precision", "recall", "f1"}.

    Predictions for a name that is no document of docs count as false positives."""
    tp = fp = fn = n_gold = n_pred = 0
    names = set()
    for doc in docs:
        names.add(doc.name)
        preds = list(predicted.get(doc.name, ()))
        hits, false_pos, false_neg = match_day_dates(doc.gold, preds)
        n_gold += len(doc.gold)
        n_pred += len(preds)
        tp, fp, fn = tp + len(hits), fp + len(false_pos), fn + len(false_neg)
    for name, preds in predicted.items():
        if name not in names:
            n_pred += len(preds)
            fp += len(preds)
    p, r, f = _prf(tp, fp, fn)
    return {"gold": n_gold, "predicted": n_pred, "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def timebank_jsonl(docs: Iterable[TimebankDoc]) -> list[dict]:
    """One {"id": name, "text": text, "anchor": creation_date ISO} per doc — the input of `threadline tag --jsonl`."""
    return [{"id": doc.name, "text": doc.text, "anchor": doc.creation_date.isoformat()} for doc in docs]
