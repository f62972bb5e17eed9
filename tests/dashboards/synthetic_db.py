"""A DuckDB database of any number of events, made with SQL in a second or two, shaped like one the
pipeline writes: files of threads of tweets, one event per tweet, each tweet naming one country and
inheriting the one its thread's other tweets name (as threadline.tagging does), some threads naming
none, some events undated, some ingest issues.

    make_db(path, events=200_000)
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from threadline.store import ensure_schema

TWEETS_PER_THREAD = 20
THREADS_PER_FILE = 5
FIRST_DAY = "2022-01-01"
DAYS = 730
UNDATED_EVERY = 50  # every 50th event has no date
COUNTRYLESS_EVERY = 97  # every 97th thread names no country
# Thread k names COUNTRIES[k % n] in its odd tweets and COUNTRIES[(k + 1) % n] in its even ones.
COUNTRIES = ["KAZ", "UKR", "RUS", "USA", "DEU", "FRA", "POL", "CHN", "TUR", "GBR", "BLR", "GEO"]
TYPES = ["protest", "violence", "arrest/legal", "military", "diplomacy", "statement", "sanctions/economy", "other"]

_TWEETS = f"""
CREATE TEMP TABLE synthetic AS
SELECT i, k, f, seq, pos,
       printf('g%03d/file_%06d.txt', f % 7, f) AS source_file,
       printf('g%03d/file_%06d.txt#%d', f % 7, f, seq) AS thread_id,
       printf('g%03d/file_%06d.txt#%d/%d', f % 7, f, seq, pos) AS tweet_id,
       CASE WHEN i % {UNDATED_EVERY} = 0 THEN NULL ELSE DATE '{FIRST_DAY}' + CAST((i * 7919) % {DAYS} AS INTEGER) END AS event_date,
       $countries[(k + pos % 2) % {len(COUNTRIES)} + 1] AS named,
       $countries[(k + 1 - pos % 2) % {len(COUNTRIES)} + 1] AS inherited,
       k % {COUNTRYLESS_EVERY} = 0 AS countryless,
       count(*) OVER (PARTITION BY k) = 1 AS alone  -- a thread of one tweet: no other tweet to inherit from
FROM (
    SELECT i, i // {TWEETS_PER_THREAD} AS k, i // ({TWEETS_PER_THREAD} * {THREADS_PER_FILE}) AS f,
           (i // {TWEETS_PER_THREAD}) % {THREADS_PER_FILE} + 1 AS seq, i % {TWEETS_PER_THREAD} + 1 AS pos
    FROM range($events) t(i)
)
"""

_INSERTS = [
    f"""INSERT INTO tweets (tweet_id, thread_id, source_file, position, declared_total, text, author, created_at, status_id, line_no)
        SELECT tweet_id, thread_id, source_file, pos, {TWEETS_PER_THREAD},
               'Tweet ' || i || CASE WHEN countryless THEN ' about nowhere' ELSE ' about ' || named END
                   || CASE WHEN i % 100 = 1 THEN ' needle' ELSE '' END,
               'analyst' || (f % 13), NULL, CAST(1000000 + i AS VARCHAR), pos FROM synthetic""",
    f"""INSERT INTO threads (thread_id, source_file, thread_seq, author, posted_at, posted_source, url, format, line_no, tweet_count)
        SELECT thread_id, source_file, seq, 'analyst' || (f % 13), min(event_date), 'file_name', NULL, 'text', 1, count(*)
        FROM synthetic GROUP BY ALL""",
    """INSERT INTO events (event_id, tweet_id, thread_id, source_file, event_date, date_precision, date_source, date_text, event_type, cameo_root)
       SELECT tweet_id || ':1', tweet_id, thread_id, source_file, event_date,
              CASE WHEN event_date IS NULL THEN NULL ELSE 'day' END,
              CASE WHEN event_date IS NULL THEN NULL WHEN i % 3 = 0 THEN 'thread' ELSE 'text' END,
              CASE WHEN event_date IS NOT NULL AND i % 3 <> 0 THEN 'yesterday' END,
              $types[i % 8 + 1], NULL FROM synthetic""",
    """INSERT INTO event_countries (event_id, source_file, country, how, surface, kind)
       SELECT tweet_id || ':1', source_file, named, 'explicit',
              CASE WHEN pos % 5 = 0 THEN 'Official ' || named ELSE named END,
              CASE WHEN pos % 5 = 0 THEN 'official' ELSE 'name' END
       FROM synthetic WHERE NOT countryless
       UNION ALL
       SELECT tweet_id || ':1', source_file, inherited, 'inherited', NULL, NULL FROM synthetic WHERE NOT countryless AND NOT alone""",
    """INSERT INTO ingest_issues (source_file, line_no, severity, message)
       SELECT printf('g%03d/file_%06d.txt', (j % $files) % 7, j % $files), j,
              CASE WHEN j % 10 = 0 THEN 'error' ELSE 'warning' END,
              CASE WHEN j % 2 = 0 THEN 'numbering jumps from ' || (j % 9) || '/9 to ' || (j % 9 + 2) || '/9'
                   ELSE 'tweet ' || (j % 40) || ' repeated' END
       FROM range($issues) t(j)""",
    """INSERT INTO source_files (source_file, format, sha256, size_bytes, threads, tweets, issues, tagged_with)
       SELECT s.source_file, 'text', 'x', 1000 * count(*), count(DISTINCT s.thread_id), count(*), coalesce(any_value(ii.issues), 0), 'synthetic'
       FROM synthetic s LEFT JOIN (SELECT source_file, count(*) AS issues FROM ingest_issues GROUP BY ALL) ii USING (source_file)
       GROUP BY s.source_file""",
]


def make_db(path: Path, events: int, issues: int = 0) -> Path:
    """Write a database of `events` events (and `issues` ingest issues) at `path`."""
    files = -(-events // (TWEETS_PER_THREAD * THREADS_PER_FILE))
    con = duckdb.connect(str(path))
    try:
        ensure_schema(con)
        con.execute(_TWEETS, {"countries": COUNTRIES, "events": events})
        for sql in _INSERTS:
            params = {k: v for k, v in {"types": TYPES, "files": files, "issues": issues}.items() if f"${k}" in sql}
            con.execute(sql, params)
        con.execute("DROP TABLE synthetic")
    finally:
        con.close()
    return path
