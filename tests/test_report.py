"""The archive report: tidy tables on continuous calendars, the text and HTML renderings, saving."""

from __future__ import annotations

import os

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

import zhtext as zt  # noqa: E402
from zhtext.report import articles_per_period, rising_terms, terminal  # noqa: E402

SAMPLE = open(zt.sample_article_path(), encoding="utf-8").read()


def _archive(tmp_path, stamps: dict[str, str]):
    """Copies of the sample article, one per file name, published at the given millisecond stamps."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for name, stamp in stamps.items():
        (folder / f"{name}.md").write_text(SAMPLE.replace("1654614058000", stamp), encoding="utf-8")
    return folder


def test_months_without_articles_are_shown_not_skipped(tmp_path) -> None:
    # 2022-06-07 and 2022-09-05: July and August have no article, and still have a row.
    folder = _archive(tmp_path, {"june": "1654614058000", "september": "1662386458000"})
    df = zt.read_articles(folder, progress=False)
    table = articles_per_period(df, "month", None)
    assert table.to_dict("list") == {"period": ["2022-06", "2022-07", "2022-08", "2022-09"], "articles": [1, 0, 0, 1]}
    trends = zt.keyword_trends(df, top_k=1)
    assert trends["period"].tolist() == ["2022-06", "2022-07", "2022-08", "2022-09"]
    assert trends["articles"].tolist() == [1, 0, 0, 1] and trends["share"].tolist() == [1.0, 0.0, 0.0, 1.0]
    quarters = zt.keyword_trends(df, by="quarter", words=["王毅", "不存在的词"])
    assert quarters[["period", "word", "articles", "period_articles"]].values.tolist() == [
        ["2022Q2", "王毅", 1, 1],
        ["2022Q2", "不存在的词", 0, 1],
        ["2022Q3", "王毅", 1, 1],
        ["2022Q3", "不存在的词", 0, 1],
    ]
    text = str(zt.report(df))
    grid = [line.split() for line in text.splitlines() if line.startswith("  2022 ")]
    assert grid == [["2022", "1", "·", "·", "1", "2"]]
    assert "4 months from first to last article, 2 without any" in text


def test_top_terms_per_outlet_count_articles(tmp_path) -> None:
    folder = _archive(tmp_path, {"a": "1654614058000", "b": "1654614058000"})
    df = zt.read_articles(folder, progress=False)
    df.loc[1, "outlet"] = "voa"
    terms = zt.top_terms(df, by="outlet", top_k=3)
    assert list(terms.columns) == ["outlet", "word", "keyword_of", "articles", "group_articles", "share"]
    assert terms.groupby("outlet").size().to_dict() == {"rfa": 3, "voa": 3}
    assert (terms["keyword_of"] == 1).all() and (terms["articles"] == 1).all() and (terms["share"] == 1.0).all()


def test_rising_terms_compare_the_last_period_with_the_earlier_ones() -> None:
    months = [f"2022-{m:02d}-15" for m in range(1, 11)]
    economy, election = [{"word": "经济", "weight": 1.0}], [{"word": "选举", "weight": 1.0}]
    rows = [{"text": "", "tokens": ["经济"], "keywords": economy} for _ in months[:8]]
    rows += [{"text": "", "tokens": ["选举", "经济"], "keywords": election} for _ in months[8:]]
    df = pd.DataFrame(rows)
    df["published"] = pd.to_datetime(months, utc=True)
    df["outlet"] = "rfa"
    rising = rising_terms(df, min_articles=2)
    assert rising.attrs["last"] == ("2022-09", "2022-10") and rising.attrs["last_articles"] == 2
    assert rising.iloc[0][["word", "last_articles", "earlier_articles"]].tolist() == ["选举", 2, 0]
    assert "经济" not in set(rising["word"])  # as common before as after


def test_report_of_a_source_renders_as_text_and_html_and_saves_whole(tmp_path) -> None:
    rep = zt.report(zt.sample_article_path())
    assert isinstance(rep, zt.Report)
    html = rep._repr_html_()
    assert html.count("<svg") >= 3 and "<script" not in html and "http-equiv" not in html
    assert 'href="#kw-' in html and 'href="https://www.rfa.org/' in html  # keyword → example headline with URL
    assert "Noto Sans CJK SC" in html and "sans-serif" in html
    path = tmp_path / "report.html"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o640)
    rep.save(path)
    saved = path.read_text(encoding="utf-8")
    assert saved.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in saved
    assert os.stat(path).st_mode & 0o777 == 0o640  # replaced, keeping the file's permissions
    assert sorted(os.listdir(tmp_path)) == ["report.html"]  # no temporary file left behind


def test_display_width_aligns_chinese_columns() -> None:
    lines = terminal.table(["词", "n"], [["中国", "12"], ["EU", "3"]], numeric={1})
    assert [terminal.width(line) for line in lines] == [10, 10, 10]
    assert terminal.plural(1, "row") == "1 row" and terminal.plural(2, "row") == "2 rows"
