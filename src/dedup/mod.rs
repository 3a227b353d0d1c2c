//! Near-duplicate texts: shingles (character n-grams of normalised text),
//! MinHash signatures equal to datasketch's, banded LSH, verification by
//! exact Jaccard similarity, and groups of near-duplicates.
//!
//! A text with fewer characters than a shingle (after normalisation) has no
//! shingles; its signature is datasketch's empty one and it matches no text.

mod lsh;
mod minhash;
mod sha1;
mod shingle;

pub use crate::convert::Script;
pub use lsh::{
    band_keys, duplicate_groups, groups, is_empty_signature, near_duplicates, Bands, Pair, Verify,
    MIN_RECALL,
};
pub use minhash::{HashValue, MinHasher, Scheme, Signatures};
pub use shingle::{jaccard, normalise, Shingler};

/// Invalid parameters.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Error {
    #[error("shingle must be a positive number of characters")]
    ShingleSize,
    #[error("num_perm must be positive, not {0}")]
    NumPerm(usize),
    #[error("threshold must be in (0, 1], not {0}")]
    Threshold(f64),
    #[error("num_perm ({num_perm}) must be a positive multiple of bands ({bands})")]
    Bands { bands: usize, num_perm: usize },
    #[error("scheme must be 'affine32' or 'legacy', not {0:?}")]
    UnknownScheme(String),
}
