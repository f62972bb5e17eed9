"""The peer tagger: what people use today for the same job — dateparser's `search_dates`
for dates and geotext for countries — behind the same JSON Lines interface as
`threadline tag --jsonl`.

It runs in its own virtualenv (`.venv-peer`, see evaluation/peer-requirements.txt), imports
only the standard library, dateparser and geotext, and never imports threadline.

usage: peer.py [FILE]   reads `{"id", "text", "anchor"}` per line (default: standard input)
and writes per line `{"id", "countries", "day", "dates"}`:
- countries: geotext's `country_mentions` (ISO alpha-2) as alpha-3, in geotext's order;
- day: the first date `search_dates` finds, as an ISO date, else the anchor;
- dates: every date `search_dates` finds, `{"text", "start", "end", "value"}`, its span found
  by locating the returned substring in the text, scanning forward.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TextIO

# ISO 3166-1 alpha-2 → alpha-3, as pairs "AAxxx", taken from the countryInfo.txt that geotext
# ships (GeoNames; it includes XK Kosovo, CS Serbia and Montenegro, AN Netherlands Antilles).
_PAIRS = """
ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO AQATA ARARG ASASM ATAUT AUAUS AWABW AXALA AZAZE
BABIH BBBRB BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES BRBRA BSBHS
BTBTN BVBVT BWBWA BYBLR BZBLZ CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK CLCHL CMCMR CNCHN
COCOL CRCRI CUCUB CVCPV CWCUW CXCXR CYCYP CZCZE DEDEU DJDJI DKDNK DMDMA DODOM DZDZA ECECU EEEST
EGEGY EHESH ERERI ESESP ETETH FIFIN FJFJI FKFLK FMFSM FOFRO FRFRA GAGAB GBGBR GDGRD GEGEO GFGUF
GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ GRGRC GSSGS GTGTM GUGUM GWGNB GYGUY HKHKG HMHMD
HNHND HRHRV HTHTI HUHUN IDIDN IEIRL ILISR IMIMN ININD IOIOT IQIRQ IRIRN ISISL ITITA JEJEY JMJAM
JOJOR JPJPN KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA KPPRK KRKOR XKXKX KWKWT KYCYM KZKAZ LALAO LBLBN
LCLCA LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA LYLBY MAMAR MCMCO MDMDA MEMNE MFMAF MGMDG MHMHL
MKMKD MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ MRMRT MSMSR MTMLT MUMUS MVMDV MWMWI MXMEX MYMYS MZMOZ
NANAM NCNCL NENER NFNFK NGNGA NINIC NLNLD NONOR NPNPL NRNRU NUNIU NZNZL OMOMN PAPAN PEPER PFPYF
PGPNG PHPHL PKPAK PLPOL PMSPM PNPCN PRPRI PSPSE PTPRT PWPLW PYPRY QAQAT REREU ROROU RSSRB RURUS
RWRWA SASAU SBSLB SCSYC SDSDN SSSSD SESWE SGSGP SHSHN SISVN SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM
SRSUR STSTP SVSLV SXSXM SYSYR SZSWZ TCTCA TDTCD TFATF TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN
TOTON TRTUR TTTTO TVTUV TWTWN TZTZA UAUKR UGUGA UMUMI USUSA UYURY UZUZB VAVAT VCVCT VEVEN VGVGB
VIVIR VNVNM VUVUT WFWLF WSWSM YEYEM YTMYT ZAZAF ZMZMB ZWZWE CSSCG ANANT
"""
ALPHA3: dict[str, str] = {pair[:2]: pair[2:] for pair in _PAIRS.split()}
# geotext's nationalities.txt writes the United Kingdom as "UK" (`english:UK`), not ISO's GB.
ALPHA3["UK"] = "GBR"

LANGUAGES = ["en", "ru", "uk"]


def to_alpha3(codes: Iterable[str]) -> list[str]:
    """Alpha-2 codes as alpha-3, first occurrence order, unknown codes dropped."""
    found = (ALPHA3.get(code.upper()) for code in codes)
    return list(dict.fromkeys(code for code in found if code))


def locate_spans(text: str, substrings: Sequence[str]) -> list[tuple[int, int] | None]:
    """The (start, end) of each substring in text, each searched from where the previous one
    ended (then, failing that, from the start); None for a substring the text does not hold."""
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for sub in substrings:
        start = text.find(sub, cursor)
        if start < 0:
            start = text.find(sub)
        if start < 0 or not sub:
            spans.append(None)
            continue
        spans.append((start, start + len(sub)))
        cursor = start + len(sub)
    return spans


def tag(text: str, anchor: date | None) -> dict:
    """Countries, the day, and every date of one text, the way the peer's users call it.

    Without an anchor, `search_dates` resolves relative to today, as it does when one calls it plainly."""
    from dateparser.search import search_dates
    from geotext import GeoText

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past"}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    found = search_dates(text, settings=settings, languages=LANGUAGES) or []
    spans = locate_spans(text, [substring for substring, _ in found])
    dates = [
        {"text": substring, "start": span[0], "end": span[1], "value": moment.date().isoformat()}
        for (substring, moment), span in zip(found, spans)
        if span is not None
    ]
    day = found[0][1].date() if found else anchor
    return {
        "countries": to_alpha3(GeoText(text).country_mentions),
        "day": day.isoformat() if day else None,
        "dates": dates,
    }


def tag_stream(lines: TextIO, out: TextIO) -> None:
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        anchor = date.fromisoformat(record["anchor"]) if record.get("anchor") else None
        out.write(json.dumps({"id": record.get("id"), **tag(record["text"], anchor)}, ensure_ascii=False))
        out.write("\n")


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print(__doc__, file=sys.stderr)
        return 2
    if argv:
        with open(argv[0], encoding="utf-8") as lines:
            tag_stream(lines, sys.stdout)
    else:
        tag_stream(sys.stdin, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
