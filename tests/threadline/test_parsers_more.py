"""The Twitter-archive, CSV and Markdown parsers, table-driven, plus excerpts of the real files
in `fixtures/real_excerpts/` (copied from ../shared/real: the tests never read /work/shared)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from threadline.parsers import csv_export, markdown_thread, settle_thread_dates, twitter_archive

EXCERPTS = Path(__file__).resolve().parents[1] / "fixtures" / "real_excerpts"


def read(name: str) -> str:
    return (EXCERPTS / name).read_text(encoding="utf-8")


def shape(parsed):
    return [[t.position for t in thread.tweets] for thread in parsed.threads]


def texts(parsed):
    return [[t.text for t in thread.tweets] for thread in parsed.threads]


def errors(parsed):
    return [i for i in parsed.issues if i.severity == "error"]


# --------------------------------------------------------------------------- Twitter archive


def archive(*tweets: dict, wrap: bool = True, name: str = "tweets") -> str:
    """A tweets.js text in the archive's own layout (two-space indent, ' : ')."""
    items = [{"tweet": t} if wrap else t for t in tweets]
    return f"window.YTD.{name}.part0 = " + json.dumps(items, indent=2, separators=(",", " : ")) + "\n"


def tw(id_: str, when: str, text: str, reply_to: str | None = None, reply_name: str | None = None) -> dict:
    tweet = {"id_str": id_, "created_at": when, "full_text": text}
    if reply_to:
        tweet |= {"in_reply_to_status_id_str": reply_to, "in_reply_to_screen_name": reply_name}
    return tweet


A1 = tw("101", "Wed Jan 05 08:00:00 +0000 2022", "root")
A2 = tw("102", "Wed Jan 05 08:05:00 +0000 2022", "reply to root", "101", "sample_owner")
A3 = tw("103", "Wed Jan 05 08:10:00 +0000 2022", "reply to reply", "102", "sample_owner")
OUT = tw("104", "Thu Jan 06 09:00:00 +0000 2022", "@sample_else answer", "999", "sample_else")


@pytest.mark.parametrize(
    ("content", "expected_shape", "expected_texts"),
    [
        # A reply chain is one thread, ranked by created_at whatever the file order.
        (archive(A3, A1, A2), [[1, 2, 3]], [["root", "reply to root", "reply to reply"]]),
        # A reply to a tweet outside the archive starts its own thread; threads in order of first appearance.
        (archive(OUT, A1, A2), [[1], [1, 2]], [["@sample_else answer"], ["root", "reply to root"]]),
        (archive(A2, OUT, A1), [[1, 2], [1]], [["root", "reply to root"], ["@sample_else answer"]]),
        # Same created_at: the id decides.
        (archive(tw("202", "Wed Jan 05 08:00:00 +0000 2022", "b", "201", "x"), tw("201", "Wed Jan 05 08:00:00 +0000 2022", "a")),
         [[1, 2]], [["a", "b"]]),
        # Older archives: `window.YTD.tweet.part0` and bare tweet objects.
        (archive(A1, A2, wrap=False, name="tweet"), [[1, 2]], [["root", "reply to root"]]),
        # Entities decoded, t.co links expanded.
        (archive({**tw("301", "Wed Jan 05 08:00:00 +0000 2022", "A &amp; B &gt; C https://t.co/x1"),
                  "entities": {"urls": [{"url": "https://t.co/x1", "expanded_url": "https://example.org/2022/01/05/a"}]}}),
         [[1]], [["A & B > C https://example.org/2022/01/05/a"]]),
    ],
)
def test_archive_threads(content, expected_shape, expected_texts):
    parsed = twitter_archive.parse("tweets.js", content)
    assert (shape(parsed), texts(parsed), parsed.issues) == (expected_shape, expected_texts, [])


def test_archive_thread_fields_and_author_from_self_replies():
    parsed = twitter_archive.parse("tweets.js", archive(OUT, A1, A2))
    reply, chain = parsed.threads
    assert (chain.seq, chain.author, chain.posted_at, chain.posted_source) == (2, "sample_owner", datetime(2022, 1, 5, 8, 0), "created_at")
    assert chain.url == "https://twitter.com/sample_owner/status/101"
    assert [t.status_id for t in chain.tweets] == ["101", "102"] and {t.author for t in chain.tweets} == {"sample_owner"}
    # The archive's owner wrote the reply to the outside tweet too (in_reply_to_screen_name is the other account).
    assert reply.author == "sample_owner"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Wed Jan 19 14:05:00 +0000 2022", datetime(2022, 1, 19, 14, 5)),
        ("Wed Jan 19 14:05:00 +0300 2022", datetime(2022, 1, 19, 11, 5)),
        ("Wed Jan 19 14:05:00 -0130 2022", datetime(2022, 1, 19, 15, 35)),
        ("2022-01-19T14:05:00.000Z", datetime(2022, 1, 19, 14, 5)),
        ("Wed Foo 19 14:05:00 +0000 2022", None),
        ("Wed Feb 30 14:05:00 +0000 2022", None),
        (None, None),
    ],
)
def test_archive_times(value, expected):
    assert twitter_archive.twitter_time(value) == expected


def test_archive_author_stays_unknown_without_a_self_reply_or_account():
    parsed = twitter_archive.parse("tweets.js", archive(A1, OUT))
    assert [th.author for th in parsed.threads] == [None, None]
    assert parsed.threads[0].url == "https://twitter.com/i/web/status/101"


def test_archive_account_block_gives_author():
    account = 'window.YTD.account.part0 = [ { "account" : { "username" : "sample_account", "accountId" : "1" } } ]\n'
    parsed = twitter_archive.parse("tweets.js", account + archive(A1))
    assert parsed.threads[0].author == "sample_account" and parsed.issues == []


def test_archive_long_chain_and_time_from_id():
    chain = [tw(str(1478636885898166272 + i), "", f"t{i}", str(1478636885898166272 + i - 1) if i else None, "sample_owner") for i in range(3000)]
    parsed = twitter_archive.parse("tweets.js", archive(*reversed(chain)))
    assert shape(parsed) == [list(range(1, 3001))] and parsed.threads[0].tweets[0].text == "t0"
    assert (parsed.threads[0].posted_at, parsed.threads[0].posted_source) == (datetime(2022, 1, 5, 7, 58), "status_id")
    assert len(parsed.issues) == 3000 and {i.severity for i in parsed.issues} == {"warning"}  # no created_at: from the id


def test_archive_broken_item_costs_only_that_item():
    good = archive(A1, A2, A3).splitlines()
    # Break the second item ("reply to root"): drop the comma after its id.
    broken = [line.replace('"id_str" : "102",', '"id_str" : "102"') for line in good]
    bad_line = next(i for i, line in enumerate(broken, start=1) if line.endswith('"id_str" : "102"'))
    parsed = twitter_archive.parse("tweets.js", "\n".join(broken))
    assert texts(parsed) == [["root"], ["reply to reply"]]  # 103's parent is lost, so 103 starts a thread
    [issue] = parsed.issues
    assert issue.severity == "error" and "not valid JSON" in issue.message and issue.line_no < bad_line


def test_archive_cut_short_keeps_the_complete_items():
    full = archive(A1, A2, A3)
    parsed = twitter_archive.parse("tweets.js", full[: full.rindex('"full_text"')])
    assert texts(parsed) == [["root", "reply to root"]]
    assert [i.severity for i in parsed.issues] == ["error"]


@pytest.mark.parametrize(
    ("content", "severity", "message"),
    [
        (archive(A1, {"id_str": "105", "created_at": "Wed Jan 05 09:00:00 +0000 2022"}), "error", "has no text"),
        (archive(A1, A1), "warning", "appears twice"),
        (archive(A1, tw("1478636885898166272", "yesterday", "x")), "warning", "taken from its id"),
        (archive(A1, ["not", "a", "tweet"]), "error", "not a tweet object"),
        ("console.log('hello')", "error", "not a Twitter archive"),
        ('window.YTD.like.part0 = [ { "like" : { "tweetId" : "1" } } ]', "warning", "holds like data, not tweets"),
    ],
)
def test_archive_bad_items_are_reported(content, severity, message):
    parsed = twitter_archive.parse("tweets.js", content)
    assert [(i.severity, message in i.message) for i in parsed.issues] == [(severity, True)]
    assert all(i.line_no is not None for i in parsed.issues)


def test_archive_sample_file():
    parsed = twitter_archive.parse("tweets.js", read("tweets.js"))
    assert parsed.issues == []
    assert shape(parsed) == [[1], [1], [1, 2, 3], [1, 2, 3, 4]]
    standalone, retweet, reply_chain, numbered = parsed.threads
    assert standalone.tweets[0].text.startswith("Akorda: the state of emergency in Almaty stays until January 19. Roads & airports")
    assert "https://example.org/news/2022/01/08/kazakhstan-emergency" in standalone.tweets[0].text
    assert (retweet.author, standalone.author, numbered.author) == ("sample_newsdesk", "sample_analyst", "sample_analyst")
    assert reply_chain.tweets[0].text.startswith("@sample_other") and reply_chain.posted_at == datetime(2022, 1, 6, 11, 0)
    assert [t.text[:3] for t in numbered.tweets] == ["1/4", "2/4", "3/4", "4/4"]
    assert numbered.tweets[0].line_no > numbered.tweets[3].line_no  # the archive lists newest first
    assert numbered.url == "https://twitter.com/sample_analyst/status/1478636885898166272"
    assert twitter_archive.looks_like(read("tweets.js")) and not twitter_archive.looks_like("var x = 1;")


# --------------------------------------------------------------------------- CSV exports


def csv_parse(text: str, name: str = "t.csv"):
    return csv_export.parse(name, text)


@pytest.mark.parametrize(
    ("content", "expected_shape", "expected_texts"),
    [
        # Every other row is a one-tweet thread.
        ("text,username\na,x\nb,y\n", [[1], [1]], [["a"], ["b"]]),
        # conversation_id: one thread, ranked by created_at, then id.
        ("id,conversation_id,created_at,text\n3,1,2022-01-05T08:10:00Z,c\n1,1,2022-01-05T08:00:00Z,a\n9,9,2022-01-05T09:00:00Z,z\n2,1,2022-01-05T08:00:00Z,b\n",
         [[1, 2, 3], [1]], [["a", "b", "c"], ["z"]]),
        # n/m numbering at start or end, one author, one day: ordered by n, whatever the file order.
        ("username,created_at,text\nsample_a,2022-02-24 10:02:00,second part (2/3)\nsample_a,2022-02-24 10:00:00,1/3 first part\n"
         "sample_a,2022-02-24 10:03:00,third part. 3/3 https://t.co/x\n",
         [[1, 2, 3]], [["1/3 first part", "second part (2/3)", "third part. 3/3 https://t.co/x"]]),
        # Two threads of the same author, day and length.
        ("username,created_at,text\nsample_a,2022-02-24 10:00:00,1/2 a\nsample_a,2022-02-24 10:01:00,2/2 b\n"
         "sample_a,2022-02-24 18:00:00,1/2 c\nsample_a,2022-02-24 18:01:00,2/2 d\n",
         [[1, 2], [1, 2]], [["1/2 a", "2/2 b"], ["1/2 c", "2/2 d"]]),
        # Other author, other day, other total: no thread.
        ("username,created_at,text\nsample_a,2022-02-24,1/2 a\nsample_b,2022-02-24,2/2 b\nsample_a,2022-02-25,2/2 c\nsample_a,2022-02-24,2/3 d\n",
         [[1], [2], [2], [2]], [["1/2 a"], ["2/2 b"], ["2/2 c"], ["2/3 d"]]),
        # Numbered, but no author: alone.
        ("text,created_at\n1/2 a,2022-02-24\n2/2 b,2022-02-24\n", [[1], [2]], [["1/2 a"], ["2/2 b"]]),
        # Not numbering: a fraction inside the text, n > m.
        ("username,created_at,text\nsample_a,2022-02-24,a 2/3 majority voted\nsample_a,2022-02-24,open 24/7\n", [[1], [1]],
         [["a 2/3 majority voted"], ["open 24/7"]]),
        # Column names in any case; a display-name column loses to a handle column; quoted multi-line text.
        ('User.Name,Full_Text,User_Name\n"Rep. Sample",\"line one\nline two\",sample_rep\n', [[1]], [["line one\nline two"]]),
        # Semicolons, CRLF, entities.
        ("tweet;date\r\n\"A &amp; B\r\nC\";2022-03-01\r\n", [[1]], [["A & B\nC"]]),
        ("\ntext\tscreen_name\na, b\tx\n", [[1]], [["a, b"]]),  # tabs (a .tsv), a blank first line
    ],
)
def test_csv_threads(content, expected_shape, expected_texts):
    parsed = csv_parse(content)
    assert (shape(parsed), texts(parsed), errors(parsed)) == (expected_shape, expected_texts, [])


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("2022-02-19 15:28:20,", (datetime(2022, 2, 19, 15, 28, 20), "created_at")),
        ("2022-02-19T15:28:20+02:00,", (datetime(2022, 2, 19, 13, 28, 20), "created_at")),
        ("Sat Feb 19 15:28:20 +0000 2022,", (datetime(2022, 2, 19, 15, 28, 20), "created_at")),
        ("1645284500,", (datetime(2022, 2, 19, 15, 28, 20), "created_at")),
        ("2022-02-19,", (datetime(2022, 2, 19), "created_at")),
        ("Feb 19 2022,", (datetime(2022, 2, 19), "created_at")),
        # No time: from the status id; a date-only value is refined by the id when they agree.
        (",1495051551987191817", (datetime(2022, 2, 19, 15, 4, 1, 365000), "status_id")),
        ("2022-02-19,1495051551987191817", (datetime(2022, 2, 19, 15, 4, 1, 365000), "status_id")),
        ("2022-02-20,1495051551987191817", (datetime(2022, 2, 20), "created_at")),
    ],
)
def test_csv_times(row, expected):
    parsed = csv_parse(f"text,created_at,id\nhello,{row}\n")
    thread = parsed.threads[0]
    assert (thread.tweets[0].created_at, thread.posted_source) == expected == (thread.posted_at, thread.posted_source)


@pytest.mark.parametrize(
    ("header_and_row", "author", "status_id", "url"),
    [
        ("text,url\nhi,https://twitter.com/sample_a/status/1495051551987191817?s=20",
         "sample_a", "1495051551987191817", "https://twitter.com/sample_a/status/1495051551987191817"),
        ("text,tweet_url\nhi,https://mobile.twitter.com/sample_a/status/1495051551987191817",
         "sample_a", "1495051551987191817", "https://twitter.com/sample_a/status/1495051551987191817"),
        # twitter.com/twitter/status/<id> and i/web name no author; a handle column wins over the URL's.
        ("text,url\nhi,https://twitter.com/twitter/status/1495051551987191817", None, "1495051551987191817",
         "https://twitter.com/i/web/status/1495051551987191817"),
        ("text,screen_name,link\nhi,@sample_b,https://x.com/sample_a/status/1495051551987191817", "sample_b", "1495051551987191817",
         "https://twitter.com/sample_b/status/1495051551987191817"),
        # Only a display name: the thread's URL does without it.
        ("text,author,id\nhi,Sample Person,1495051551987191817", "Sample Person", "1495051551987191817",
         "https://twitter.com/i/web/status/1495051551987191817"),
        # A URL that is no status: nothing taken from it.
        ("text,source_url\nhi,http://twitter.com/download/android", None, None, None),
    ],
)
def test_csv_author_and_id_from_status_url(header_and_row, author, status_id, url):
    thread = csv_parse(header_and_row + "\n").threads[0]
    assert (thread.author, thread.tweets[0].status_id, thread.url) == (author, status_id, url)


@pytest.mark.parametrize(
    ("content", "expected_issues", "expected_texts"),
    [
        ("text,username\na,x\n,y\nc,z\n", [(3, "error", "no tweet text")], [["a"], ["c"]]),
        ("body_of_tweet,Username\na,x\n", [(1, "error", "columns found: body_of_tweet, Username")], []),
        ("id,text\n1,a\n1,a\n", [(3, "warning", "repeats line 2")], [["a"]]),
        ("id,text\n1,a\n1,b\n", [(3, "warning", "whose text differs")], [["a"], ["b"]]),
        ("username,created_at,text\nx,2022-01-05,1/2 a\nx,2022-01-05,1/2 a\nx,2022-01-05,2/2 b\n", [(3, "warning", "repeats line 2")], [["1/2 a", "2/2 b"]]),
        ("text,username\na,x,extra\n", [(2, "warning", "row has 3 fields")], [["a"]]),
        # A quote that never closes: the line is reported, reading resumes on the next line.
        ('text,username\n"broken,x\nb,y\nc,z\n', [(2, "error", "never closes")], [["b"], ["c"]]),
        ("text,created_at\na,not a time\n", [(2, "warning", "not one I can read")], [["a"]]),
        ("text\n", [(None, "error", "no tweets found")], []),
    ],
)
def test_csv_bad_rows_are_reported(content, expected_issues, expected_texts):
    parsed = csv_parse(content)
    assert [(i.line_no, i.severity) for i in parsed.issues] == [(line, severity) for line, severity, _ in expected_issues]
    assert all(part in i.message for i, (_, _, part) in zip(parsed.issues, expected_issues))
    assert texts(parsed) == expected_texts


def test_csv_line_numbers_are_where_records_start():
    parsed = csv_parse('text,username\n"one\ntwo\nthree",a\n\nnext,b\n"x\n\ny",c\n')
    assert [th.tweets[0].line_no for th in parsed.threads] == [2, 6, 7]
    assert [th.seq for th in parsed.threads] == [1, 2, 3]


def test_csv_congress_excerpt():
    parsed = csv_parse(read("congress_ukraine_tweets.csv"), "congress_ukraine_tweets.csv")
    assert parsed.issues == []
    assert shape(parsed) == [[1], [1], [1], [1, 4, 9, 11]]
    first = parsed.threads[0]
    # full_text, not the lower-cased `text` copy; the handle column, not `user.name`; the multi-line field.
    assert first.tweets[0].text.startswith("Under President Biden, America is taking unprecedented steps to hold Russia accountable:\n✅ $13.6")
    assert (first.author, first.tweets[0].status_id, first.tweets[0].line_no) == ("RepAdams", "1509184543932268551", 2)
    assert first.url == "https://twitter.com/RepAdams/status/1509184543932268551"
    assert first.posted_at.date() == datetime(2022, 3, 30).date() and first.posted_source == "status_id"
    assert [th.tweets[0].line_no for th in parsed.threads] == [2, 6, 7, 11]
    assert "weak, & even he admitted" in parsed.threads[2].tweets[0].text
    mace = parsed.threads[3]
    assert mace.author == "RepNancyMace" and mace.tweets[0].text.startswith("Headed home") and mace.line_no == 8
    assert [t.declared_total for t in mace.tweets] == [11, 11, 11, 11]


def test_csv_ukraine_excerpt():
    parsed = csv_parse(read("ukraine_tweets_feb_apr_2022.csv"), "ukraine_tweets_feb_apr_2022.csv")
    assert errors(parsed) == []
    # The same status URL on two rows with different text: both kept, and said so.
    assert [(i.line_no, i.severity) for i in parsed.issues] == [(8, "warning")]
    assert len(parsed.threads) == 10 and all(len(th.tweets) == 1 for th in parsed.threads)
    first = parsed.threads[0]
    assert (first.author, first.tweets[0].status_id) == ("DavidHarrisAJC", "1495051551987191817")
    assert (first.posted_at, first.posted_source) == (datetime(2022, 2, 19, 15, 28, 20), "created_at")
    reuters = parsed.threads[3]
    assert reuters.author is None and reuters.tweets[0].status_id is None and reuters.url is None
    assert parsed.threads[4].author == "StratcomCentre"  # mobile.twitter.com status URL
    kasparov = parsed.threads[7]
    assert kasparov.author == "Kasparov63" and (kasparov.tweets[0].position, kasparov.tweets[0].declared_total) == (1, 13)
    multi = parsed.threads[8]
    assert multi.tweets[0].text.startswith('"Bastardi senza gloria" #cinedraghi \n#draghi') and multi.tweets[0].line_no == 10
    assert parsed.threads[9].tweets[0].line_no == 16 and parsed.threads[9].tweets[0].text.endswith("https://t.co/MVc5Z8eZ14")


# --------------------------------------------------------------------------- Markdown unrolled threads


HEADER = (
    "# A sample thread\n\nAuthor: [Sample Analyst 🇺🇦](https://twitter.com/sample_analyst)  \n"
    "*Links to this thread: [Twitter](https://twitter.com/sample_analyst/status/1495051551987191817), "
    "[ThreadReader](https://threadreaderapp.com/thread/1495051551987191817.html)*\n\n"
)


@pytest.mark.parametrize(
    ("body", "expected_texts"),
    [
        ("one\n\ntwo\ntwo b\n\n\nthree\n", ["one", "two\ntwo b", "three"]),
        # Links: hashtags and handles keep their text; web-address and card links become the URL.
        ("On [#Kherson](https://twitter.com/hashtag/Kherson) and [@sample_b](https://twitter.com/sample_b)\n"
         "[twitter.com/sample_b/s…](https://twitter.com/sample_b/status/1?s=20)\n\n"
         "[www.example.org: A Title](https://www.example.org/2022/06/17/a-title)\n",
         ["On #Kherson and @sample_b\nhttps://twitter.com/sample_b/status/1?s=20", "https://www.example.org/2022/06/17/a-title"]),
        # Quoted tweets are left out, HTML or Markdown.
        ("mine\n\n<blockquote class=\"twitter-tweet\">\n  <p>theirs<br />\n\n  more</p>\n  &mdash; <a href=\"x\">Link</a>\n</blockquote>\n\nnext\n",
         ["mine", "next"]),
        ("mine\n> theirs\n> more\n\n> only theirs\n\nnext\n", ["mine", "next"]),
        # Image-only paragraphs and image tables are dropped; images inside text too.
        ("a\n\n| [![](/media/1.jpg)](/media/1.jpg) | [![](/media/2.jpg)](/media/2.jpg) |\n| :-: | :-: |\n\n![](/x.png) b\n",
         ["a", "b"]),
        # Entities, <br />, trailing Markdown line breaks.
        ("A &amp; B &#39;q&#39; &#34;d&#34;<br />C  \nD\n", ["A & B 'q' \"d\"\nC\nD"]),
    ],
)
def test_markdown_paragraphs_are_tweets(body, expected_texts):
    parsed = markdown_thread.parse("t.md", HEADER + body)
    assert texts(parsed) == [expected_texts] and parsed.issues == []
    assert shape(parsed) == [list(range(1, len(expected_texts) + 1))]


def test_markdown_thread_fields():
    parsed = markdown_thread.parse("t.md", HEADER + "one\n\ntwo\n")
    [thread] = parsed.threads
    assert (thread.author, thread.url) == ("sample_analyst", "https://twitter.com/sample_analyst/status/1495051551987191817")
    assert (thread.posted_at, thread.posted_source) == (datetime(2022, 2, 19, 15, 4, 1, 365000), "status_id")
    first, second = thread.tweets
    assert (first.status_id, first.created_at, first.line_no, second.status_id, second.line_no) == (
        "1495051551987191817", thread.posted_at, 6, None, 8)
    assert {t.author for t in thread.tweets} == {"sample_analyst"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("one 1/3\n\nthree 3/3\n", [("warning", "paragraph 2 is numbered 3/3")]),
        ("Author: Sample\n\none\n", [("warning", "no 'Author:"), ("warning", "no link to the thread's status")]),
        ("# Title only\n", [("warning", "no 'Author:"), ("warning", "no link"), ("error", "no tweet paragraphs")]),
        ("a\n\n<blockquote>\nnever closed\n\nb\n", [("error", "never closes")]),
    ],
)
def test_markdown_issues(content, expected):
    parsed = markdown_thread.parse("t.md", content if content.startswith(("#", "Author")) else HEADER + content)
    assert [(i.severity, part in i.message) for i, (_, part) in zip(parsed.issues, expected)] == [(s, True) for s, _ in expected]
    assert len(parsed.issues) == len(expected)
    if "<blockquote>" in content:
        assert parsed.issues[0].line_no == HEADER.count("\n") + 3


def test_markdown_front_matter_date_when_no_status_link():
    parsed = markdown_thread.parse("t.md", "---\ndate: 2022-03-01\nredirect_from:\n  - /x\n---\n# T\n\nAuthor: [S](https://x.com/sample_s)\n\nhello\n")
    thread = parsed.threads[0]
    assert (thread.author, thread.posted_at, thread.posted_source, texts(parsed)) == ("sample_s", datetime(2022, 3, 1), "front_matter", [["hello"]])


def test_markdown_listen_excerpt():
    parsed = markdown_thread.parse("listen.md", read("cryptodrftng_listen_to_ukrainians_about_ukraine.md"))
    assert parsed.issues == [] and shape(parsed) == [[1, 2, 3, 4, 5, 6]]
    thread = parsed.threads[0]
    assert (thread.author, thread.posted_at.date()) == ("marymykhaylova", datetime(2022, 7, 7).date())
    tweets = [t.text for t in thread.tweets]
    assert tweets[0].startswith("🧵: Making sure your Ukraine coverage is Ukraine-centered.")
    assert tweets[1].endswith("2/14\n@KyivIndependent\n@NewVoiceUkraine\n@EuromaidanPress\n@ukraine_world\n@pravda_eng")
    assert tweets[2].endswith("@TheAtlantic 3/14\nhttps://twitter.com/NikaMelkozerova/status/1525365158129942528?s=20&t=yR1rfsgveXXVjqfu0ouPIA")
    assert tweets[3].endswith("\nhttps://www.foreignaffairs.com/articles/ukraine/2022-06-17/how-ukraine-will-win")
    # The quoted tweets (Nika Melkozerova's, komarnyckyj's reply) are not the author's text.
    assert not any("two types of people" in t or "Poetry School" in t or "<" in t for t in tweets)
    assert tweets[5].startswith("English speakers have ample content") and thread.tweets[5].line_no == 41


def test_markdown_donbass_excerpt():
    parsed = markdown_thread.parse("donbass.md", read("cryptodrftng_on_war_in_donbass_since_2014.md"))
    assert parsed.issues == [] and shape(parsed) == [[1, 2, 3, 4]]
    thread = parsed.threads[0]
    assert (thread.author, thread.url) == ("cryptodrftng", "https://twitter.com/cryptodrftng/status/1530472181070802944")
    assert thread.tweets[0].line_no == 11  # below the front matter and the header
    assert thread.tweets[0].text.startswith("If anyone knows @joerogan, let him know")
    assert "lexfridman" not in " ".join(t.text for t in thread.tweets)  # the quoted "29/ …" tweet
    assert thread.tweets[3].text == "https://twitter.com/annapolkharkiv/status/1535492158253301761"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (HEADER + "one\n", True),
        ("---\nredirect_from: [x]\n---\n# T\n\nAuthor: [S](https://twitter.com/sample_s)  \n\none\n", True),
        ("# Notes\n\n1/2 a numbered thread in a .md file\n2/2 b\n", False),
        ("# README\n\nThis folder holds threads. See https://twitter.com/sample_s for more.\n", False),
    ],
)
def test_markdown_looks_like(content, expected):
    assert markdown_thread.looks_like(content) is expected


def test_settling_dates_leaves_parsed_dates_alone():
    """The registry's date settling only fills undated threads; these parsers date every thread they can."""
    parsed = markdown_thread.parse("2020-01-01_t.md", HEADER + "one\n")
    settle_thread_dates(parsed)
    assert parsed.threads[0].posted_source == "status_id"
