//! finalseg, jieba's HMM for the runs of characters that the dictionary's
//! route leaves single: the state (B, E, M, S) of each character by
//! Viterbi, exactly as jieba-rs's `hmm` module computes it (ties included),
//! from the same model (`data/finalseg.txt`, jieba-rs's `hmm.model`).
//!
//! Precise mode reached jieba-rs's HMM only through a whole `Jieba::cut` of
//! an empty dictionary, whose character split, DAG walk and route cost
//! several times the Viterbi pass itself on a short line's runs.

use std::cell::Cell;
use std::sync::OnceLock;

static MODEL_TEXT: &str = include_str!("data/finalseg.txt");

/// The log probability of what the model never saw.
const MIN_FLOAT: f64 = -3.14e100;
/// The characters the HMM reads (`[\u4E00-\u9FD5]`, jieba's Han); other
/// runs are split by [`jieba_rs_skip_split`].
const FIRST_HAN: char = '\u{4E00}';
const LAST_HAN: char = '\u{9FD5}';

const B: u8 = 0;
const E: u8 = 1;
const M: u8 = 2;
const S: u8 = 3;
/// The states each state can follow, the smaller first: on a tie the
/// second wins, as in jieba-rs.
const PREV: [[u8; 2]; 4] = [[E, S], [B, M], [B, M], [E, S]];

struct Model {
    start: [f64; 4],
    trans: [[f64; 4]; 4],
    /// Each Han character's emission log probabilities, by state.
    emit: Vec<[f64; 4]>,
}

impl Model {
    fn get() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::parse(MODEL_TEXT))
    }

    /// jieba-rs's `hmm.model`: the start probabilities, the transition
    /// matrix and one line of `char:prob` pairs per state, between `#`
    /// comment lines.
    fn parse(text: &str) -> Model {
        let numbers = |line: &str| -> [f64; 4] {
            let mut values = line.split(' ').map(|v| v.parse().expect("a probability"));
            std::array::from_fn(|_| values.next().expect("four probabilities"))
        };
        let mut lines = text.lines().filter(|l| !l.starts_with('#'));
        let mut next = || lines.next().expect("a complete model");
        let start = numbers(next());
        let trans = std::array::from_fn(|_| numbers(next()));
        let mut emit = vec![[MIN_FLOAT; 4]; (LAST_HAN as usize) - (FIRST_HAN as usize) + 1];
        for state in 0..4 {
            for pair in next().split(',').filter(|p| !p.is_empty()) {
                let (c, prob) = pair.split_once(':').expect("char:prob");
                let c = c.chars().next().expect("a character");
                if let Some(row) = (c as usize)
                    .checked_sub(FIRST_HAN as usize)
                    .and_then(|i| emit.get_mut(i))
                {
                    row[state] = prob.parse().expect("a probability");
                }
            }
        }
        Model { start, trans, emit }
    }

    #[inline]
    fn emit(&self, c: char) -> [f64; 4] {
        self.emit[c as usize - FIRST_HAN as usize]
    }

    /// The best state of each of `chars` (Han, two or more) into `path`.
    fn viterbi(&self, chars: &[(usize, char)], prev: &mut Vec<[u8; 4]>, path: &mut Vec<u8>) {
        let emit = self.emit(chars[0].1);
        let mut v: [f64; 4] = std::array::from_fn(|y| self.start[y] + emit[y]);
        prev.clear();
        prev.push([0; 4]);
        for &(_, c) in &chars[1..] {
            let emit = self.emit(c);
            let mut from = [0; 4];
            let next: [f64; 4] = std::array::from_fn(|y| {
                let [y0, y1] = PREV[y];
                let p0 = v[y0 as usize] + self.trans[y0 as usize][y] + emit[y];
                let p1 = v[y1 as usize] + self.trans[y1 as usize][y] + emit[y];
                let (p, state) = if p0 > p1 { (p0, y0) } else { (p1, y1) };
                from[y] = state;
                p
            });
            prev.push(from);
            v = next;
        }
        let mut state = if v[E as usize] > v[S as usize] { E } else { S };
        path.clear();
        path.resize(chars.len(), S);
        for t in (0..chars.len()).rev() {
            path[t] = state;
            state = prev[t][state as usize];
        }
    }
}

/// Per-thread buffers: the characters of a run, each step's best
/// predecessors and the states.
type Buffers = (Vec<(usize, char)>, Vec<[u8; 4]>, Vec<u8>);

thread_local! {
    static BUFFERS: Cell<Buffers> = Cell::new(Default::default());
}

/// jieba-rs's HMM cut of `text` (characters of one block, jieba's
/// `is_han_default`): runs of Han characters by Viterbi, the rest split
/// into runs of letters and digits (joined by `.`, `-` or `_` between two
/// of them, with a trailing `%`) and what lies between.
pub(super) fn cut<'a>(text: &'a str, emit: &mut dyn FnMut(&'a str)) {
    let (mut chars, mut prev, mut path) = BUFFERS.take();
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let han = matches!(first, FIRST_HAN..=LAST_HAN);
        let len = rest
            .char_indices()
            .find(|&(_, c)| matches!(c, FIRST_HAN..=LAST_HAN) != han)
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(len);
        rest = tail;
        if !han {
            jieba_rs_skip_split(run, emit);
            continue;
        }
        chars.clear();
        chars.extend(run.char_indices());
        if chars.len() == 1 {
            emit(run);
            continue;
        }
        Model::get().viterbi(&chars, &mut prev, &mut path);
        // Where the word being read began, and where the last one ended.
        let (mut begin, mut done) = (0, 0);
        for (k, &state) in path.iter().enumerate() {
            let end = chars.get(k + 1).map_or(run.len(), |&(i, _)| i);
            match state {
                B => begin = chars[k].0,
                E | S => {
                    let start = if state == E { begin } else { chars[k].0 };
                    emit(&run[start..end]);
                    done = end;
                }
                _ => {}
            }
        }
        if done < run.len() {
            emit(&run[done..]);
        }
    }
    // A thread keeps its buffers for the next run unless one run was huge
    // (mojibake, a long stretch of rare characters): then they go, so that
    // one text does not hold ~21 bytes per character for the thread's life.
    if chars.capacity() <= MAX_KEPT_CHARS {
        BUFFERS.set((chars, prev, path));
    }
}

/// The longest run whose buffers a thread keeps (as the prefix table's scratch).
const MAX_KEPT_CHARS: usize = 1 << 16;

/// jieba-rs's split of a run of the HMM's non-Han characters: each match
/// of an alphanumeric run, continued over a connector (`.`, `-`, `_`)
/// followed by another, with an optional `%`, and each stretch between.
/// (Python jieba's own split, `chars::split_skip`, keeps fewer together;
/// `cut` corrects this one's pieces to it afterwards, as it does jieba-rs's.)
fn jieba_rs_skip_split<'a>(run: &'a str, emit: &mut dyn FnMut(&'a str)) {
    let bytes = run.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        let Some(start) = bytes[pos..].iter().position(u8::is_ascii_alphanumeric) else {
            emit(&run[pos..]);
            return;
        };
        let start = pos + start;
        let mut end = start;
        loop {
            while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
                end += 1;
            }
            if end + 1 < bytes.len()
                && matches!(bytes[end], b'.' | b'-' | b'_')
                && bytes[end + 1].is_ascii_alphanumeric()
            {
                end += 1;
            } else {
                break;
            }
        }
        if bytes.get(end) == Some(&b'%') {
            end += 1;
        }
        if start > pos {
            emit(&run[pos..start]);
        }
        emit(&run[start..end]);
        pos = end;
    }
}

#[cfg(test)]
mod tests {
    /// jieba-rs's HMM cut: its whole `cut` with no dictionary, where every
    /// character is a route step of its own and no run is a word.
    fn jieba_rs_words(text: &str) -> Vec<&str> {
        static EMPTY: std::sync::OnceLock<jieba_rs::Jieba> = std::sync::OnceLock::new();
        let empty = EMPTY.get_or_init(jieba_rs::Jieba::empty);
        empty.cut(text, true).into_iter().map(|t| t.word).collect()
    }

    fn words(text: &str) -> Vec<&str> {
        let mut words = Vec::new();
        super::cut(text, &mut |w| words.push(w));
        words
    }

    #[test]
    fn cuts_blocks_as_jieba_rs_hmm() {
        let fixture = include_str!("../../tests/fixtures/segmented.txt").replace(' ', "");
        let blocks = fixture
            .split(|c: char| !super::super::chars::is_han_default(c))
            .filter(|b| !b.is_empty());
        let edges = [
            "Covid-19疫情v1.2.3版本a--b.50%的",
            "abc-",
            "2.5%和3.x",
            "的的的的的",
            "x",
            "a_b_c+++#&",
            "100%",
            "-.",
        ];
        for block in blocks.chain(edges) {
            assert_eq!(words(block), jieba_rs_words(block), "{block}");
        }
    }
}
