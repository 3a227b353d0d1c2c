//! jieba-rs's precise-mode cut over a copy of the dictionary laid out for it.
//!
//! A short text is cut in a few microseconds, most of them spent waiting for
//! dictionary entries that are not in the cache: jieba-rs's trie takes one
//! step per character into a 16 MB table, each step's address known only
//! once the previous step's entry has arrived, and then loads each word's
//! frequency from a second table. Here every prefix of a dictionary word of
//! two to four characters is keyed by its characters' ids alone (ids of 15
//! bits, packed), so the address of every entry a text can need is computed
//! from the text: the entries of all its character pairs are requested at
//! once, then those of the triples that the pairs say exist, and only then
//! is the best route computed, from the last character back, with each
//! word's log frequency in its entry. Entries that cannot exist are not
//! looked up: a character's entry and a pair's or triple's carry filters of
//! the characters that follow them in words. The tables sit on huge pages
//! where the system offers them. The route and the tokens are jieba-rs's
//! (`Jieba::cut`), token for token, ties and zero frequencies included, but
//! for the characters only jieba-rs counts as Han, which come out one per
//! word as in Python jieba; the runs the route leaves to the HMM go to
//! [`super::finalseg`], jieba-rs's HMM.

use std::cell::Cell;

use rustc_hash::FxHashMap;

use super::chars::{is_han_default, is_han_internal};

const ID_BITS: u32 = 15;
/// Characters of dictionary words get ids `1..MAX_IDS`; 0 stands for every
/// character that is in no word.
pub(super) const MAX_IDS: usize = 1 << ID_BITS;
/// Prefixes this long or shorter are keyed by their packed ids.
const PACKED_CHARS: usize = 4;
/// The key bits of a slot of four characters, in the quads' table.
const QUAD_KEY_MASK: u64 = (1 << (PACKED_CHARS as u32 * ID_BITS)) - 1;
/// The key bits of a slot of two or three characters, in the short table.
const SHORT_KEY_MASK: u64 = (1 << (3 * ID_BITS)) - 1;
/// A short slot's bits above its key: a filter of the ids of the
/// characters that follow its prefix in words, one bit each of 16 (see
/// [`child_bit`]). Most prefixes have few such characters, and a text's
/// prefix with children is mostly followed by none of them: the filter
/// spares most lookups of three- and four-character prefixes, each of
/// which would miss the cache.
const CHILD_FILTER_SHIFT: u32 = 3 * ID_BITS;
/// Set in a slot's key when its prefix is the prefix of a longer word.
const HAS_CHILDREN: u64 = 1 << 63;
/// Set in the last slot of a full bucket that a key was placed past: a
/// lookup that finds neither its key nor an empty slot in a bucket without
/// it can stop there. Most keys a text asks for are not in the table (the
/// filters let some through), and without this nearly half of those went
/// on to a second bucket, whose line had not been requested.
const OVERFLOWED: u64 = 1 << 62;
const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;
/// Tables grow past this load, in percent of their slots.
const MAX_LOAD_PERCENT: usize = 80;

/// Words longer than this are not held (jieba's longest has 16
/// characters): every prefix past the fourth character is a key of its
/// own, so a word of `L` characters costs `L²` bytes and a step of the
/// route a hash of up to `L` characters.
const MAX_WORD_CHARS: usize = 64;

/// A dictionary this table does not hold: more distinct characters than
/// 15-bit ids can number (jieba's has 12,045), or a word longer than
/// [`MAX_WORD_CHARS`]. Its segmenter cuts with jieba-rs's own `cut`, whose
/// trie is linear in a word's length.
#[derive(Debug)]
pub(crate) struct Unfit;

/// A prefix of a dictionary word: its key (0 for an empty slot) and, if it
/// is a word itself, `ln(freq)`, else NaN.
#[derive(Clone, Copy)]
#[repr(C)]
struct Slot {
    key: u64,
    log_freq: f64,
}

/// Four slots on one cache line: a lookup reads one line, nearly always.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Bucket([Slot; 4]);

/// An open-addressing table of slots, probed bucket by bucket.
struct Table {
    buckets: Buckets,
    /// `64 - log2(buckets)`: a hash shifted right by it indexes a bucket.
    shift: u32,
    /// The bits of a slot's key that are its key ([`SHORT_KEY_MASK`] or
    /// [`QUAD_KEY_MASK`]).
    key_mask: u64,
    len: usize,
}

impl Table {
    /// A table that holds `entries` without growing.
    fn with_capacity(entries: usize, key_mask: u64) -> Table {
        let slots = (entries * 100 / MAX_LOAD_PERCENT + 1).next_power_of_two();
        // At least two, so that the shift stays below 64.
        let buckets = (slots / 4).max(2);
        Table {
            buckets: Buckets::zeroed(buckets),
            shift: 64 - buckets.trailing_zeros(),
            key_mask,
            len: 0,
        }
    }

    #[inline(always)]
    fn bucket_of(&self, key: u64) -> usize {
        (key.wrapping_mul(MULTIPLIER) >> self.shift) as usize
    }

    #[inline(always)]
    fn find(&self, key: u64) -> Option<&Slot> {
        let mask = self.buckets.len() - 1;
        let mut b = self.bucket_of(key);
        loop {
            let slots = &self.buckets[b].0;
            for slot in slots {
                if slot.key & self.key_mask == key {
                    return Some(slot);
                }
                if slot.key == 0 {
                    return None;
                }
            }
            if slots[3].key & OVERFLOWED == 0 {
                return None;
            }
            b = (b + 1) & mask;
        }
    }

    /// Ask for the bucket of `key` to be brought into the cache.
    #[inline(always)]
    fn prefetch(&self, key: u64) {
        crate::prefetch(&self.buckets[self.bucket_of(key)]);
    }

    /// The slot of `key`, added (as a prefix only) if absent.
    fn entry(&mut self, key: u64) -> &mut Slot {
        if (self.len + 1) * 100 > self.buckets.len() * 4 * MAX_LOAD_PERCENT {
            self.grow();
        }
        let mask = self.buckets.len() - 1;
        let mut b = self.bucket_of(key);
        loop {
            let found = self.buckets[b]
                .0
                .iter()
                .position(|s| s.key & self.key_mask == key || s.key == 0);
            if let Some(s) = found {
                let slot = &mut self.buckets[b].0[s];
                if slot.key == 0 {
                    *slot = Slot {
                        key,
                        log_freq: f64::NAN,
                    };
                    self.len += 1;
                }
                return slot;
            }
            self.buckets[b].0[3].key |= OVERFLOWED;
            b = (b + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let doubled = Table::with_capacity(
            self.buckets.len() * 8 * MAX_LOAD_PERCENT / 100,
            self.key_mask,
        );
        let old = std::mem::replace(self, doubled);
        for slot in old.buckets.iter().flat_map(|b| &b.0) {
            if slot.key != 0 {
                // Where keys overflow is the new table's own.
                *self.entry(slot.key & self.key_mask) = Slot {
                    key: slot.key & !OVERFLOWED,
                    ..*slot
                };
            }
        }
    }
}

impl Clone for Table {
    fn clone(&self) -> Table {
        let mut buckets = Buckets::zeroed(self.buckets.len());
        buckets.copy_from_slice(&self.buckets);
        Table {
            buckets,
            shift: self.shift,
            key_mask: self.key_mask,
            len: self.len,
        }
    }
}

/// A table's buckets, in memory the kernel is asked to back with huge
/// pages: a short text's lookups land on about as many pages of the table
/// as they read entries, and with 4 KB pages nearly each of them missed
/// the TLB as well as the cache (a huge page is 2 MB: jieba's tables take
/// five). The memory is aligned to the huge page size and asked for zeroed
/// and untouched, so that its pages are huge from their first use.
struct Buckets {
    ptr: std::ptr::NonNull<Bucket>,
    len: usize,
}

// SAFETY: `Buckets` owns its buckets, plain data, like a `Box<[Bucket]>`.
unsafe impl Send for Buckets {}
// SAFETY: as above; shared access only reads.
unsafe impl Sync for Buckets {}

impl Buckets {
    const HUGE_PAGE: usize = 2 << 20;

    /// `len` empty buckets.
    fn zeroed(len: usize) -> Buckets {
        let layout = Self::layout(len);
        // SAFETY: the layout is not zero-sized (see `layout`).
        let ptr = unsafe { std::alloc::alloc(layout) };
        let Some(ptr) = std::ptr::NonNull::new(ptr.cast::<Bucket>()) else {
            std::alloc::handle_alloc_error(layout);
        };
        #[cfg(target_os = "linux")]
        if layout.size() >= Self::HUGE_PAGE {
            // SAFETY: a hint about whole pages of this allocation; it
            // changes no contents. Without huge pages it is ignored, and
            // its error is of no consequence.
            unsafe {
                libc::madvise(ptr.as_ptr().cast(), layout.size(), libc::MADV_HUGEPAGE);
            }
        }
        // Zeroed only now, so that the pages are first touched after the
        // hint (an aligned `alloc_zeroed` writes its zeros before it).
        // SAFETY: the allocation holds `layout.size()` bytes; all-zero bytes
        // are an empty bucket (keys 0, frequencies 0.0).
        unsafe { ptr.as_ptr().cast::<u8>().write_bytes(0, layout.size()) };
        Buckets { ptr, len }
    }

    /// Tables of a huge page or more start on one and fill whole ones.
    fn layout(len: usize) -> std::alloc::Layout {
        let layout = std::alloc::Layout::array::<Bucket>(len.max(1)).expect("an addressable table");
        if layout.size() >= Self::HUGE_PAGE {
            let size = layout.size().next_multiple_of(Self::HUGE_PAGE);
            std::alloc::Layout::from_size_align(size, Self::HUGE_PAGE)
                .expect("an addressable table")
        } else {
            layout
        }
    }
}

impl std::ops::Deref for Buckets {
    type Target = [Bucket];

    fn deref(&self) -> &[Bucket] {
        // SAFETY: `ptr` holds `len` initialised buckets, owned by `self`.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl std::ops::DerefMut for Buckets {
    fn deref_mut(&mut self) -> &mut [Bucket] {
        // SAFETY: as in `deref`, and `&mut self` is the only access.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for Buckets {
    fn drop(&mut self) {
        // SAFETY: allocated in `zeroed` with this layout.
        unsafe { std::alloc::dealloc(self.ptr.as_ptr().cast(), Self::layout(self.len)) }
    }
}

/// A one-character prefix: `ln(freq)` (NaN if it is no word) and a filter
/// of the ids of the characters that follow it in words, one bit each of 64.
#[derive(Clone, Copy)]
struct First {
    log_freq: f64,
    next_filter: u64,
}

const NO_FIRST: First = First {
    log_freq: f64::NAN,
    next_filter: 0,
};

#[inline(always)]
fn filter_bit(id: u16) -> u64 {
    1 << ((id as u64).wrapping_mul(MULTIPLIER) >> 58)
}

/// A short slot's filter bit for a following character's id.
#[inline(always)]
fn child_bit(id: u16) -> u64 {
    1 << (CHILD_FILTER_SHIFT + ((id as u64).wrapping_mul(MULTIPLIER) >> 60) as u32)
}

/// A prefix of five characters or more (a few percent of the words).
#[derive(Clone, Copy)]
struct Long {
    log_freq: f64,
    has_children: bool,
}

/// Every prefix of every dictionary word, with the log frequency of those
/// that are words, and the total's log.
#[derive(Clone)]
pub(crate) struct PrefixTable {
    /// Ids of the Basic Multilingual Plane's characters, 0 for none.
    bmp: Box<[u16]>,
    astral: FxHashMap<char, u16>,
    /// Indexed by id; entry 0 is the characters in no word.
    firsts: Vec<First>,
    /// Prefixes of two and three characters.
    short: Table,
    /// Prefixes of four characters.
    quads: Table,
    long: FxHashMap<Box<str>, Long>,
    log_total: f64,
}

/// The characters a run's blocks are made of: no word spans two blocks, and
/// each block is routed apart.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Blocks {
    /// jieba's `re_han_default` ([`is_han_default`]), as `cut` reads a text.
    Cut,
    /// posseg's `re_han_internal` ([`is_han_internal`]: no `%`, no `-`),
    /// as tagging reads it.
    Tag,
}

impl Blocks {
    #[inline(always)]
    fn contains(self, c: char) -> bool {
        match self {
            Blocks::Cut => is_han_default(c),
            Blocks::Tag => is_han_internal(c),
        }
    }
}

/// Per-thread buffers for one run, reused across calls.
#[derive(Default)]
struct Scratch {
    /// Byte offset of each character of the run, and the run's length.
    offsets: Vec<usize>,
    /// The blocks (maximal runs of the characters of a [`Blocks`]), as
    /// ranges of characters.
    blocks: Vec<(usize, usize)>,
    /// Id of each character, and a 0 after the last.
    ids: Vec<u16>,
    /// The slot of the pair of characters starting at each character
    /// ([`NO_PAIR`] if there is none), so that the route need not look it
    /// up again.
    pairs: Vec<Slot>,
    /// The route through the block being cut, indexed like `offsets`.
    route: Vec<Step>,
}

/// No pair in [`Scratch::pairs`].
const NO_PAIR: Slot = Slot {
    key: 0,
    log_freq: f64::NAN,
};

/// Each character of `run` from character `k` to `end`, outside blocks,
/// as a word of its own (`\r\n` one word), as jieba-rs emits them.
fn emit_outside<'a>(
    run: &'a str,
    offsets: &[usize],
    mut k: usize,
    end: usize,
    emit: &mut dyn FnMut(&'a str),
) {
    while k < end {
        let len = if run[offsets[k]..].starts_with("\r\n") {
            2
        } else {
            1
        };
        emit(&run[offsets[k]..offsets[k + len]]);
        k += len;
    }
}

/// The best route's step from a character: where the word starting there
/// ends, and the route's log probability from there on.
#[derive(Clone, Copy)]
struct Step {
    prob: f64,
    end: usize,
}

thread_local! {
    static SCRATCH: Cell<Scratch> = Cell::new(Scratch::default());
}

/// Scratch buffers past this many characters are not kept.
const MAX_KEPT_CHARS: usize = 1 << 16;

impl PrefixTable {
    /// A table of `words` (`(word, freq)`, about `count` of them; a
    /// repeated word keeps its last frequency) whose total frequency is
    /// `total`.
    pub(crate) fn new<'w>(
        words: impl IntoIterator<Item = (&'w str, usize)>,
        count: usize,
        total: usize,
    ) -> Result<PrefixTable, Unfit> {
        // jieba's dictionary has about 1.1 prefixes of two or three
        // characters per word and 0.25 of four. The short table is made
        // twice that (16 MB for jieba's, under 40% full): most of the pairs
        // a text asks for are not in it, and at the 73% load the growth rule
        // would leave, 46% of buckets are full, so such a lookup reads a
        // second bucket (a cache miss of its own on a loaded machine) from
        // nearly half of them; at 37%, from 6%.
        let n = count;
        let mut table = PrefixTable {
            bmp: vec![0; 0x1_0000].into_boxed_slice(),
            astral: FxHashMap::default(),
            firsts: vec![NO_FIRST],
            short: Table::with_capacity(2 * (n + n / 10), SHORT_KEY_MASK),
            quads: Table::with_capacity(n / 4, QUAD_KEY_MASK),
            long: FxHashMap::default(),
            log_total: 0.0,
        };
        table.set_total(total);
        for (word, freq) in words {
            table.insert(word, freq)?;
        }
        Ok(table)
    }

    /// jieba-rs's total frequency changed.
    pub(crate) fn set_total(&mut self, total: usize) {
        self.log_total = (total as f64).ln();
    }

    #[inline(always)]
    fn id(&self, c: char) -> u16 {
        match self.bmp.get(c as usize) {
            Some(&id) => id,
            None => self.astral.get(&c).copied().unwrap_or(0),
        }
    }

    fn id_or_new(&mut self, c: char) -> Result<u16, Unfit> {
        let id = self.id(c);
        if id != 0 {
            return Ok(id);
        }
        if self.firsts.len() == MAX_IDS {
            return Err(Unfit);
        }
        let id = self.firsts.len() as u16;
        self.firsts.push(NO_FIRST);
        match self.bmp.get_mut(c as usize) {
            Some(slot) => *slot = id,
            None => {
                self.astral.insert(c, id);
            }
        }
        Ok(id)
    }

    /// Add `word` with `freq`, or give it `freq` if it is in already.
    pub(crate) fn insert(&mut self, word: &str, freq: usize) -> Result<(), Unfit> {
        if word.chars().nth(MAX_WORD_CHARS).is_some() {
            return Err(Unfit);
        }
        let log_freq = (freq as f64).ln();
        let mut key = 0;
        let mut chars = word.char_indices().enumerate().peekable();
        while let Some((k, (_, c))) = chars.next() {
            let next = chars.peek().map(|&(_, (end, _))| end);
            // Every character of a word has an id, so that `is_word` finds
            // long words whose later characters start none.
            let id = self.id_or_new(c)?;
            if k >= PACKED_CHARS {
                let prefix = &word[..next.unwrap_or(word.len())];
                let long = self.long.entry(prefix.into()).or_insert(Long {
                    log_freq: f64::NAN,
                    has_children: false,
                });
                match next {
                    Some(_) => long.has_children = true,
                    None => long.log_freq = log_freq,
                }
                continue;
            }
            let parent = key;
            key |= (id as u64) << (ID_BITS * k as u32);
            match k {
                1 => self.firsts[parent as usize].next_filter |= filter_bit(id),
                2 | 3 => self.short.entry(parent).key |= child_bit(id),
                _ => {}
            }
            let (word_freq, has_children) = match k {
                0 => {
                    let first = &mut self.firsts[id as usize];
                    (&mut first.log_freq, None)
                }
                1 | 2 => {
                    let slot = self.short.entry(key);
                    (&mut slot.log_freq, Some(&mut slot.key))
                }
                _ => {
                    let slot = self.quads.entry(key);
                    (&mut slot.log_freq, Some(&mut slot.key))
                }
            };
            match next {
                Some(_) => {
                    if let Some(key) = has_children {
                        *key |= HAS_CHILDREN;
                    }
                }
                None => *word_freq = log_freq,
            }
        }
        Ok(())
    }

    /// The slot of the packed prefix `key` of `chars` characters (2 to 4).
    #[inline(always)]
    fn packed(&self, key: u64, chars: usize) -> Option<&Slot> {
        if chars == PACKED_CHARS {
            self.quads.find(key)
        } else {
            self.short.find(key)
        }
    }

    /// Whether characters `x..y` of the run are a dictionary word (of any
    /// frequency: jieba-rs's DAG holds words of frequency 0 too).
    fn is_word(&self, run: &str, scratch: &Scratch, x: usize, y: usize) -> bool {
        let ids = &scratch.ids[x..y];
        if ids.contains(&0) {
            return false;
        }
        let log_freq = match ids.len() {
            1 => self.firsts[ids[0] as usize].log_freq,
            len @ 2..=PACKED_CHARS => {
                let key = ids
                    .iter()
                    .enumerate()
                    .fold(0, |key, (k, &id)| key | (id as u64) << (ID_BITS * k as u32));
                self.packed(key, len).map_or(f64::NAN, |s| s.log_freq)
            }
            _ => {
                let word = &run[scratch.offsets[x]..scratch.offsets[y]];
                self.long.get(word).map_or(f64::NAN, |l| l.log_freq)
            }
        };
        !log_freq.is_nan()
    }

    /// jieba's precise-mode cut of `run` as jieba-rs's `cut(run, hmm)` makes
    /// it, handing each word to `emit`, with the run's blocks made of
    /// `blocks`' characters: each block is cut as jieba-rs cuts it alone,
    /// and every character outside blocks is a word of its own (`\r\n` one
    /// word). With [`Blocks::Cut`] (jieba's), a character that jieba-rs
    /// alone puts in a block ([`super::chars::is_han_only_in_jieba_rs`]) is
    /// a word of its own here, as in jieba; a run without one is cut as
    /// jieba-rs cuts it. With [`Blocks::Tag`], a whole text is routed as
    /// posseg routes each of its blocks, in one call: the entries of all
    /// its blocks are requested at once, as for a cut.
    pub(crate) fn cut_each<'a>(
        &self,
        run: &'a str,
        blocks: Blocks,
        hmm: bool,
        emit: &mut dyn FnMut(&'a str),
    ) {
        let mut scratch = SCRATCH.take();
        self.prepare(run, blocks, &mut scratch);
        let mut x = 0;
        for b in 0..scratch.blocks.len() {
            let (start, end) = scratch.blocks[b];
            emit_outside(run, &scratch.offsets, x, start, emit);
            self.route(run, &mut scratch, start, end);
            self.cut_block(run, hmm, &scratch, start, end, emit);
            x = end;
        }
        emit_outside(run, &scratch.offsets, x, scratch.offsets.len() - 1, emit);
        if scratch.offsets.capacity() > MAX_KEPT_CHARS {
            scratch = Scratch::default();
        }
        SCRATCH.set(scratch);
    }

    /// The run's characters: where they start, the blocks they form and
    /// their ids (0 outside blocks, so that no word spans two); then the
    /// entries the routes will read: every character pair's that may exist
    /// is requested, then each is looked up once, and the triple's that its
    /// pair says may exist requested right away. Doing this for the whole
    /// run before any route gives the requests the time to arrive.
    fn prepare(&self, run: &str, in_block: Blocks, scratch: &mut Scratch) {
        let Scratch {
            offsets,
            blocks,
            ids,
            pairs,
            route,
        } = scratch;
        offsets.clear();
        blocks.clear();
        ids.clear();
        pairs.clear();
        route.clear();
        // The first character of the block being read.
        let mut open = None;
        for (offset, c) in run.char_indices() {
            let k = offsets.len();
            offsets.push(offset);
            if in_block.contains(c) {
                open.get_or_insert(k);
                ids.push(self.id(c));
            } else {
                if let Some(start) = open.take() {
                    blocks.push((start, k));
                }
                ids.push(0);
            }
        }
        let n = offsets.len();
        if let Some(start) = open {
            blocks.push((start, n));
        }
        offsets.push(run.len());
        ids.push(0);
        route.resize(n + 1, Step { prob: 0.0, end: 0 });
        let pair_key = |a: u16, b: u16| {
            (b != 0 && self.firsts[a as usize].next_filter & filter_bit(b) != 0)
                .then_some(a as u64 | (b as u64) << ID_BITS)
        };
        for pair in ids.windows(2) {
            if let Some(key) = pair_key(pair[0], pair[1]) {
                self.short.prefetch(key);
            }
        }
        for k in 0..n {
            let pair = pair_key(ids[k], ids[k + 1])
                .and_then(|key| self.short.find(key))
                .map_or(NO_PAIR, |slot| *slot);
            // The triple's entry is requested as soon as its pair is read.
            let third = ids.get(k + 2).copied().unwrap_or(0);
            if third != 0 && pair.key & child_bit(third) != 0 {
                self.short
                    .prefetch(pair.key & SHORT_KEY_MASK | (third as u64) << (2 * ID_BITS));
            }
            pairs.push(pair);
        }
    }

    /// jieba-rs's best route through the block of characters `start..end`
    /// (`Jieba::calc`): from each character, the word that maximises
    /// `ln(freq) - ln(total)` plus the rest of the route, the longer word on
    /// a tie; a character that starts no word is a word of frequency 1.
    fn route(&self, run: &str, scratch: &mut Scratch, start: usize, end: usize) {
        let Scratch {
            offsets,
            ids,
            pairs,
            route,
            ..
        } = scratch;
        route[end] = Step { prob: 0.0, end };
        let log_total = self.log_total;
        for i in (start..end).rev() {
            let mut best: Option<Step> = None;
            let mut consider = |log_freq: f64, end: usize| {
                if log_freq.is_nan() {
                    return;
                }
                let prob = log_freq - log_total + route[end].prob;
                if best.is_none_or(|b| prob > b.prob || (prob == b.prob && end > b.end)) {
                    best = Some(Step { prob, end });
                }
            };
            consider(self.firsts[ids[i] as usize].log_freq, i + 1);
            // The pair's slot, found in `prepare` (none if either
            // character is outside the block).
            let pair = pairs[i];
            if pair.key != 0 {
                consider(pair.log_freq, i + 2);
                let mut key = pair.key & SHORT_KEY_MASK;
                // The slot of the prefix so far, whose filter says whether
                // the next character can extend it.
                let mut parent = pair.key;
                let mut has_children = pair.key & HAS_CHILDREN != 0;
                let mut len = 2;
                while has_children && i + len < end {
                    has_children = if len < PACKED_CHARS {
                        let id = ids[i + len];
                        if id == 0 || parent & child_bit(id) == 0 {
                            break;
                        }
                        key |= (id as u64) << (ID_BITS * len as u32);
                        let Some(slot) = self.packed(key, len + 1) else {
                            break;
                        };
                        consider(slot.log_freq, i + len + 1);
                        parent = slot.key;
                        slot.key & HAS_CHILDREN != 0
                    } else {
                        let prefix = &run[offsets[i]..offsets[i + len + 1]];
                        let Some(long) = self.long.get(prefix) else {
                            break;
                        };
                        consider(long.log_freq, i + len + 1);
                        long.has_children
                    };
                    len += 1;
                }
            }
            route[i] = best.unwrap_or(Step {
                prob: 0.0 - log_total + route[i + 1].prob,
                end: i + 1,
            });
        }
    }

    /// jieba-rs's `cut_route` of the block `start..end`: the route's words,
    /// where a run of single characters is, with `hmm`, one word if the
    /// dictionary has it and else cut by the HMM; without, only a run of
    /// ASCII letters and digits is joined into one word.
    fn cut_block<'a>(
        &self,
        run: &'a str,
        hmm: bool,
        scratch: &Scratch,
        start: usize,
        end: usize,
        emit: &mut dyn FnMut(&'a str),
    ) {
        let offsets = &scratch.offsets;
        let span = |x: usize, y: usize| &run[offsets[x]..offsets[y]];
        let flush = |x: usize, y: usize, emit: &mut dyn FnMut(&'a str)| {
            if !hmm || y - x == 1 {
                emit(span(x, y));
            } else if !self.is_word(run, scratch, x, y) {
                super::finalseg::cut(span(x, y), emit);
            } else {
                for k in x..y {
                    emit(span(k, k + 1));
                }
            }
        };
        let mut x = start;
        let mut singles: Option<usize> = None;
        while x < end {
            let y = scratch.route[x].end;
            if y - x == 1 && (hmm || run.as_bytes()[offsets[x]].is_ascii_alphanumeric()) {
                singles.get_or_insert(x);
            } else {
                if let Some(first) = singles.take() {
                    flush(first, x, emit);
                }
                emit(span(x, y));
            }
            x = y;
        }
        if let Some(first) = singles {
            flush(first, end, emit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jieba_rs::Jieba;

    fn jieba_rs_words<'a>(jieba: &Jieba, text: &'a str, hmm: bool) -> Vec<&'a str> {
        jieba.cut(text, hmm).into_iter().map(|t| t.word).collect()
    }

    fn table_words<'a>(table: &PrefixTable, text: &'a str, hmm: bool) -> Vec<&'a str> {
        let mut words = Vec::new();
        table.cut_each(text, Blocks::Cut, hmm, &mut |w| words.push(w));
        words
    }

    #[test]
    fn cuts_as_jieba_rs_with_long_words_ties_and_zero_frequencies() {
        let words = [
            ("中", 10),
            ("中国", 50),
            ("中国人", 30),
            ("中国人民", 40),
            ("中国人民银行", 20),
            ("中国人民解放军", 0),
            ("人民", 60),
            ("银行", 60),
            ("国人", 5),
            ("解放", 30),
            ("解放军", 30),
            ("a1", 3),
            ("零", 0),
            ("并列", 7),
            ("列", 7),
            ("并", 7),
        ];
        let mut jieba = Jieba::empty();
        let total = words.iter().map(|(_, f)| f).sum();
        for (word, freq) in words {
            jieba.add_word(word, Some(freq), None);
        }
        // Sized for its words, and grown from the smallest table.
        let sized = PrefixTable::new(words, words.len(), total).unwrap();
        let grown = PrefixTable::new(words, 0, total).unwrap();
        for (text, table) in [
            "中国人民银行和中国人民解放军",
            "中国人民银行行长说a1b2 x\r\n并列零零",
            "Covid-19 疫情，的的的……零",
            "",
            "\r\n",
        ]
        .into_iter()
        .flat_map(|text| [(text, &sized), (text, &grown)])
        {
            for hmm in [true, false] {
                assert_eq!(
                    table_words(table, text, hmm),
                    jieba_rs_words(&jieba, text, hmm),
                    "{text:?} hmm={hmm}"
                );
            }
        }
    }

    #[test]
    fn cuts_the_segmented_fixture_as_jieba_rs_with_the_whole_dictionary() {
        let s = crate::segment::Segmenter::new();
        let table = s.table.as_ref().unwrap();
        let fixture = include_str!("../../tests/fixtures/segmented.txt").replace(' ', "");
        for line in fixture.lines() {
            for hmm in [true, false] {
                assert_eq!(
                    table_words(table, line, hmm),
                    jieba_rs_words(&s.jieba, line, hmm),
                    "{line}"
                );
            }
        }
    }

    #[test]
    fn long_words_whose_later_characters_start_no_word_are_words() {
        // y, l and e stand only after the fourth character of 江南style:
        // with it and 江南 deleted, jieba-rs's route leaves single
        // characters, and the run is a word of frequency 0, so it is not
        // handed to the HMM.
        let mut s = crate::segment::Segmenter::new();
        s.del_word("江南style").unwrap();
        s.del_word("江南").unwrap();
        let table = s.table.as_ref().unwrap();
        for hmm in [true, false] {
            assert_eq!(
                table_words(table, "江南style", hmm),
                jieba_rs_words(&s.jieba, "江南style", hmm)
            );
        }
    }

    #[test]
    fn a_word_longer_than_the_table_holds_gives_way_to_jieba_rs() {
        let mut s = crate::segment::Segmenter::new();
        let longest = "中".repeat(MAX_WORD_CHARS);
        s.add_word(&longest, Some(5), None).unwrap();
        assert!(s.table.is_some());
        s.add_word(&"中".repeat(MAX_WORD_CHARS + 1), Some(5), None)
            .unwrap();
        assert!(s.table.is_none(), "a word of L characters costs L² bytes");
        let text = "中".repeat(2 * MAX_WORD_CHARS + 3);
        let expected: Vec<&str> = s.jieba.cut(&text, true).iter().map(|t| t.word).collect();
        assert_eq!(s.cut(&text, true), expected);
    }

    #[test]
    fn too_many_distinct_characters_is_an_error() {
        let chars: Vec<String> = (0x20000..0x20000 + MAX_IDS as u32)
            .filter_map(char::from_u32)
            .map(String::from)
            .collect();
        let words = chars.iter().map(|w| (w.as_str(), 1));
        assert!(PrefixTable::new(words, chars.len(), MAX_IDS).is_err());
    }
}
