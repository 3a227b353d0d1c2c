"""The report's bounded state (issue 13): the streamed report equals the in-memory one, exact counts
whatever the batch size, tables of bounded size, JSON Lines written by serde in Rust."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import zhtext as zt  # noqa: E402
from zhtext import analysis, cli  # noqa: E402
from zhtext._ahead import THREAD_NAME  # noqa: E402
from zhtext.report import build, state  # noqa: E402

from .conftest import FIXTURES  # noqa: E402


def _fixture_files() -> list[Path]:
    """The corpus excerpt in tests/fixtures (three articles per outlet, both scripts)."""
    return sorted((FIXTURES / "corpus").glob("*/*.md"))


@pytest.fixture(scope="module")
def analysed() -> pd.DataFrame:
    return analysis.analyze(_fixture_files(), top_k=5, progress=False)


def _comparable(rep: zt.Report) -> dict[str, object]:
    return {
        "articles": rep.articles,
        "outlets": rep.outlets.to_dict("list"),
        "per_month": rep.per_month.to_dict("list"),
        "top": rep.top_keywords.to_dict("list"),
        "per_outlet": rep.outlet_keywords.to_dict("list"),
        "trends": rep.trends.to_dict("list"),
        "rising": rep.rising.to_dict("list"),
        "mentions": rep.mentions.to_dict("list"),
        "speakers": rep.speakers.to_dict("list"),
        "reporters": rep.reporters.to_dict("list"),
        "examples": {w: e["url"].tolist() for w, e in rep.examples.items()},
        "quotes": rep.quotes,
    }


def test_the_streamed_report_counts_what_the_in_memory_report_counts(tmp_path, analysed) -> None:
    # Batches of 2 articles: a word that becomes a keyword late is still counted in every
    # article that mentions it ("mentioned in" exact, not only from the batch it was first seen in).
    files = _fixture_files()
    whole = build(analysed)
    streamed = analysis.analyze_to(files, tmp_path / "rows.parquet", top_k=5, batch_size=2)
    assert streamed.rows == len(files) == whole.articles
    assert _comparable(streamed) == _comparable(whole)
    assert (whole.top_keywords["articles"] >= whole.top_keywords["keyword_of"]).all()
    assert streamed.duplicates is None and whole.duplicates is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows.parquet"]  # the spill is removed


def test_top_terms_counts_are_exact_when_the_keyword_table_is_pruned(monkeypatch) -> None:
    # Every article has its own filler keywords, which overflow a table of 4 words per group;
    # the word all of them share stays on top with its exact count.
    monkeypatch.setattr(state, "KEYWORDS_PER_GROUP", 4)
    rows = [
        {
            "outlet": "rfa",
            "published": pd.Timestamp("2022-01-01", tz="UTC") + pd.Timedelta(days=i),
            "tokens": ["选举", f"词{i}", f"字{i}"],
            "keywords": [{"word": "选举", "weight": 0.1}, {"word": f"词{i}", "weight": 1.0}],
        }
        for i in range(40)
    ]
    df = pd.DataFrame(rows)
    with state.ReportState.of_frame(df) as counted:
        table = counted.keywords.parts["rfa"]
        assert len(table) < 2 * 4 and counted.short["keywords"]["rfa"] >= 1
        top = counted.top_terms(None, top_k=1)
    assert top[["word", "keyword_of", "articles", "group_articles"]].values.tolist() == [["选举", 40, 40, 40]]


def test_tallies_stay_bounded_however_many_names_come() -> None:
    speakers = state.Speakers(capacity=10)
    for batch in range(50):
        speakers.add([f"人{batch}-{i}" for i in range(10)], ["话"] * 10, [True] * 10, range(10), ["rfa"] * 10)
        assert len(speakers.tally.parts[""]) < 20
    speakers.add(["王毅"] * 30, ["我们欢迎。"] * 30, [True] * 30, range(30), ["rfa"] * 30)
    assert speakers.table(1).values.tolist() == [["王毅", 30, 30, "rfa", "我们欢迎。"]]


def test_frame_tables_and_the_report_feed_one_state(analysed) -> None:
    df = analysed
    rep = build(df)
    assert zt.top_terms(df, by=None, top_k=10).to_dict("list") == rep.top_keywords.to_dict("list")
    per_outlet = zt.top_terms(df, by="outlet", top_k=5)
    assert per_outlet.to_dict("list") == rep.outlet_keywords.to_dict("list")
    by_year = zt.top_terms(df, by="year", top_k=3)
    assert set(by_year["year"]) == {str(t.year) for t in df["published"].dropna()}


def test_jsonl_rows_are_written_by_rust_and_read_back_by_pandas(tmp_path) -> None:
    files = _fixture_files()[:4]
    jsonl, parquet = tmp_path / "rows.jsonl", tmp_path / "rows.parquet"
    for out in (jsonl, parquet):
        assert cli.main(["analyze", *map(str, files), "--out", str(out), "-k", "3", "-q"], out=io.StringIO()) == 0
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    assert len(lines) == 4 and "\\u" not in lines[0]  # UTF-8 text, not escapes
    from_parquet = pd.read_parquet(parquet)
    assert list(first) == list(from_parquet.columns)
    assert first["published"] == from_parquet.loc[0, "published"].isoformat()
    assert first["keywords"] == [dict(k) for k in from_parquet.loc[0, "keywords"]]
    assert first["tokens"] == list(from_parquet.loc[0, "tokens"]) and first["duplicate_group"] is None
    with pytest.raises(ValueError, match="Binary"):
        zt._zhtext._write_jsonl(pa.table({"b": pa.array([b"x"])}), tmp_path / "b.jsonl")


def test_streamed_rows_are_written_from_arrow_with_the_in_memory_columns_and_types(tmp_path) -> None:
    # analyze_to hands each Arrow batch to the writer (no pandas frame): the file must read back as
    # write(analyze(...)) does, column for column and type for type, with the same tokens and keywords.
    import pyarrow.parquet as pq

    files = _fixture_files()[:4]
    streamed, whole = tmp_path / "streamed.parquet", tmp_path / "whole.parquet"
    analysis.analyze_to(files, streamed, top_k=3, batch_size=3)
    analysis.write(analysis.analyze(files, top_k=3), whole)
    assert pq.read_schema(streamed).remove_metadata() == pq.read_schema(whole).remove_metadata()
    a, b = pq.read_table(streamed), pq.read_table(whole)
    for column in ("id", "text", "tokens", "keywords"):
        assert a.column(column).to_pylist() == b.column(column).to_pylist()
    assert a.column("duplicate_group").null_count == a.num_rows


def test_keyword_and_name_tallies_count_each_article_once_in_order_of_first_appearance() -> None:
    """The batch's keywords and mentions are tallied with numpy: a word repeated in an article counts once
    (its first weight), function words and missing lists count nothing, bare words weigh 1, and the
    table's entries follow first appearance (the order Tally.prune keeps among equal counts)."""
    kw = [
        [{"word": "中亚", "weight": 0.5}, {"word": "的", "weight": 9.0}, {"word": "中亚", "weight": 7.0}],
        None,
        [{"word": "王毅", "weight": 0.25}, {"word": "中亚", "weight": 0.125}],
        [{"word": "王毅", "weight": 1.0}],
    ]
    frame = pd.DataFrame(
        {
            "outlet": ["rfa", "rfa", "rfa", "bbc"],
            "published": pd.to_datetime(["2022-06-01", "2022-06-02", "2022-07-01", None], utc=True),
            "keywords": kw,
            "tokens": [["中亚"], [], ["王毅", "中亚"], ["王毅"]],
        }
    )
    mentions = pa.array(
        [
            [{"text": "王毅", "kind": "person"}, {"text": "王毅", "kind": "person"}],
            None,
            [],
            [{"text": "中亚", "kind": "place"}, {"text": "王毅", "kind": "person"}],
        ]
    )
    with state.ReportState() as s:
        s.add(frame, mentions=mentions)
        rfa = s.keywords.parts["rfa"]
        assert list(rfa) == ["中亚", "王毅"]
        assert rfa["中亚"][:2] == [2, 0.625] and dict(rfa["中亚"][2]) == {"2022-06": 1, "2022-07": 1}
        assert s.keywords.parts["bbc"]["王毅"][:2] == [1, 1.0] and dict(s.keywords.parts["bbc"]["王毅"][2]) == {None: 1}
        assert s.keywords_per_article == 2
        assert s.names.parts == {"person": {"王毅": [2, 3]}, "place": {"中亚": [1, 1]}}
    bare = frame.assign(keywords=[["中亚", "的", "中亚"], None, ["王毅"], []])
    with state.ReportState(None) as s:
        s.add(bare)
        assert {w: v[:2] for w, v in s.keywords.parts[None].items()} == {"中亚": [1, 1.0], "王毅": [1, 1.0]}


@pytest.mark.parametrize(("spill_batch", "in_memory"), [(2, False), (state.SPILL_BATCH, False), (2, True)])
def test_exact_counts_and_examples_do_not_depend_on_how_the_spill_is_read(monkeypatch, spill_batch, in_memory) -> None:
    """The spill is written a row group per batch of 4 rows and read back ``spill_batch`` rows at a time, or kept in
    memory as the batches' tables: the counts are the articles', and the examples the 5 newest articles
    having the word as a keyword, undated ones last, equal dates in the order the articles came, across
    batches and row groups."""
    from zhtext import _parquet

    monkeypatch.setattr(_parquet, "ROW_GROUP_BYTES", 1)
    monkeypatch.setattr(state, "SPILL_BATCH", spill_batch)
    days = [3, 1, None, 3, 2, 3, 5, None, 5, 1, 4, 3, 2, None, 5, 4, 1, 3]
    frame = pd.DataFrame(
        {
            "outlet": ["rfa", "bbc"] * 9,
            "published": [
                None if d is None else pd.Timestamp("2022-06-01", tz="UTC") + pd.Timedelta(days=d) for d in days
            ],
            "title": [f"标题{i}" for i in range(18)],
            "url": [f"https://example.org/{i}" for i in range(18)],
            "keywords": [
                [{"word": "选举", "weight": 1.0}] if i % 3 else [{"word": "台湾", "weight": 1.0}] for i in range(18)
            ],
            "tokens": [["选举", "台湾"] if i % 2 else ["选举"] for i in range(18)],
        }
    )
    frame["published"] = pd.to_datetime(frame["published"], utc=True).astype("datetime64[ns, UTC]")
    with state.ReportState(in_memory=in_memory) as s:
        for start in range(0, len(frame), 4):
            s.add(frame.iloc[start : start + 4])
        exact = s.exact(["选举", "台湾", "不在"], examples=True)
        assert in_memory or pq.read_metadata(s._spill.path).num_row_groups > 1
        assert exact.total(exact.keyword_of, "选举") == 12 and exact.total(exact.mentioned, "选举") == 18
        assert exact.total(exact.keyword_of, "台湾", {"rfa"}) == 3 and exact.total(exact.mentioned, "台湾") == 9
        assert exact.total(exact.mentioned, "不在") == 0 and exact.examples("不在") is None
        for word in ("选举", "台湾"):
            having = frame[[kw[0]["word"] == word for kw in frame["keywords"]]]
            expected = having.sort_values("published", ascending=False, na_position="last", kind="stable").head(5)
            expected = expected[["published", "outlet", "title", "url"]].reset_index(drop=True)
            pd.testing.assert_frame_equal(exact.examples(word), expected)


def test_the_report_counted_during_the_pass_is_the_report_counted_after_it(monkeypatch) -> None:
    # Slices of 4 rows: the state counts several slices while the next ones are annotated, with the
    # pass's own columns, and the frame's tokens and keywords are the slices' put together.
    files = _fixture_files()
    monkeypatch.setattr(state, "FRAME_BATCH", 4)
    df, during = analysis.analyze_report(files, top_k=5, progress=False)
    after = analysis.analyze(files, top_k=5, progress=False)
    pd.testing.assert_frame_equal(df, after)
    assert list(df.attrs["learned_words"]) == list(after.attrs["learned_words"])
    whole = build(after)
    assert (during.text(), during.html()) == (whole.text(), whole.html())
    assert during.duplicates == whole.duplicates and during.quotes == whole.quotes


def test_a_report_without_the_tokens_is_the_same_report(monkeypatch) -> None:
    # zhtext analyze without --out and zt.report(source) skip the frame's tokens: the report is unchanged.
    files = _fixture_files()
    monkeypatch.setattr(state, "FRAME_BATCH", 4)
    df, with_tokens = analysis.analyze_report(files, top_k=5, progress=False)
    lean, without = analysis.analyze_report(files, top_k=5, progress=False, tokens=False)
    assert "tokens" in df.columns and "tokens" not in lean.columns
    pd.testing.assert_frame_equal(lean, df.drop(columns="tokens"))
    assert (without.text(), without.html()) == (with_tokens.text(), with_tokens.html())


@pytest.mark.parametrize("step", [1, 3, 7, 40])
def test_the_quotation_sample_does_not_depend_on_how_the_articles_are_batched(monkeypatch, step) -> None:
    """Algorithm L's draws follow the quotations, not the batches: fed in one batch or in batches of
    ``step`` articles (one filling the sample part-way, some with no quotation), the sample is the same
    QUOTE_SAMPLE distinct quotations, each from the articles seen."""
    monkeypatch.setattr(state, "QUOTE_SAMPLE", 5)
    n = 40
    frame = pd.DataFrame(
        {
            "outlet": ["rfa", "bbc"] * (n // 2),
            "published": pd.to_datetime(["2022-06-01"] * n, utc=True),
            "url": [f"https://example.org/{i}" for i in range(n)],
            "keywords": [[{"word": "选举", "weight": 1.0}]] * n,
            "tokens": [["选举"]] * n,
        }
    )
    said = [[{"speaker": f"人{i}", "quote": f"话{i}-{k}", "direct": True} for k in range(i % 3)] for i in range(n)]

    kind = pa.list_(pa.struct([("speaker", pa.string()), ("quote", pa.string()), ("direct", pa.bool_())]))

    def sample(step: int) -> list[dict[str, object]]:
        with state.ReportState() as s:
            for start in range(0, n, step):
                s.add(frame.iloc[start : start + step], quotes=pa.array(said[start : start + step], kind))
            return s.quote_sample

    whole, batched = sample(n), sample(step)
    assert batched == whole
    quotes = {q["quote"] for q in batched}
    assert len(quotes) == 5 and quotes <= {q["quote"] for article in said for q in article}


def test_an_error_in_the_pass_reaches_the_caller_and_stops_the_worker(monkeypatch) -> None:
    import threading

    monkeypatch.setattr(state, "FRAME_BATCH", 4)
    real, calls = analysis.annotate_batch, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the second slice failed")
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis, "annotate_batch", failing)
    with pytest.raises(RuntimeError, match="second slice"):
        analysis.analyze_report(_fixture_files(), top_k=5, progress=False)
    assert not [t for t in threading.enumerate() if t.name.startswith(THREAD_NAME)]
