//! jieba's IDF table as `scripts/embed_idf.py` lays it out (`data/idf.bin`):
//! an open-addressing hash table embedded in the library and read in place,
//! so using it parses nothing (parsing `idf.txt` into a hash map took about
//! 0.14 s of CPU, which the first `extract_tags` waited for). The layout is
//! described in the script.

static BLOB: &[u8] = include_bytes!("data/idf.bin");

const MAGIC: &[u8; 8] = b"ZTIDF\0\0\x01";
const HEADER_LEN: usize = 32;
/// Each entry: the word's length (u8), its value's index (u16), the word.
const ENTRY_HEAD: usize = 3;

/// The embedded table: slices of [`BLOB`], found from its header.
#[derive(Debug, Clone, Copy)]
pub(super) struct EmbeddedIdf {
    len: usize,
    median: f64,
    slot_bits: u32,
    values: &'static [u8],
    slots: &'static [u8],
    entries: &'static [u8],
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// FNV-1a (64 bits), then a Fibonacci multiply whose top bits pick the slot:
/// the same as `home_slot` in scripts/embed_idf.py.
fn home_slot(word: &[u8], slot_bits: u32) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in word {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - slot_bits)) as usize
}

impl EmbeddedIdf {
    /// The table in the embedded blob (only its 32-byte header is read).
    pub(super) fn get() -> EmbeddedIdf {
        Self::from_blob(BLOB).expect("idf.bin is written by scripts/embed_idf.py")
    }

    fn from_blob(blob: &'static [u8]) -> Option<EmbeddedIdf> {
        if blob.get(..8)? != MAGIC {
            return None;
        }
        let [len, n_values, slot_bits, entries_len] =
            [8, 12, 16, 20].map(|at| u32_at(blob, at).map(|v| v as usize));
        let (len, n_values, slot_bits, entries_len) = (len?, n_values?, slot_bits?, entries_len?);
        let median = f64::from_le_bytes(blob.get(24..32)?.try_into().ok()?);
        if !(1..32).contains(&slot_bits) {
            return None;
        }
        let (values, rest) = blob.get(HEADER_LEN..)?.split_at_checked(n_values * 8)?;
        let (slots, entries) = rest.split_at_checked(4 << slot_bits)?;
        // A full table would leave a lookup of a missing word nowhere to stop.
        if entries.len() != entries_len || len >= 1 << slot_bits {
            return None;
        }
        Some(EmbeddedIdf {
            len,
            median,
            slot_bits: slot_bits as u32,
            values,
            slots,
            entries,
        })
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    pub(super) fn median(&self) -> f64 {
        self.median
    }

    /// The entry at byte `at` of the entries: its word and its IDF.
    fn entry(&self, at: usize) -> Option<(&'static [u8], f64)> {
        let head = self.entries.get(at..at + ENTRY_HEAD)?;
        let word = self
            .entries
            .get(at + ENTRY_HEAD..at + ENTRY_HEAD + usize::from(head[0]))?;
        let value_at = usize::from(u16::from_le_bytes([head[1], head[2]])) * 8;
        let value = f64::from_le_bytes(self.values.get(value_at..value_at + 8)?.try_into().ok()?);
        Some((word, value))
    }

    /// The IDF of `word`, if the table holds it.
    #[inline]
    pub(super) fn lookup(&self, word: &str) -> Option<f64> {
        let word = word.as_bytes();
        let mask = (1usize << self.slot_bits) - 1;
        let mut slot = home_slot(word, self.slot_bits);
        loop {
            let at = u32_at(self.slots, slot * 4)? as usize;
            // 0: an empty slot, where the word would have been put.
            let (entry_word, value) = self.entry(at.checked_sub(1)?)?;
            if entry_word == word {
                return Some(value);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Every `(word, idf)` pair, in slot order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, f64)> + '_ {
        let mut at = 0;
        std::iter::from_fn(move || {
            let (word, value) = self.entry(at)?;
            at += ENTRY_HEAD + word.len();
            // The script writes the words from Python strings: valid UTF-8.
            Some((std::str::from_utf8(word).ok()?, value))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keywords::IdfTable;

    #[test]
    fn the_blob_holds_exactly_the_pairs_and_median_of_idf_txt() {
        let text = include_str!("data/idf.txt");
        let parsed = IdfTable::parse(text, "idf.txt").unwrap();
        let blob = EmbeddedIdf::get();
        assert_eq!(blob.len(), parsed.len());
        assert_eq!(
            blob.iter().count(),
            parsed.len(),
            "every entry is read back"
        );
        assert_eq!(blob.median().to_bits(), parsed.median().to_bits());
        for (word, value) in parsed.iter() {
            assert_eq!(
                blob.lookup(word).map(f64::to_bits),
                Some(value.to_bits()),
                "{word}"
            );
        }
        for missing in ["", "没有的词语", "劳动", "劳动防护x", "the"] {
            assert_eq!(
                blob.lookup(missing),
                parsed.iter().find(|p| p.0 == missing).map(|p| p.1)
            );
        }
    }

    #[test]
    fn a_damaged_blob_is_refused() {
        assert!(EmbeddedIdf::from_blob(&BLOB[..20]).is_none());
        assert!(EmbeddedIdf::from_blob(&BLOB[..BLOB.len() - 1]).is_none());
        assert!(EmbeddedIdf::from_blob(b"not a table at all, not at all..").is_none());
    }
}
