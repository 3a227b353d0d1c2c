#!/usr/bin/env python3
"""Write src/keywords/data/idf.bin: jieba's idf.txt as a hash table the library reads in place.

The extension embeds this file (`include_bytes!`) and looks words up in it directly, so the first
`extract_tags` parses nothing (parsing idf.txt's 270,132 lines into a hash map took ~0.14 s of CPU).
src/keywords/embedded_idf.rs reads it; a Rust test checks it holds exactly idf.txt's pairs and median.

    python scripts/embed_idf.py            # rewrite idf.bin from idf.txt
    python scripts/embed_idf.py --check    # exit 1 if idf.bin is not what idf.txt gives

Layout (little-endian):
    header   b"ZTIDF\\0\\0\\1", u32 words, u32 distinct values, u32 slot bits, u32 entry bytes, f64 median
    values   f64 per distinct IDF value, ascending
    slots    u32 per slot, 2**bits of them: 0 for an empty slot, else 1 + the offset of its entry
    entries  per word, in slot order: u8 length of the word in UTF-8, u16 index of its value, the word
A word's home slot is the top `bits` bits of FNV-1a-64(word) * 0x9E3779B97F4A7C15 (mod 2**64); a word
that finds it taken goes to the next free slot (linear probing, wrapping around). The table is kept at
most 5/8 full, so a lookup reads a few neighbouring slots, whose entries lie next to each other.
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src/keywords/data/idf.txt"
OUTPUT = ROOT / "src/keywords/data/idf.bin"
MAGIC = b"ZTIDF\x00\x00\x01"
MASK64 = (1 << 64) - 1


def fnv1a64(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & MASK64
    return h


def home_slot(word: bytes, bits: int) -> int:
    return ((fnv1a64(word) * 0x9E3779B97F4A7C15) & MASK64) >> (64 - bits)


def read_pairs(text: str) -> dict[str, str]:
    """idf.txt as the library's parser reads it: `word idf` per non-blank line, later lines win."""
    pairs: dict[str, str] = {}
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 2:
            raise SystemExit(f"{SOURCE}:{number}: expected `word idf`, found {line!r}")
        pairs[fields[0]] = fields[1]
    return pairs


def build(text: str) -> bytes:
    pairs = {word: float(value) for word, value in read_pairs(text).items()}
    values = sorted(set(pairs.values()))
    if len(values) > 1 << 16:
        raise SystemExit(f"{len(values)} distinct IDF values: more than a u16 index can hold")
    value_index = {value: i for i, value in enumerate(values)}
    bits = 1
    while len(pairs) > (1 << bits) * 5 // 8:  # at most 5/8 full
        bits += 1
    slots: list[bytes | None] = [None] * (1 << bits)
    for word in pairs:
        encoded = word.encode("utf-8")
        if len(encoded) > 255:
            raise SystemExit(f"{word!r}: longer than 255 bytes")
        slot = home_slot(encoded, bits)
        while slots[slot] is not None:
            slot = (slot + 1) & ((1 << bits) - 1)
        slots[slot] = encoded
    slot_table = bytearray()
    entries = bytearray()
    for encoded in slots:
        if encoded is None:
            slot_table += struct.pack("<I", 0)
            continue
        slot_table += struct.pack("<I", len(entries) + 1)
        entries += struct.pack("<BH", len(encoded), value_index[pairs[encoded.decode("utf-8")]])
        entries += encoded
    # jieba's median: sorted(idf_freq.values())[len // 2]
    median = sorted(pairs.values())[len(pairs) // 2]
    header = MAGIC + struct.pack("<IIIId", len(pairs), len(values), bits, len(entries), median)
    return header + struct.pack(f"<{len(values)}d", *values) + bytes(slot_table) + bytes(entries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if idf.bin is out of date")
    args = parser.parse_args()
    blob = build(SOURCE.read_text(encoding="utf-8"))
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_bytes() != blob:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run python scripts/embed_idf.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_bytes(blob)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(blob):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
