//! Word segmentation with Python jieba's semantics, on jieba-rs.
//!
//! jieba-rs supplies the dictionary trie and the HMM's model (precise mode
//! reads its own copy of the model, `data/finalseg.txt`); precise mode cuts
//! as jieba-rs does over zhtext's own layout of the same dictionary
//! (`prefix_table`, `finalseg`), and jieba-rs's own cut serves a dictionary
//! that layout cannot hold. This module reproduces what Python jieba 0.42.1
//! does around them where the two
//! differ (see the README's "Differences from jieba"): block boundaries,
//! connector-joined Latin runs, full mode, search-mode grams, user-word
//! frequencies, `del_word`, and `posseg` tagging.

pub(crate) mod chars;
mod cut;
pub mod dictionary;
mod finalseg;
pub(crate) mod posseg;
mod prefix_table;
mod script;
mod segmenter;
mod tag;

#[cfg(test)]
mod proptests;

pub use chars::pieces;
pub use dictionary::{EntryError, Misread};
pub use segmenter::{DictionarySource, Edit, Error, Mode, Segmenter, SegmenterState, Token};
pub(crate) use tag::TagId;
pub use tag::Tagged;

pub(crate) use chars::{is_han, CharOffsets};
pub(crate) use segmenter::{absolute, read_checked, read_text, sha1_of};
