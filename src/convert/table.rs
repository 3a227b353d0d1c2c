//! A conversion table: OpenCC dictionary entries, looked up by longest prefix.

use rustc_hash::FxHashMap;

/// A key prefix in a [`Table`]: the replacement when the prefix is itself a
/// key, and whether longer keys start with it.
#[derive(Clone, Copy, Default)]
struct Node {
    value: Option<&'static str>,
    extends: bool,
}

/// The entries of one or more OpenCC text dictionaries (`key\tvalue value…`
/// lines), merged: a key keeps the first dictionary's value, as OpenCC's
/// `union` groups do, and each key its first (default) value.
///
/// Every prefix of every key is in one hash map, so the longest key at a
/// position is found by extending the prefix one character at a time while
/// longer keys exist (a trie whose nodes are hashed strings): on news text
/// that stops after one or two lookups.
pub(crate) struct Table {
    nodes: FxHashMap<&'static str, Node>,
    /// The smallest and largest first character of any key: text outside
    /// the range cannot match, which lets a table that rarely applies (the
    /// compatibility ideographs) pass text through after a cheap scan.
    first_chars: (char, char),
    /// A bit for each character of the Basic Multilingual Plane that some
    /// key starts with. Most positions of a text start no key of most
    /// tables (a stage tries up to three), and the bit says so without
    /// hashing; characters beyond the BMP go to the map.
    starts: Box<[u64; BMP_WORDS]>,
}

/// Words of a bit set over the Basic Multilingual Plane.
const BMP_WORDS: usize = 0x1_0000 / 64;

impl Table {
    pub(crate) fn from_sources(sources: &[&'static str]) -> Table {
        let mut nodes: FxHashMap<&'static str, Node> = FxHashMap::default();
        let mut first_chars = (char::MAX, '\0');
        let mut starts = Box::new([0u64; BMP_WORDS]);
        for source in sources {
            for line in source.lines() {
                let Some((key, values)) = line.split_once('\t') else {
                    continue;
                };
                let Some(value) = values.split(' ').next().filter(|v| !v.is_empty()) else {
                    continue;
                };
                let Some(first) = key.chars().next() else {
                    continue;
                };
                first_chars = (first_chars.0.min(first), first_chars.1.max(first));
                if let Some(word) = starts.get_mut(first as usize / 64) {
                    *word |= 1 << (first as usize % 64);
                }
                for (end, _) in key.char_indices().skip(1) {
                    nodes.entry(&key[..end]).or_default().extends = true;
                }
                let node = nodes.entry(key).or_default();
                if node.value.is_none() {
                    node.value = Some(value);
                }
            }
        }
        Table {
            nodes,
            first_chars,
            starts,
        }
    }

    /// The longest key that `text` starts with: its length in bytes and
    /// its replacement.
    #[inline]
    pub(crate) fn longest_prefix(&self, text: &str) -> Option<(usize, &'static str)> {
        let mut best = None;
        let mut chars = text.char_indices();
        let (_, first) = chars.next()?;
        if let Some(word) = self.starts.get(first as usize / 64) {
            if word & (1 << (first as usize % 64)) == 0 {
                return None;
            }
        }
        loop {
            let end = chars.next().map_or(text.len(), |(i, _)| i);
            let Some(node) = self.nodes.get(&text[..end]) else {
                return best;
            };
            if let Some(value) = node.value {
                best = Some((end, value));
            }
            if !node.extends || end == text.len() {
                return best;
            }
        }
    }

    /// Whether some key could start in `text`.
    pub(crate) fn may_match(&self, text: &str) -> bool {
        let (lo, hi) = self.first_chars;
        text.chars().any(|c| (lo..=hi).contains(&c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_key_wins_and_the_first_source_keeps_a_key() {
        let table =
            Table::from_sources(&["干\t幹 乾\n干燥\t乾燥\n", "干燥\t幹燥\n干燥剂\t乾燥劑\n"]);
        assert_eq!(table.longest_prefix("干燥了"), Some(("干燥".len(), "乾燥")));
        assert_eq!(
            table.longest_prefix("干燥剂"),
            Some(("干燥剂".len(), "乾燥劑"))
        );
        assert_eq!(table.longest_prefix("干了"), Some(("干".len(), "幹")));
        assert_eq!(table.longest_prefix("了干"), None);
        assert_eq!(table.longest_prefix(""), None);
        assert!(table.may_match("x干") && !table.may_match("abc"));
    }
}
