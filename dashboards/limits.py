"""How much the pages show one by one before they show counts instead: the thresholds in one place.

Up to DETAIL_EVENTS events every page draws every event, with the filters and the search running
over all of them in the browser. Above it the charts are drawn from counts the database makes over
every event, and the one-by-one parts (timeline markers, event lists, the thread explorer, the
filters and the search) cover the events of the newest threads, DETAIL_EVENTS at most, with a note
saying so. Each page and the data it loads then stays a few MB whatever the corpus holds.
"""

from __future__ import annotations

# Why 5,000: one event costs ~0.6 kB in the shared data file and ~1.3 kB on the timeline (a WebGL
# marker per country with its hover text) and in the thread explorer; 5,000 keeps the heaviest page
# with its data near 6 MB (the bar is 10 MB) and the search instant, and still covers days of a
# busy corpus.
DETAIL_EVENTS = 5000

# Rows of a table written into a page (files, ingest issues, undated events); a longer table is cut
# with a note. 1,000 rows is a long scroll already, and ~0.3 MB of HTML.
TABLE_ROWS = 1000

# Ingest issues grouped by kind (their message with the numbers taken out) and the files with the
# most issues, shown when the issues are too many to list: the top of each list.
ISSUE_KINDS_SHOWN = 50
ISSUE_FILES_SHOWN = 20

# Files in the "where the dates come from" chart: one bar each, so the busiest ones only.
QUALITY_FILES_SHOWN = 40

# The map's slider steps by week up to this many weeks (two years), by month beyond: a step a week
# over ten years would be 500 steps of 176 counts each.
MAP_MAX_WEEKS = 104

# Count charts bin per day while the data spans at most this many days (two years: 731 bars a
# series), per week beyond, so a chart never carries more than a few thousand points a series.
DAILY_MAX_DAYS = 731

# DuckDB keeps the column blocks it reads cached up to its memory limit (80% of RAM by default).
# Counting a million events reads ~1 GB of them, so the dashboards read under this limit (then
# reset it): the cache is evicted as it goes instead of growing, at little cost in time. The largest
# query (the named countries joined to their events, dashboards.queries.named_rows) needs ~150 MB at a
# million events: it spills to disk at 128 MB, not at 192 MB, and the whole run then peaks near 540 MB.
READ_MEMORY_LIMIT = "192MB"
