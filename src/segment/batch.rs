//! Many texts at once, input order kept, into one flat layout.

use super::{Mode, Segmenter};
use crate::convert::Script;

/// The words of many texts in one flat, Arrow-style layout: no string per
/// word. Word `i` is `data[word_offsets[i]..word_offsets[i + 1]]`, and the
/// words of text `j` are `word_offsets[text_offsets[j]..=text_offsets[j + 1]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columnar {
    /// UTF-8 bytes of every word, back to back.
    pub data: Vec<u8>,
    /// `n_words + 1` byte offsets into `data`.
    pub word_offsets: Vec<i64>,
    /// `n_texts + 1` indices into the words.
    pub text_offsets: Vec<i64>,
}

/// No texts yet (offsets start at 0).
impl Default for Columnar {
    fn default() -> Self {
        Columnar::with_capacity(0)
    }
}

impl Columnar {
    fn with_capacity(bytes: usize) -> Self {
        Columnar {
            data: Vec::with_capacity(bytes),
            word_offsets: vec![0],
            text_offsets: vec![0],
        }
    }

    /// Number of texts.
    pub fn len(&self) -> usize {
        self.text_offsets.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The words of text `j`.
    pub fn words(&self, j: usize) -> impl Iterator<Item = &str> {
        let (a, b) = (
            self.text_offsets[j] as usize,
            self.text_offsets[j + 1] as usize,
        );
        (a..b).map(move |i| {
            let (s, e) = (
                self.word_offsets[i] as usize,
                self.word_offsets[i + 1] as usize,
            );
            std::str::from_utf8(&self.data[s..e]).expect("words are whole UTF-8 strings")
        })
    }

    /// Add `other`'s texts after these.
    pub fn append(&mut self, other: Columnar) {
        let byte_base = self.data.len() as i64;
        let word_base = (self.word_offsets.len() - 1) as i64;
        self.data.extend_from_slice(&other.data);
        self.word_offsets
            .extend(other.word_offsets[1..].iter().map(|o| o + byte_base));
        self.text_offsets
            .extend(other.text_offsets[1..].iter().map(|o| o + word_base));
    }
}

impl Segmenter {
    /// `cut_each` over many texts in parallel, into the flat [`Columnar`]
    /// layout.
    pub fn cut_many_columnar<T: AsRef<str> + Sync>(
        &self,
        texts: &[T],
        mode: Mode,
        hmm: bool,
    ) -> Columnar {
        self.cut_many_columnar_in_script(texts, Script::AsIs, mode, hmm)
    }

    /// [`Segmenter::cut_many_columnar`] under `script`
    /// (see [`Segmenter::cut_in_script_each`]), on the current rayon pool.
    pub fn cut_many_columnar_in_script<T: AsRef<str> + Sync>(
        &self,
        texts: &[T],
        script: Script,
        mode: Mode,
        hmm: bool,
    ) -> Columnar {
        let chunk_len = crate::parallel::task_len(texts.len(), 256);
        let parts = crate::parallel::map_chunks_collect(texts, chunk_len, |chunk| {
            self.cut_columnar(chunk, script, mode, hmm)
        });
        let mut all = Columnar::with_capacity(parts.iter().map(|p| p.data.len()).sum());
        for part in parts {
            all.append(part);
        }
        all
    }

    /// The words of `texts` into one [`Columnar`], on this thread: a chunk
    /// of a batch (see [`crate::parallel::map_chunks`]).
    pub fn cut_columnar<T: AsRef<str>>(
        &self,
        texts: &[T],
        script: Script,
        mode: Mode,
        hmm: bool,
    ) -> Columnar {
        let bytes = texts.iter().map(|t| t.as_ref().len()).sum::<usize>();
        let mut out = Columnar::with_capacity(bytes + bytes / 4);
        for text in texts {
            self.cut_in_script_each(text.as_ref(), script, mode, hmm, |w| {
                out.data.extend_from_slice(w.as_bytes());
                out.word_offsets.push(out.data.len() as i64);
            });
            out.text_offsets.push((out.word_offsets.len() - 1) as i64);
        }
        out
    }
}
