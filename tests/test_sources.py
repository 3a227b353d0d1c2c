"""Sources streamed in Rust: archives, limits and unsafe inputs (issue 20 items 4–8), iter_articles, Dask parts."""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pyarrow as pa
import pytest
import zhtext as zt
from zhtext import cli

SEED = "<!--1654614058000-->\n[标题](https://www.rfa.org/mandarin/a/b.html)\n------\n\n"


def article(i: int) -> bytes:
    return (SEED + f"<p>第{i}篇正文。</p>").encode()


def make_tar(path: Path, members: list[tarfile.TarInfo | tuple[str, bytes]], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as archive:
        for member in members:
            if isinstance(member, tarfile.TarInfo):
                archive.addfile(member)
            else:
                name, data = member
                info = tarfile.TarInfo(name)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
    return path


def make_zip(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def errors_of(source: object, **options: object) -> list[str | None]:
    return zt.read_articles(source, errors="collect", output="arrow", **options).column("error").to_pylist()


# Item 4: a .tar.gz is read once, front to back, in the order it was written.
def test_tar_gz_members_come_in_stream_order(tmp_path: Path) -> None:
    names = [f"rfa/{i:04d}.md" for i in range(1500)][::-1]
    path = make_tar(tmp_path / "a.tar.gz", [(n, article(i)) for i, n in enumerate(names)])
    table = zt.read_articles(path, output="arrow")
    assert table.column("path").to_pylist() == [f"{path}/{n}" for n in names]
    assert table.column("error").null_count == table.num_rows == 1500


def _corrupt_zip_member(path: Path, patch) -> Path:
    data = bytearray(path.read_bytes())
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    patch(data, local, central)
    path.write_bytes(bytes(data))
    return path


def _corrupt_inputs(tmp_path: Path) -> dict[str, Path]:
    good = article(1)
    whole = make_tar(tmp_path / "whole.tar.gz", [("1.md", good), ("2.md", good), ("3.md", os.urandom(60_000))])
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])
    bad_deflate = _corrupt_zip_member(
        make_zip(tmp_path / "deflate.zip", [("a.md", good * 20)]),
        lambda d, local, _: d.__setitem__(slice(local + 40, local + 60), b"\xff" * 20),
    )

    def encrypt(d: bytearray, local: int, central: int) -> None:
        d[local + 6] |= 1
        d[central + 8] |= 1

    encrypted = _corrupt_zip_member(make_zip(tmp_path / "encrypted.zip", [("a.md", good)]), encrypt)

    def method_99(d: bytearray, local: int, central: int) -> None:
        d[local + 8 : local + 10] = (99).to_bytes(2, "little")
        d[central + 10 : central + 12] = (99).to_bytes(2, "little")

    unknown = _corrupt_zip_member(make_zip(tmp_path / "method99.zip", [("a.md", good)]), method_99)
    latin1 = tmp_path / "latin1.tar"
    with tarfile.open(latin1, "w", format=tarfile.GNU_FORMAT, encoding="latin-1") as archive:
        info = tarfile.TarInfo("caf\xe9.md")
        info.size = len(good)
        archive.addfile(info, io.BytesIO(good))
    return {
        "truncated": truncated,
        "bad_deflate": bad_deflate,
        "encrypted": encrypted,
        "method_99": unknown,
        "latin1": latin1,
    }


# Item 5: corrupt archives are error rows with "collect", OSErrors with "raise", messages in the CLI.
def test_corrupt_archives_are_rows_or_clear_errors(tmp_path: Path) -> None:
    for label, path in _corrupt_inputs(tmp_path).items():
        errors = errors_of(path)
        assert any(e is not None and path.name in e for e in errors), (label, errors)
        with pytest.raises(OSError, match=path.name.replace(".", r"\.")):
            zt.read_articles(path)
        out, err = io.StringIO(), io.StringIO()
        sys_stderr, sys.stderr = sys.stderr, err
        try:
            code = cli.main(["analyze", str(path), "-q"], out=out)
        finally:
            sys.stderr = sys_stderr
        assert code == 1 and "Traceback" not in err.getvalue() and path.name in err.getvalue(), (label, err.getvalue())


# Item 6: nothing silently lost.
def test_link_members_truncation_and_glob_like_names_are_not_lost(tmp_path: Path) -> None:
    link = tarfile.TarInfo("link.md")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    hard = tarfile.TarInfo("hard.md")
    hard.type, hard.linkname = tarfile.LNKTYPE, "ok.md"
    path = make_tar(tmp_path / "links.tar.gz", [("ok.md", article(1)), link, hard])
    errors = errors_of(path)
    assert errors[0] is None
    assert "symbolic link to /etc/passwd; not followed" in errors[1] and "hard link" in errors[2]
    with pytest.warns(UserWarning, match="skipped 2 of 3"):
        assert len(zt.read_articles(path, errors="skip")) == 1

    truncated = _corrupt_inputs(tmp_path)["truncated"]
    rows = errors_of(truncated)
    assert rows[:2] == [None, None] and len(rows) == 3 and "truncated" in rows[2]

    real = tmp_path / "report[1].md"
    real.write_bytes(article(1))
    assert len(zt.read_articles(real)) == 1
    with pytest.raises(FileNotFoundError, match="no file matches"):
        zt.read_articles(tmp_path / "nothing-*.md")


# Item 7: a file name that is not UTF-8 is read, not reported as missing.
@pytest.mark.skipif(sys.platform != "linux", reason="Linux file names are bytes")
def test_non_utf8_file_names_are_read(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.md")
    (tmp_path / name).write_bytes(article(1))
    for source in (tmp_path, tmp_path / name, os.fsencode(tmp_path / name)):
        table = zt.read_articles(source, output="arrow")
        assert table.num_rows == 1 and table.column("error").null_count == 1
        assert table.column("id").to_pylist() == ["caf\ufffd"]


# Item 8: FIFOs and devices are never opened; sizes are capped.
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_devices_and_huge_inputs_are_error_rows(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.md")
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    (tmp_path / "ok.md").write_bytes(article(1))
    # In a subprocess with a timeout: a FIFO that is opened blocks for ever.
    script = f"import zhtext as zt; print(zt.read_articles({str(tmp_path)!r}, errors='collect').error.tolist())"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "x.md is a FIFO" in done.stdout and "zero.md is a character device" in done.stdout
    with pytest.raises(OSError, match="FIFO"):
        zt.read_articles(tmp_path / "x.md")
    (tmp_path / "big.md").write_bytes(article(1) + b"<p>" + b"x" * 5000 + b"</p>")
    bomb = make_zip(tmp_path / "bomb.zip", [("bomb.md", b"\0" * 2_000_000)])
    for source in (tmp_path / "big.md", bomb):
        with pytest.raises(OSError, match="larger than max_file_size"):
            zt.read_articles(source, max_file_size=4096)


def test_unsafe_member_names_are_rows(tmp_path: Path) -> None:
    path = make_tar(tmp_path / "evil.tar", [("../up.md", article(1)), ("/abs.md", article(2))], mode="w")
    errors = errors_of(path)
    assert "leaves the archive" in errors[0] and "absolute path" in errors[1]
    zipped = make_zip(tmp_path / "evil.zip", [("../../up.md", article(1))])
    assert "leaves the archive" in errors_of(zipped)[0]
    assert not (tmp_path.parent / "up.md").exists()


def test_iter_articles_streams_the_schema_of_read_articles(tmp_path: Path) -> None:
    files = [tmp_path / f"{i}.md" for i in range(7)]
    for i, f in enumerate(files):
        f.write_bytes(article(i) if i != 3 else b"broken")
    reader = zt.iter_articles(tmp_path, batch_size=3, errors="collect")
    assert isinstance(reader, pa.RecordBatchReader)
    table = zt.read_articles(tmp_path, errors="collect", output="arrow")
    assert reader.schema == table.schema
    batches = list(reader)
    assert [b.num_rows for b in batches] == [3, 3, 1]
    assert pa.Table.from_batches(batches).equals(table)
    # "skip" leaves the bad one out, "raise" raises while its batch is read.
    with pytest.warns(UserWarning, match="skipped 1 of 7"):
        assert zt.iter_articles(tmp_path, errors="skip").read_all().num_rows == 6
    stream = zt.iter_articles(tmp_path, batch_size=3)
    assert stream.read_next_batch().num_rows == 3
    with pytest.raises(zt.ArticleError, match=r"3\.md"):
        stream.read_next_batch()
    with pytest.raises(ValueError, match="batch_size"):
        zt.iter_articles(tmp_path, batch_size=0)


def test_collect_gives_one_row_per_input_of_every_kind(tmp_path: Path) -> None:
    inputs = _corrupt_inputs(tmp_path)
    (tmp_path / "ok.md").write_bytes(article(1))
    sources = [tmp_path / "ok.md", tmp_path / "missing.md", tmp_path / "sub", *inputs.values()]
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "empty.md").write_bytes(b"")
    table = zt.read_articles(sources, errors="collect", output="arrow")
    paths = table.column("path").to_pylist()
    for source in sources:
        assert any(p.startswith(str(source)) for p in paths), source


def test_error_hierarchy() -> None:
    for error in (zt.ArticleError, zt.DictionaryError):
        assert issubclass(error, zt.ZhtextError) and issubclass(error, ValueError)
        assert error.__module__ == "zhtext"
    with pytest.raises(zt.ZhtextError):
        zt.parse_article("")
    with pytest.raises(IsADirectoryError):
        zt.read_article(Path(zt.sample_article_path()).parent)


def test_article_serde_pickle_and_json() -> None:
    import json

    art = zt.read_article(zt.sample_article_path())
    assert pickle.loads(pickle.dumps(art)) == art
    data = json.loads(art.to_json())
    assert data["title"] == art.title and data["byline"]["reporters"] == ["黄春梅"]
    assert zt.Article.from_json(art.to_json()) == art
    with pytest.raises(ValueError, match="JSON"):
        zt.Article.from_json("{}")


def test_dask_reads_archive_member_ranges_like_local(tmp_path: Path) -> None:
    pytest.importorskip("dask")
    import zhtext.dask as zd

    path = make_tar(tmp_path / "a.tgz", [(f"{i}.md", article(i)) for i in range(10)] + [("bad.md", b"")])
    local = zt.read_articles([path, zt.sample_article_path()], errors="collect")
    ddf = zd.read_articles([path, zt.sample_article_path()], files_per_partition=4, errors="collect")
    assert ddf.npartitions == 3
    remote = ddf.compute().reset_index(drop=True)
    assert remote["path"].tolist() == local["path"].tolist()
    assert remote["text"].tolist() == local["text"].tolist()
    assert remote["error"].notna().tolist() == local["error"].notna().tolist()
    part = zt._zhtext._plan_sources([str(path)], 4)[1]
    assert len(pickle.loads(pickle.dumps(part))) == 4


def test_analyze_out_streams_the_rows_of_analyze(tmp_path: Path) -> None:
    import pandas as pd
    from zhtext import analysis

    from .conftest import corpus_files

    files = corpus_files()[:8]
    whole = analysis.analyze(files, top_k=5)
    for name in ("rows.jsonl", "rows.parquet"):
        out = tmp_path / name
        assert cli.main(["analyze", *map(str, files), "--out", str(out), "-k", "5", "-q"], out=io.StringIO()) == 0
        rows = pd.read_json(out, lines=True) if name.endswith(".jsonl") else pd.read_parquet(out)
        assert rows["path"].tolist() == whole["path"].tolist()
        assert [[k["word"] for k in ks] for ks in rows["keywords"]] == [
            [k["word"] for k in ks] for ks in whole["keywords"]
        ]
    report = io.StringIO()
    cli.main(["analyze", *map(str, files), "--out", str(tmp_path / "r.parquet"), "-k", "5", "-q"], out=report)
    from zhtext.report import build

    assert report.getvalue().splitlines()[:3] == build(whole).text().splitlines()[:3]
