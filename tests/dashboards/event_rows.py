"""Event rows for the dashboard tests: one (event, country) row with sensible defaults."""

from datetime import date

NAMES = {
    "KAZ": "Kazakhstan",
    "UKR": "Ukraine",
    "RUS": "Russia",
    "USA": "United States",
    "BLR": "Belarus",
    "CHN": "China",
}


def row(event_id, country="KAZ", day=date(2022, 1, 5), **kw):
    """One (event, country) row with sensible defaults."""
    base = dict(
        event_id=event_id,
        tweet_id=f"t-{event_id}",
        thread_id="th1",
        source_file="threads/seed.txt",
        thread_seq=1,
        position=1,
        author="@analyst",
        url=f"https://x.com/analyst/status/{event_id}",
        text=f"text of {event_id}",
        event_date=day,
        date_precision="day" if day is not None else None,
        date_source="text" if day is not None else None,
        event_type="protest",
        country=country,
        country_name=NAMES.get(country) if country else None,
        how="explicit" if country else None,
    )
    base.update(kw)
    return base
