//! Counting the Han n-grams of many texts in parallel, in bounded memory.
//!
//! An n-gram of up to [`MAX_GRAM`] Han characters is packed into a `u128`,
//! 16 bits a character (`c - U+4E00 + 1`, never 0, so the length can be read
//! back from the key). Texts are cut into pieces of about [`PIECE_BYTES`]
//! (a long text into several, ending at a non-Han character) and grouped
//! into chunks of about [`CHUNK_BYTES`], which make up rounds. A round's
//! text is shared out in one group per thread, and each group is counted by
//! sorting (see `count_chunk`) into one sorted run of n-grams per length.
//! The table is one sorted run per length as well: the runs of a round are
//! merged into it length by length, in parallel, each a linear merge of
//! sorted runs (no hashing). A round holds at least as much text as the
//! table holds n-grams (a chunk has fewer distinct n-grams than bytes), so
//! over a long input each n-gram is copied a bounded number of times, and
//! at most `max_ngrams / 2` bytes, so the round's runs stay bounded. When
//! the table holds more than its cap, the rarest n-grams of two or more
//! characters are dropped (lossy counting): their counts are lost, so a
//! later count of such an n-gram is low by at most the count it had when
//! dropped.

use std::cmp::Ordering;

use crate::parallel;

use crate::segment::chars::{is_han, FIRST_HAN, LAST_HAN};

/// The longest n-gram a key can hold.
pub const MAX_GRAM: usize = 8;
/// Text per piece: a long text is counted in pieces of about this size.
const PIECE_BYTES: usize = 256 << 10;
/// Text per chunk: rounds are made of whole chunks.
const CHUNK_BYTES: usize = 512 << 10;

/// Counts of one n-gram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Occurrences.
    pub count: u32,
    /// Texts it occurs in.
    pub docs: u32,
    /// The first and last text it occurs in: pieces of one text counted in
    /// different chunks must not count the text twice.
    first_doc: u32,
    last_doc: u32,
}

impl Counts {
    /// `self` and the counts of the same n-gram in the texts that follow.
    fn then(self, later: Counts) -> Counts {
        Counts {
            count: self.count.saturating_add(later.count),
            // The text the later counts start with may be the one the
            // earlier counts end with.
            docs: self.docs + later.docs - u32::from(later.first_doc == self.last_doc),
            first_doc: self.first_doc,
            last_doc: later.last_doc,
        }
    }
}

/// N-grams of one length and their counts, sorted by key.
pub type Run = Vec<(u128, Counts)>;

/// The code of a Han character in a key: from 1 ([`FIRST_HAN`]) to
/// `code(chars::LAST_HAN)`.
#[inline]
pub fn code(c: char) -> u128 {
    (c as u32 - FIRST_HAN as u32 + 1) as u128
}

/// Characters `a..b` (counted from the first) of `key`.
#[inline]
pub fn slice(key: u128, a: usize, b: usize) -> u128 {
    let shifted = key >> (16 * (gram_len(key) - b));
    match b - a {
        MAX_GRAM => shifted,
        len => shifted & ((1u128 << (16 * len)) - 1),
    }
}

/// The characters of `key`, first to last.
pub fn decode(key: u128) -> String {
    let n = gram_len(key);
    (0..n)
        .rev()
        .map(|i| {
            let code = ((key >> (16 * i)) & 0xFFFF) as u32;
            char::from_u32(code - 1 + FIRST_HAN as u32).expect("keys hold Han characters")
        })
        .collect()
}

/// The number of characters in `key`.
#[inline]
pub fn gram_len(key: u128) -> usize {
    (128 - key.leading_zeros() as usize).div_ceil(16)
}

/// The key of `word`, `None` unless it is 1 to [`MAX_GRAM`] Han characters.
pub fn encode(word: &str) -> Option<u128> {
    let mut key = 0u128;
    let mut n = 0;
    for c in word.chars() {
        if !is_han(c) || n == MAX_GRAM {
            return None;
        }
        key = key << 16 | code(c);
        n += 1;
    }
    (n > 0).then_some(key)
}

/// The counted table: n-grams of 1 to `max_gram` characters.
pub struct Table {
    /// The n-grams of each length (`by_len[n]`: of `n` characters; `by_len[0]`
    /// is empty), sorted by key.
    pub by_len: Vec<Run>,
    /// Han characters counted (the sum of the 1-gram counts).
    pub chars: u64,
    /// The highest count at which n-grams were dropped to stay under the
    /// cap; 0 if none was.
    pub pruned_at: u32,
}

impl Table {
    /// The counts of `key`.
    #[inline]
    pub fn get(&self, key: u128) -> Option<&Counts> {
        let run = self.by_len.get(gram_len(key))?;
        let at = run.binary_search_by_key(&key, |e| e.0).ok()?;
        Some(&run[at].1)
    }

    pub fn len(&self) -> usize {
        self.by_len.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A piece of text and the index of the text it comes from.
type Piece<'a> = (u32, &'a str);

/// `texts` in pieces of about [`PIECE_BYTES`], grouped into chunks of
/// texts numbered at most `max_docs` apart.
fn chunks<T: AsRef<str>>(texts: &[T], max_docs: usize) -> Vec<Vec<Piece<'_>>> {
    let pieces = texts.iter().enumerate().flat_map(|(doc, text)| {
        let mut rest = text.as_ref();
        std::iter::from_fn(move || {
            let piece = rest.get(..piece_end(rest)).filter(|p| !p.is_empty())?;
            rest = &rest[piece.len()..];
            Some((doc as u32, piece))
        })
    });
    pack(pieces, CHUNK_BYTES, max_docs)
}

/// The pieces of a round of `chunks` in `groups` groups of about equal
/// size, each counted as one chunk: one sort per thread and one run per
/// length to merge, where a chunk at a time sorted its entries into runs
/// that all had to be merged (copied) and held the same frequent n-grams
/// over again. A group still spans at most `max_docs` texts.
fn groups<'a>(chunks: &[Vec<Piece<'a>>], groups: usize, max_docs: usize) -> Vec<Vec<Piece<'a>>> {
    let pieces = || chunks.iter().flatten().copied();
    let per_group = pieces()
        .map(|p| p.1.len())
        .sum::<usize>()
        .div_ceil(groups.max(1));
    pack(pieces(), per_group, max_docs)
}

/// `pieces` in order, packed into lists of at least `min_bytes` (but the
/// last), each of texts numbered fewer than `max_docs` apart.
fn pack<'a>(
    pieces: impl IntoIterator<Item = Piece<'a>>,
    min_bytes: usize,
    max_docs: usize,
) -> Vec<Vec<Piece<'a>>> {
    let mut out = Vec::new();
    let mut list: Vec<Piece<'a>> = Vec::new();
    let mut bytes = 0;
    for piece in pieces {
        if list
            .first()
            .is_some_and(|&(first, _)| (piece.0 - first) as usize >= max_docs)
        {
            out.push(std::mem::take(&mut list));
            bytes = 0;
        }
        list.push(piece);
        bytes += piece.1.len();
        if bytes >= min_bytes {
            out.push(std::mem::take(&mut list));
            bytes = 0;
        }
    }
    if !list.is_empty() {
        out.push(list);
    }
    out
}

/// Where the first piece of `text` ends: all of it if short, else after
/// the first non-Han character past [`PIECE_BYTES`] (or at a character
/// boundary, in a Han run longer than a kilobyte).
fn piece_end(text: &str) -> usize {
    if text.len() <= PIECE_BYTES {
        return text.len();
    }
    let mut at = PIECE_BYTES;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    let search_end = (at + 1024).min(text.len());
    text[at..]
        .char_indices()
        .take_while(|&(i, _)| at + i < search_end)
        .find(|&(_, c)| !is_han(c))
        .map_or(at, |(i, c)| at + i + c.len_utf8())
}

/// One chunk's counts: a sorted run for each length (index 0 empty).
type ChunkCounts = Vec<Run>;

/// Bits of a character in a sort entry of [`count_chunk`]: the codes go
/// up to `code(LAST_HAN)`, which is below 2^15.
const SORT_CODE_BITS: usize = 15;
const _: () = assert!(
    (LAST_HAN as u32 - FIRST_HAN as u32 + 1) < 1 << SORT_CODE_BITS,
    "a Han code fits in a sort entry's character"
);

/// Bits left for the number of a text within its chunk in a sort entry of
/// `max_gram` characters: 23 at the default `max_gram` of 7, 8 at 8.
fn sort_doc_bits(max_gram: usize) -> usize {
    128 - SORT_CODE_BITS * max_gram
}

/// The most texts a chunk may hold for sort entries of `max_gram`
/// characters. Short grams leave more bits than a `usize` has (83 at 3):
/// past `usize::MAX` texts the limit cannot bind anyway.
fn max_docs_per_chunk(max_gram: usize) -> usize {
    1usize
        .checked_shl(sort_doc_bits(max_gram) as u32)
        .unwrap_or(usize::MAX)
}

/// Count the n-grams of up to `max_gram` characters in one chunk.
///
/// Rather than one hash-map update per n-gram (up to `max_gram` a
/// character), each position contributes one entry, the longest n-gram
/// starting there: a `u128` holding its characters from the top down, 15
/// bits each, and the number of its text within the chunk in the low bits
/// (16 bytes, where a key and a text number side by side took 32: half the
/// memory to sort and to fault in). Sorted, the entries whose keys share
/// their first `k` characters are adjacent: each run of them is one
/// `k`-gram, its length the count. So one sort and one pass count every
/// length, with no hash map; each length's n-grams come out in key order,
/// a sorted run, into vectors sized exactly by a first pass over the
/// sorted entries (growing them by doubling copied and faulted in about
/// twice their size).
fn count_chunk(pieces: &[Piece<'_>], max_gram: usize) -> ChunkCounts {
    let mut runs: ChunkCounts = vec![Vec::new(); max_gram + 1];
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
        return runs;
    };
    let first_doc = first.0;
    let docs_in_chunk = (last.0 - first_doc) as usize + 1;
    let doc_bits = sort_doc_bits(max_gram);
    debug_assert!(docs_in_chunk <= max_docs_per_chunk(max_gram));
    // The entries are sorted by their first character first: a pass over
    // the text counts the entries of each first character, each entry is
    // then written into its character's bucket, and only the buckets are
    // sorted (a few hundred entries each, where one sort of every entry
    // took some twenty comparisons an entry).
    let mut bucket_ends = vec![0u32; code(LAST_HAN) as usize + 2];
    for &(_, text) in pieces {
        for c in text.chars().filter(|&c| is_han(c)) {
            bucket_ends[code(c) as usize] += 1;
        }
    }
    let mut total = 0;
    for end in bucket_ends.iter_mut() {
        total += *end;
        *end = total;
    }
    // The next free slot of each bucket: its start, then up to its end.
    let mut next: Vec<u32> = std::iter::once(0)
        .chain(bucket_ends.iter().copied())
        .collect();
    let mut starts = vec![0u128; total as usize];
    let doc_mask = (1u128 << doc_bits) - 1;
    let top = 128 - SORT_CODE_BITS;
    for &(doc, text) in pieces {
        let local_doc = u128::from(doc - first_doc);
        // From the last character back, the entry of a position is its
        // character over the next position's entry shifted down one
        // character (the one that falls past `max_gram` is masked off).
        let mut chars = 0u128;
        for c in text.chars().rev() {
            if is_han(c) {
                chars = (chars >> SORT_CODE_BITS) & !doc_mask | code(c) << top;
                let slot = &mut next[code(c) as usize];
                starts[*slot as usize] = chars | local_doc;
                *slot += 1;
            } else {
                chars = 0;
            }
        }
    }
    let mut start = 0;
    for &end in &bucket_ends {
        starts[start..end as usize].sort_unstable();
        start = end as usize;
    }

    // The characters of an entry, and how many there are.
    let chars_of = |entry: u128| {
        let chars = entry & !doc_mask;
        (
            chars,
            (128 - chars.trailing_zeros() as usize).div_ceil(SORT_CODE_BITS),
        )
    };
    // How many of its first characters an entry shares with the entry
    // before it (the characters of both): in sorted order it starts a new
    // `k`-gram for every `k` past those. A code is never 0, so an entry
    // shares no more characters than either has.
    let shared_with = |previous: u128, chars: u128, len: usize| {
        ((previous ^ chars).leading_zeros() as usize / SORT_CODE_BITS).min(len)
    };
    // How many distinct n-grams of each length (as differences: an entry
    // adds one to each length in `shared + 1..=len`).
    let mut distinct = vec![0isize; max_gram + 2];
    let mut previous = 0u128;
    for &entry in &starts {
        let (chars, len) = chars_of(entry);
        distinct[shared_with(previous, chars, len) + 1] += 1;
        distinct[len + 1] -= 1;
        previous = chars;
    }
    let mut sum = 0;
    for (run, &d) in runs.iter_mut().zip(&distinct) {
        sum += d;
        run.reserve_exact(sum as usize);
    }
    // The open n-grams are those of lengths `1..=open_len`, the prefixes of
    // the entries just passed: for each length, its key, the index of the
    // entry it starts at (its count is the number of entries up to the one
    // that closes it), its documents and its first and last text. Per text of
    // the chunk, a row of the serial numbers of the last n-gram of each length
    // counted in it (so a text counts once in each n-gram's documents).
    const SLOTS: usize = MAX_GRAM + 1;
    let mut keys = [0u128; SLOTS];
    let mut opened = [0u32; SLOTS];
    let mut docs = [0u32; SLOTS];
    let mut first = [0u32; SLOTS];
    let mut last = [0u32; SLOTS];
    let mut serial = [0u32; SLOTS];
    let mut seen = vec![[0u32; SLOTS]; docs_in_chunk];
    let mut open_len = 0;
    let (mut previous, mut previous_local) = (0u128, usize::MAX);
    let code_mask = (1u128 << SORT_CODE_BITS) - 1;
    for (at, &entry) in starts.iter().enumerate() {
        let at = at as u32;
        let (chars, len) = chars_of(entry);
        let shared = shared_with(previous, chars, len);
        previous = chars;
        let local = (entry & doc_mask) as usize;
        let doc = first_doc + local as u32;
        // The n-grams longer than the shared characters end here.
        for k in shared + 1..=open_len {
            runs[k].push((
                keys[k],
                Counts {
                    count: at - opened[k],
                    docs: docs[k],
                    first_doc: first[k],
                    last_doc: last[k],
                },
            ));
        }
        // The shared ones go on: the text counts if it is new to them (the
        // entry before, of the same text, counted it already).
        let row = &mut seen[local];
        if local != previous_local {
            for k in 1..=shared {
                if row[k] != serial[k] {
                    row[k] = serial[k];
                    docs[k] += 1;
                    first[k] = first[k].min(doc);
                    last[k] = last[k].max(doc);
                }
            }
        }
        previous_local = local;
        // The entry's longer prefixes start new n-grams: their 16-bit keys
        // built a character at a time on the open key of the shared ones
        // (`keys[0]` is 0), which spells the entry's first characters.
        let mut key = keys[shared];
        let mut rest = chars << (SORT_CODE_BITS * shared);
        for k in shared + 1..=len {
            key = key << 16 | (rest >> top) & code_mask;
            rest <<= SORT_CODE_BITS;
            keys[k] = key;
            opened[k] = at;
            serial[k] += 1;
            row[k] = serial[k];
            docs[k] = 1;
            first[k] = doc;
            last[k] = doc;
        }
        open_len = len;
    }
    let end = starts.len() as u32;
    for k in 1..=open_len {
        runs[k].push((
            keys[k],
            Counts {
                count: end - opened[k],
                docs: docs[k],
                first_doc: first[k],
                last_doc: last[k],
            },
        ));
    }
    runs
}

/// The counts of `earlier` and `later`, runs of the same length whose
/// texts follow one another, in one sorted run.
fn merge(earlier: Run, later: Run) -> Run {
    if earlier.is_empty() {
        return later;
    }
    let mut out = Vec::with_capacity(earlier.len() + later.len());
    let (mut i, mut j) = (0, 0);
    while i < earlier.len() && j < later.len() {
        let (a, b) = (earlier[i], later[j]);
        match a.0.cmp(&b.0) {
            Ordering::Less => {
                out.push(a);
                i += 1;
            }
            Ordering::Greater => {
                out.push(b);
                j += 1;
            }
            Ordering::Equal => {
                out.push((a.0, a.1.then(b.1)));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&earlier[i..]);
    out.extend_from_slice(&later[j..]);
    out
}

/// Consecutive runs of one length, first to last, merged into one: pairs
/// of neighbours at a time, so each n-gram is copied about log2(runs) times.
fn merge_in_order(mut runs: Vec<Run>) -> Run {
    while runs.len() > 1 {
        let mut pairs = Vec::with_capacity(runs.len().div_ceil(2));
        let mut rest = runs.into_iter();
        while let Some(earlier) = rest.next() {
            pairs.push(match rest.next() {
                Some(later) => merge(earlier, later),
                None => earlier,
            });
        }
        runs = pairs;
    }
    runs.pop().unwrap_or_default()
}

/// Count every Han n-gram of 1 to `max_gram` characters in `texts` on the
/// current rayon pool, keeping at most about `max_ngrams` n-grams.
pub fn count<T: AsRef<str> + Sync>(texts: &[T], max_gram: usize, max_ngrams: usize) -> Table {
    assert!((1..=MAX_GRAM).contains(&max_gram));
    let max_docs = max_docs_per_chunk(max_gram);
    let chunks = chunks(texts, max_docs);
    let mut by_len: Vec<Run> = vec![Vec::new(); max_gram + 1];
    let mut pruned_at = 0;
    // A few chunks per thread, and at least as many bytes as the table has
    // n-grams (up to half the cap): see the module's documentation.
    let threads = rayon::current_num_threads();
    let min_chunks = threads * 2;
    let mut next = 0;
    while next < chunks.len() {
        let goal = by_len
            .iter()
            .map(Vec::len)
            .sum::<usize>()
            .min(max_ngrams / 2);
        let (mut end, mut bytes) = (next, 0);
        while end < chunks.len() && (end - next < min_chunks || bytes < goal) {
            bytes += chunks[end].iter().map(|p| p.1.len()).sum::<usize>();
            end += 1;
        }
        let groups = groups(&chunks[next..end], threads, max_docs);
        let counted: Vec<ChunkCounts> =
            parallel::map_chunks_collect(&groups, 1, |one| count_chunk(&one[0], max_gram));
        next = end;
        // Transpose to length-major, keeping chunk order within a length.
        let mut parts: Vec<Vec<Run>> = vec![Vec::new(); max_gram + 1];
        for chunk in counted {
            for (len, run) in chunk.into_iter().enumerate() {
                parts[len].push(run);
            }
        }
        let mut merges: Vec<(&mut Run, Vec<Run>)> = by_len.iter_mut().zip(parts).collect();
        parallel::for_each_chunk_mut(&mut merges, 1, |_, one| {
            let (into, parts) = &mut one[0];
            let later = merge_in_order(std::mem::take(parts));
            **into = merge(std::mem::take(*into), later);
        });
        let kept: usize = by_len.iter().map(Vec::len).sum();
        if kept > max_ngrams {
            pruned_at = pruned_at.max(prune(&mut by_len, max_ngrams / 2));
        }
    }
    let chars = by_len
        .get(1)
        .map_or(0, |run| run.iter().map(|(_, c)| u64::from(c.count)).sum());
    Table {
        by_len,
        chars,
        pruned_at,
    }
}

/// Drop n-grams of two or more characters with the lowest counts until at
/// most `target` n-grams are left (single characters are always kept:
/// there are at most some 21,000 and cohesion needs them). Returns the
/// highest count dropped.
fn prune(by_len: &mut [Run], target: usize) -> u32 {
    // How many multi-character n-grams have each count (up to 255).
    let mut histogram = [0usize; 256];
    for run in by_len.iter().skip(2) {
        for (_, c) in run {
            histogram[(c.count as usize).min(255)] += 1;
        }
    }
    let total: usize = by_len.iter().map(Vec::len).sum();
    let mut dropping = 0;
    let mut threshold = 0u32;
    for (count, &n) in histogram.iter().enumerate().skip(1) {
        if total - dropping <= target {
            break;
        }
        dropping += n;
        threshold = count as u32;
    }
    if let Some(longer) = by_len.get_mut(2..) {
        parallel::for_each_chunk_mut(longer, 1, |_, one| {
            one[0].retain(|(_, c)| c.count > threshold);
            one[0].shrink_to_fit();
        });
    }
    threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for word in ["台", "台积电", "沙乌地阿拉伯", "一丁七万丈三上下"] {
            let key = encode(word).unwrap();
            assert_eq!(decode(key), word);
            assert_eq!(gram_len(key), word.chars().count());
        }
        let key = encode("沙乌地阿拉伯").unwrap();
        assert_eq!(decode(slice(key, 0, 4)), "沙乌地阿");
        assert_eq!(decode(slice(key, 2, 6)), "地阿拉伯");
        assert_eq!(decode(slice(key, 1, 3)), "乌地");
        let longest = encode("一丁七万丈三上下").unwrap();
        assert_eq!(slice(longest, 0, MAX_GRAM), longest);
        assert!(is_han(LAST_HAN) && !is_han(char::from_u32(LAST_HAN as u32 + 1).unwrap()));
        assert_eq!(encode("台积电TSMC"), None);
        assert_eq!(encode(""), None);
        assert_eq!(encode("一二三四五六七八九"), None);
    }

    #[test]
    fn counts_and_documents_are_exact_across_pieces_and_chunks() {
        // A text longer than a chunk, in many pieces, then short ones.
        let long = "台积电的晶圆，".repeat(CHUNK_BYTES / 10);
        let texts = vec![long.clone(), "台积电。".to_owned(), "没有".to_owned()];
        let table = crate::parallel::install(Some(2), || count(&texts, 4, usize::MAX));
        let n = long.matches("台积电").count() as u32 + 1;
        let c = table.get(encode("台积电").unwrap()).unwrap();
        assert_eq!((c.count, c.docs), (n, 2));
        assert_eq!(table.get(encode("没有").unwrap()).unwrap().docs, 1);
        // Across a non-Han character nothing is counted.
        assert!(table.get(encode("圆台").unwrap()).is_none());
        assert_eq!(table.pruned_at, 0);
        let han = texts.iter().flat_map(|t| t.chars()).filter(|&c| is_han(c));
        assert_eq!(table.chars, han.count() as u64);
    }

    /// `n` texts over a few characters (many repeats, runs of every
    /// length) with non-Han breaks, from a fixed pseudo-random sequence;
    /// `len` gives each text's length from a random number below 16.
    fn random_texts(n: usize, len: impl Fn(usize) -> usize) -> Vec<String> {
        let alphabet: Vec<char> = "台积电的中国。a".chars().collect();
        let mut state = 7u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            state
        };
        (0..n)
            .map(|_| {
                // The length from the state's top bits, which start at 0:
                // the state must move on for every text, not only for
                // every character (else every text would be empty).
                let len = len((next() >> 60) as usize);
                (0..len)
                    .map(|_| alphabet[(next() >> 33) as usize % alphabet.len()])
                    .collect()
            })
            .collect()
    }

    /// Count `texts` on `threads` and check every n-gram against a direct
    /// count, and that the runs are sorted.
    fn assert_direct_count(texts: &[String], max_gram: usize, threads: usize) {
        let mut expected: std::collections::HashMap<
            String,
            (u32, std::collections::BTreeSet<usize>),
        > = Default::default();
        for (doc, text) in texts.iter().enumerate() {
            let chars: Vec<char> = text.chars().collect();
            for i in 0..chars.len() {
                for n in 1..=max_gram.min(chars.len() - i) {
                    let gram = &chars[i..i + n];
                    if gram.iter().all(|&c| is_han(c)) {
                        let e = expected.entry(gram.iter().collect()).or_default();
                        e.0 += 1;
                        e.1.insert(doc);
                    }
                }
            }
        }
        let table = crate::parallel::install(Some(threads), || count(texts, max_gram, usize::MAX));
        assert!(expected.len() > 100, "the texts hold n-grams to count");
        assert_eq!(table.len(), expected.len());
        for (gram, (n, docs)) in &expected {
            let c = table.get(encode(gram).unwrap()).unwrap();
            assert_eq!((c.count, c.docs), (*n, docs.len() as u32), "{gram}");
        }
        for (len, run) in table.by_len.iter().enumerate() {
            assert!(run.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(run.iter().all(|(key, _)| gram_len(*key) == len));
        }
    }

    #[test]
    fn counts_match_a_direct_count_of_every_ngram() {
        assert_direct_count(&random_texts(300, |r| r * 3), 5, 2);
    }

    #[test]
    fn counts_stay_exact_over_several_rounds_of_chunks() {
        // Some 2 MB in texts of 36 KB: four chunks, merged into the table
        // in two rounds on one thread.
        let texts = random_texts(60, |_| 12_000);
        assert!(chunks(&texts, max_docs_per_chunk(3)).len() >= 4);
        assert_direct_count(&texts, 3, 1);
    }

    #[test]
    fn counts_stay_exact_at_the_longest_grams_in_chunks_of_few_texts() {
        // At MAX_GRAM a sort entry has room for 256 texts of a chunk.
        let texts = random_texts(700, |r| r * 3);
        assert!(chunks(&texts, max_docs_per_chunk(MAX_GRAM)).len() >= 3);
        assert_direct_count(&texts, MAX_GRAM, 2);
    }

    #[test]
    fn pruning_keeps_the_frequent_ngrams_and_every_character() {
        let mut texts: Vec<String> = (0..3000)
            .map(|i| {
                let rare: String = (0..6)
                    .map(|j| char::from_u32(0x4E00 + (i * 7 + j) % 20000).unwrap())
                    .collect();
                format!("新冠疫情{rare}")
            })
            .collect();
        texts.push("新冠".to_owned());
        let table = count(&texts, 3, 2000);
        assert!(table.pruned_at >= 1);
        assert!(table.len() < 20000);
        assert_eq!(table.get(encode("新冠疫").unwrap()).unwrap().count, 3000);
        assert_eq!(table.get(encode("新冠").unwrap()).unwrap().docs, 3001);
        let chars = texts.iter().flat_map(|t| t.chars()).count() as u64;
        assert_eq!(table.chars, chars);
    }
}
