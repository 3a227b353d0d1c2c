"""The zhtext command line: outputs, exit codes, stdin and files."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import zhtext as zt

TEXT = "吉林欧亚置业有限公司增资，吉林欧亚置业注册资本增加\n我来到北京清华大学\n"


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zhtext", *args], input=stdin, capture_output=True, text=True, encoding="utf-8"
    )


def test_cut_reads_stdin_and_files(tmp_path) -> None:
    result = run("cut", stdin=TEXT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == " / ".join(zt.cut("我来到北京清华大学"))
    path = tmp_path / "news.txt"
    path.write_text(TEXT, encoding="utf-8")
    search = run("cut", "--mode", "search", "--no-hmm", "-d", "|", str(path))
    assert search.stdout.splitlines()[1] == "|".join(zt.cut_for_search("我来到北京清华大学", hmm=False))
    tagged = run("cut", "--pos", str(path)).stdout.splitlines()[1]
    assert tagged.split(" / ")[0] == "我_r"


def test_cut_with_a_user_dictionary(tmp_path) -> None:
    user = tmp_path / "user.txt"
    user.write_text("欧亚置业 5 nt\n", encoding="utf-8")
    assert "欧亚置业" in run("cut", "-u", str(user), stdin=TEXT).stdout.splitlines()[0].split(" / ")


def test_keywords_tfidf_and_textrank() -> None:
    out = run("keywords", "-k", "3", stdin=TEXT).stdout.splitlines()
    assert out[0].split() == zt.extract_tags(TEXT.splitlines()[0], top_k=3)
    weighted = run("keywords", "-k", "2", "--with-weight", stdin=TEXT).stdout.splitlines()[0]
    word, weight = weighted.split()[0].split(":")
    assert word == "欧亚" and float(weight) > 0
    ranked = run("keywords", "--textrank", "-k", "2", stdin=TEXT).stdout.splitlines()[0]
    assert ranked.split() == zt.textrank(TEXT.splitlines()[0], top_k=2)


def test_errors_have_exit_codes(tmp_path) -> None:
    missing = run("cut", str(tmp_path / "missing.txt"))
    assert missing.returncode == 1 and "missing.txt" in missing.stderr
    assert run("keywords", "-k", "0").returncode == 2
    assert run().returncode == 2
    bad_dict = tmp_path / "bad.txt"
    bad_dict.write_text("词\x00 3 n\n", encoding="utf-8")  # jieba reads any other line; zhtext rejects NUL
    result = run("cut", "-u", str(bad_dict), stdin=TEXT)
    assert result.returncode == 1 and "bad.txt, line 1" in result.stderr


def test_analyze_runs_on_the_sample_by_default() -> None:
    result = run("analyze")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "1 article from 1 outlet, published 2022-06-07 (UTC); no file failed"
    assert "  rfa            1           1            0" in lines
    # Each figure says what it counts; the keywords table counts articles, not summed weights.
    assert any(line.startswith("Top keywords (keyword of = articles with the word among their 10") for line in lines)
    header = next(i for i, line in enumerate(lines) if line.strip().startswith("#  keyword"))
    top = lines[header + 1].split()
    assert top[:2] == ["1", "中亚"] and top[2:] == ["1", "1", "100%"]
    assert [line.split() for line in lines if line.startswith("  2022 ")] == [["2022", "1", "1"]]


def _archive(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    sample = open(zt.sample_article_path(), encoding="utf-8").read()
    (folder / "good.md").write_text(sample, encoding="utf-8")
    (folder / "other.md").write_text(sample.replace("1654614058000", "1657292458000"), encoding="utf-8")
    (folder / "bad.md").write_text("no header here\n", encoding="utf-8")
    return folder


def test_analyze_error_policies_and_exit_codes(tmp_path) -> None:
    folder = _archive(tmp_path)
    failed = run("analyze", str(folder))
    assert failed.returncode == 1
    assert "bad.md: line 1" in failed.stderr
    skipped = run("analyze", str(folder), "--errors", "skip", "-q")
    assert skipped.returncode == 0, skipped.stderr
    assert skipped.stdout.startswith("2 articles from 1 outlet, published 2022-06-07 – 2022-07-08 (UTC)")
    # A warning is one plain line, not Python's warning with its source line.
    assert skipped.stderr.startswith("zhtext analyze: warning: read_articles skipped 1 of 3 files")
    assert skipped.stderr.count("\n") == 1, skipped.stderr
    collected = run("analyze", str(folder), "--errors", "collect")
    assert collected.returncode == 0
    assert "; 1 file failed (see the end)" in collected.stdout.splitlines()[0]
    assert "1 file failed; the first:" in collected.stdout and "bad.md: line 1" in collected.stdout


def test_analyze_writes_files_pandas_reads_back(tmp_path) -> None:
    import json

    import pandas as pd

    folder = _archive(tmp_path)
    # analyze learns the archive's words first and leaves out numbers and boilerplate.
    text = zt.read_article(zt.sample_article_path()).text
    tok = zt.Tokenizer()
    tok.learn_words([text, text])
    expected = zt.TfidfExtractor(tok, filters=zt.ANALYSIS_FILTERS).extract(text, 5)
    assert "侍建宇" in expected
    for suffix in (".parquet", ".csv", ".jsonl"):
        out = tmp_path / f"rows{suffix}"
        result = run("analyze", str(folder), "--errors", "collect", "--out", str(out), "--top-k", "5")
        assert result.returncode == 0, result.stderr
        assert f"wrote 3 rows to {out}" in result.stdout
        if suffix == ".parquet":
            df = pd.read_parquet(out)
            keywords = list(df.set_index("id").loc["good", "keywords"])
        elif suffix == ".csv":
            df = pd.read_csv(out)
            keywords = json.loads(df.set_index("id").loc["good", "keywords"])
        else:
            df = pd.read_json(out, lines=True)
            keywords = df.set_index("id").loc["good", "keywords"]
        assert len(df) == 3
        assert [k["word"] for k in keywords] == expected
        assert df.set_index("id").loc["bad", "error"].startswith(str(folder / "bad.md"))
    bad = run("analyze", "--out", str(tmp_path / "rows.xlsx"))
    assert bad.returncode == 2 and "rows.xlsx' must end in .parquet, .csv, .jsonl" in bad.stderr


def test_analyze_reports_near_duplicates_and_dedup_keeps_one(tmp_path) -> None:
    folder = _archive(tmp_path)
    (folder / "bad.md").unlink()
    full = run("analyze", str(folder), "-q")
    assert full.returncode == 0, full.stderr
    assert "Near-duplicates (Jaccard ≥ 0.8): 2 articles in 1 group\n" in full.stdout
    assert full.stdout.startswith("2 articles")
    earliest = run("analyze", str(folder), "-q", "--dedup")
    assert earliest.stdout.startswith("1 article from 1 outlet, published 2022-06-07 (UTC)")
    assert "1 more left out by --dedup" in earliest.stdout
    latest = run("analyze", str(folder), "-q", "--dedup", "--keep", "latest")
    assert latest.stdout.startswith("1 article from 1 outlet, published 2022-07-08 (UTC)")
    assert run("analyze", "--keep", "newest").returncode == 2


def test_report_counts_the_articles_that_mention_a_folded_keyword(tmp_path) -> None:
    # Keywords are folded into simplified characters; a traditional copy of an article must still
    # count as mentioning them (its tokens keep the traditional spelling).
    pytest.importorskip("pandas")
    from zhtext import analysis

    sample = open(zt.sample_article_path(), encoding="utf-8").read()
    header, body = sample.split("------\n", 1)
    (tmp_path / "s.md").write_text(sample, encoding="utf-8")
    (tmp_path / "t.md").write_text(header + "------\n" + zt.convert(body, to="traditional"), encoding="utf-8")
    df = analysis.analyze([tmp_path / "s.md", tmp_path / "t.md"], top_k=5, progress=False)
    assert list(df["script"]) == ["simplified", "traditional"]
    top = zt.top_terms(df, by=None, top_k=5)
    assert len(top) == 5 and (top["articles"] == 2).all(), top


def _argument_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """The usage error ``zhtext ARGS`` stops with (exit code 2) before running anything."""
    from zhtext.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    return captured.err


def test_out_and_report_are_checked_before_the_run(tmp_path, capsys) -> None:
    missing = tmp_path / "no such folder" / "rows.csv"
    for args, message in (
        (["--out", str(missing)], "the folder"),
        (["--report", str(tmp_path / "report.pdf")], "must end in .html, .htm"),
        (["--report", str(tmp_path)], "must end in .html"),
        (["--out", str(tmp_path / "rows.txt")], "must end in .parquet, .csv, .jsonl"),
    ):
        assert message in _argument_error(capsys, "analyze", *args)
    if hasattr(os, "geteuid") and os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert "is not writable" in _argument_error(capsys, "analyze", "--out", str(locked / "rows.csv"))


def test_analyze_writes_the_html_report_and_one_row(tmp_path) -> None:
    report = tmp_path / "report.html"
    rows = tmp_path / "rows.jsonl"
    result = run("analyze", "-q", "--report", str(report), "--out", str(rows))
    assert result.returncode == 0, result.stderr
    assert f"wrote 1 row to {rows}" in result.stdout  # "1 row", not "1 rows"
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") >= 3 and "<script" not in html


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
def test_a_failed_out_write_leaves_the_old_file_whole(tmp_path) -> None:
    # Issue 20, item 19: under `ulimit -f` the write fails; the old file stays and no temporary file is left.
    import resource

    out = tmp_path / "rows.jsonl"
    out.write_text("old rows\n", encoding="utf-8")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = subprocess.run(
        [sys.executable, "-m", "zhtext", "analyze", "-q", "--out", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        preexec_fn=limit,
    )
    assert result.returncode == 1, result.stderr
    assert "File too large" in result.stderr
    assert out.read_text(encoding="utf-8") == "old rows\n"
    assert os.listdir(tmp_path) == ["rows.jsonl"]


def test_out_of_range_numbers_are_argument_errors(capsys) -> None:
    # Issue 20, item 20: no OverflowError traceback.
    for args in (["--threads", "-1"], ["--threads", "0"], ["--top-k", str(10**30)], ["--top-k", "0"]):
        assert "must be" in _argument_error(capsys, "analyze", *args)
    assert "not a whole number" in _argument_error(capsys, "convert", "--threads", "x")
    assert "must be" in _argument_error(capsys, "keywords", "--top-k", str(10**30))
    assert "must be" in _argument_error(capsys, "quotes", "--threads", "-1")


def test_input_that_is_not_utf8_is_named_so(capsys) -> None:
    import io

    from zhtext.cli import main

    gbk = "中国\n".encode("gbk")
    result = subprocess.run([sys.executable, "-m", "zhtext", "cut"], input=gbk, capture_output=True)
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 1, stderr
    assert "standard input is not UTF-8 text" in stderr and "surrogates" not in stderr, stderr
    for command in ("keywords", "convert"):
        stdin = io.TextIOWrapper(io.BytesIO(gbk), encoding="utf-8")
        assert main([command], out=io.StringIO(), stdin=stdin) == 1
        assert "standard input is not UTF-8 text (byte 0xd6" in capsys.readouterr().err


def test_help_documents_the_exit_codes(capsys) -> None:
    from zhtext.cli import main

    for args in (["--help"], ["analyze", "--help"]):
        with pytest.raises(SystemExit) as stopped:
            main(args)
        assert stopped.value.code == 0
        out = capsys.readouterr().out
        assert "exit codes:" in out and "130" in out and "bad arguments" in out


def test_main_runs_again_in_the_same_process(tmp_path) -> None:
    # main() reads standard input through its own UTF-8 reader: sys.stdin must stay open for the next call.
    text = tmp_path / "t.txt"
    text.write_text("我来到北京清华大学\n", encoding="utf-8")
    code = f"from zhtext.cli import main; print(main(['cut', {str(text)!r}]), main(['cut', {str(text)!r}]))"
    result = subprocess.run([sys.executable, "-c", code], input="", capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0 and result.stdout.splitlines()[-1] == "0 0", result.stderr
