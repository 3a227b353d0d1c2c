#!/usr/bin/env python3
"""Write THIRD_PARTY_NOTICES: the licences of everything a zhtext wheel contains besides zhtext's own code.

That is every Rust crate linked into the extension (the normal dependencies of `zhtext` with the `python`
feature, on every platform a wheel is built for, from `cargo metadata` and Cargo.lock) with the licence files
each crate ships, and the data files embedded in the library or bundled in the package.

    python scripts/third_party_notices.py            # rewrite THIRD_PARTY_NOTICES
    python scripts/third_party_notices.py --check    # exit 1 if the file is out of date with Cargo.lock

It fails on a crate whose licence leaves no choice but a GPL-family licence (GPL, LGPL, AGPL).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "THIRD_PARTY_NOTICES"
LICENSE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|UNLICENSE)", re.IGNORECASE)
COPYLEFT = re.compile(r"^(A|L)?GPL", re.IGNORECASE)

MIT_TEMPLATE = """\
MIT License

Copyright (c) {holders}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

# Data inside the wheel that is not Rust code: (files, what, origin, licence file in this repository).
DATA_FILES = [
    (
        "src/segment/data/dict.txt, src/segment/data/posseg.txt, src/segment/data/finalseg.txt, "
        "src/keywords/data/idf.txt (embedded in the extension; idf.txt as the hash table "
        "src/keywords/data/idf.bin that scripts/embed_idf.py makes of it), and the HMM tables that "
        "jieba-macros generates into jieba-rs",
        "jieba's main dictionary, joint POS model, segmentation HMM (finalseg) and IDF table",
        "Python jieba 0.42.1, https://github.com/fxsjy/jieba (posseg.txt and finalseg.txt as converted "
        "by jieba-rs 0.11 and jieba-macros 0.11)",
        "src/segment/data/JIEBA_LICENSE",
    ),
    (
        "src/convert/data/*.txt (embedded in the extension)",
        "OpenCC's conversion dictionaries (characters, phrases, Taiwan and Hong Kong variants)",
        "OpenCC 1.4.2, https://github.com/BYVoid/OpenCC (see src/convert/data/README.md)",
        "src/convert/data/LICENSE",
    ),
]
SAMPLE_NOTE = """\
python/zhtext/data/sample_article.md (bundled in the package)
    A news article published by Radio Free Asia (rfa.org) on 2022-06-07, in the archive format zhtext
    reads, bundled as the sample that `zhtext analyze` runs on. Copyright its publisher; included as a
    short sample for demonstration and testing.
"""


def cargo_metadata() -> dict:
    command = ["cargo", "metadata", "--format-version", "1", "--locked", "--offline", "--features", "python"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"cargo metadata failed:\n{result.stderr}")
    return json.loads(result.stdout)


def linked_packages(metadata: dict) -> list[dict]:
    """Packages reachable from the root by normal (not build or dev) dependencies, on any platform."""
    packages = {p["id"]: p for p in metadata["packages"]}
    nodes = {n["id"]: n for n in metadata["resolve"]["nodes"]}
    root = metadata["resolve"]["root"]
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for dep in nodes[node]["deps"]:
            if any(kind["kind"] is None for kind in dep["dep_kinds"]):
                stack.append(dep["pkg"])
    seen.discard(root)
    return sorted((packages[i] for i in seen), key=lambda p: (p["name"], p["version"]))


def allows_non_copyleft(expression: str) -> bool:
    """Whether an SPDX expression can be satisfied without a GPL-family licence."""
    expression = expression.replace("/", " OR ")
    tokens = re.findall(r"\(|\)|[A-Za-z0-9.+-]+", expression)
    python = []
    for token in tokens:
        if token in ("(", ")"):
            python.append(token)
        elif token in ("OR", "AND"):
            python.append(token.lower())
        elif token == "WITH":  # an exception only widens the licence before it
            python.append("and")
        else:
            python.append(str(not COPYLEFT.match(token)))
    return bool(eval(" ".join(python), {"__builtins__": {}}))  # only True/False/and/or/parentheses


def licence_texts(package: dict, by_expression: dict[str, str]) -> list[str]:
    directory = Path(package["manifest_path"]).parent
    files = sorted(p for p in directory.iterdir() if p.is_file() and LICENSE_FILE.match(p.name))
    if package.get("license_file"):
        files.append(directory / package["license_file"])
    texts = [f.read_text(encoding="utf-8", errors="replace").strip() + "\n" for f in dict.fromkeys(files)]
    if texts:
        return texts
    # The crate ships no licence file: the licence's standard text, with its authors as holders for MIT.
    licence = package["license"]
    # A choice of licences (`MIT OR Apache-2.0 OR LGPL-2.1-or-later`) is used under its first alternative.
    for alternative in licence.split(" OR ") if "(" not in licence else [licence]:
        if alternative == "MIT":
            authors = [re.sub(r"\s*<[^>]*>", "", a) for a in package["authors"]]
            holders = ", ".join(authors) or f"the {package['name']} authors"
            return [MIT_TEMPLATE.format(holders=holders)]
        if alternative in by_expression:
            return [by_expression[alternative]]
    sys.exit(f"{package['name']} {package['version']} ships no licence file for {licence!r}: add its text here")


def render(packages: list[dict]) -> str:
    missing = [p["name"] for p in packages if not p["license"]]
    if missing:
        sys.exit(f"crates without a licence expression: {missing}")
    bad = [f"{p['name']} {p['version']}: {p['license']}" for p in packages if not allows_non_copyleft(p["license"])]
    if bad:
        sys.exit("GPL-family licence without an alternative:\n  " + "\n  ".join(bad))
    # A licence's text from a crate that ships it, for crates of the same licence that do not.
    by_expression: dict[str, str] = {}
    for package in packages:
        directory = Path(package["manifest_path"]).parent
        files = [p for p in directory.iterdir() if p.is_file() and LICENSE_FILE.match(p.name)]
        if len(files) == 1 and " " not in package["license"]:
            by_expression.setdefault(package["license"], files[0].read_text(encoding="utf-8").strip() + "\n")

    # Each distinct licence text is printed once, with every crate that ships it.
    holders: dict[str, list[dict]] = defaultdict(list)
    for package in packages:
        for text in licence_texts(package, by_expression):
            holders[text].append(package)

    out = [
        "THIRD-PARTY NOTICES for zhtext",
        "",
        "zhtext itself is under the MIT licence (LICENSE). A zhtext wheel also contains the data files and",
        "the Rust crates listed below, each under its own licence, reproduced here. This file is generated by",
        "scripts/third_party_notices.py from Cargo.lock; do not edit it by hand.",
        "",
        "Crates under the Mozilla Public Licence 2.0 are used unmodified; their source code is available",
        "from crates.io (https://crates.io/crates/<name>/<version>) and from the repositories named below.",
        "",
        "=" * 78,
        "DATA FILES",
        "=" * 78,
        "",
    ]
    for files, what, origin, licence_path in DATA_FILES:
        out += [files, f"    {what}", f"    from {origin}", ""]
        out += [(ROOT / licence_path).read_text(encoding="utf-8").strip(), ""]
    out += [SAMPLE_NOTE]
    out += ["=" * 78, f"RUST CRATES ({len(packages)})", "=" * 78, ""]
    for package in packages:
        repository = package.get("repository") or f"https://crates.io/crates/{package['name']}"
        out.append(f"{package['name']} {package['version']}  ({package['license']})  {repository}")
    out.append("")
    for text, members in sorted(holders.items(), key=lambda h: (h[1][0]["name"], h[1][0]["version"], h[0])):
        names = ", ".join(f"{p['name']} {p['version']}" for p in members)
        out += ["-" * 78, f"Licence text shipped by: {names}", "-" * 78, "", text.rstrip(), ""]
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fail if THIRD_PARTY_NOTICES is out of date")
    args = parser.parse_args()
    text = render(linked_packages(cargo_metadata()))
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.name} is out of date: run python scripts/third_party_notices.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
