"""The zhtext command line: outputs, exit codes, stdin and files."""

from __future__ import annotations

import subprocess
import sys

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
    bad_dict.write_text("词 x1 n\n", encoding="utf-8")
    result = run("cut", "-u", str(bad_dict), stdin=TEXT)
    assert result.returncode == 1 and "bad.txt, line 1" in result.stderr
