//! `_annotate_many`: the binding of [`crate::analysis`], one record batch
//! of tokens, keywords, distinct words, mentions and quotes per call.

use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{Field, Schema};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use super::arrow::{self, RecordLists, WordLists};
use super::batch::{self, Threads};
use super::convert::{extract_texts, Missing};
use super::keywords::TfidfExtractor;
use super::progress::Progress;
use super::tokenizer::parse_script;
use crate::analysis::annotate;
use crate::convert::Script;
use crate::schema;

/// Tokens, keywords, distinct words, mentions and quotes of each of
/// ``texts`` in one pass (one tagging per text) on Rust threads without the
/// GIL: a ``pyarrow.RecordBatch`` with one row per text and the columns
/// ``tokens`` (the words of ``Tokenizer.tag_many(script=script)``),
/// ``keywords`` (TF-IDF over those words, as ``extractor.extract_many(
/// top_k=top_k, with_weight=True, allow_pos=<every tag>, script=script,
/// fold_script="simplified", output="arrow")``; not folded with
/// ``script="as_is"``), ``words`` (each text's distinct words as the
/// script reads them: simplified characters for a traditional text),
/// ``mentions`` and ``quotes`` (as
/// ``Tokenizer.mentions_many``/``quotes_many(script=script, output="arrow")``),
/// all with ``extractor``'s tokenizer. A missing text (``missing="null"``)
/// gives a row of nulls. Without ``keep_tokens`` the batch has no ``tokens``
/// column (what a report alone needs: its words are the distinct ones).
#[pyfunction]
#[pyo3(signature = (extractor, texts, *, top_k = 10, threads = None, missing = "null", progress = None, script = "auto", keep_tokens = true))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _annotate_many<'py>(
    py: Python<'py>,
    extractor: &TfidfExtractor,
    texts: &Bound<'py, PyAny>,
    top_k: i64,
    threads: Option<Threads>,
    missing: &str,
    progress: Option<bool>,
    script: &str,
    keep_tokens: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let top_k = usize::try_from(top_k)
        .ok()
        .filter(|&k| k > 0)
        .ok_or_else(|| PyValueError::new_err(format!("top_k must be at least 1, not {top_k}")))?;
    let script = parse_script(Some(script), Script::Auto)?;
    let threads = Threads::count(threads);
    let texts = extract_texts(texts, Missing::parse_per_text(missing)?)?;
    let segmenter = extractor.segmenter(py);
    let state = extractor.extractor();
    let bar = Progress::new(py, progress, texts.len(), "annotate")?;
    // Built only when kept: the report's pass leaves every word's list out.
    let mut tokens = keep_tokens.then(WordLists::new);
    let mut words = WordLists::new();
    let mut keywords = RecordLists::new(&schema::weighted_keywords());
    let mut mentions = RecordLists::new(&schema::mentions());
    let mut quotes = RecordLists::new(&schema::quotes());
    batch::for_each_result(
        py,
        &texts,
        threads,
        &bar,
        |text| annotate(&segmenter, &state, text, script, Some(top_k), keep_tokens),
        |found| {
            let Some(found) = found else {
                if let Some(tokens) = &mut tokens {
                    tokens.push(None::<Vec<&str>>);
                }
                words.push(None::<Vec<&str>>);
                keywords.push(None::<Vec<()>>, |_, _| {});
                mentions.push(None::<Vec<()>>, |_, _| {});
                quotes.push(None::<Vec<()>>, |_, _| {});
                return;
            };
            if let Some(tokens) = &mut tokens {
                tokens.push(Some(found.tokens));
            }
            words.push(Some(found.words));
            keywords.push(Some(found.keywords), |r, k| {
                r.text(&k.word).float(k.weight);
            });
            mentions.push(Some(found.mentions), super::mentions::mention_record);
            quotes.push(Some(found.quotes), super::mentions::quote_record);
        },
    )?;
    let columns: Vec<(&str, ArrayRef)> = tokens
        .map(|tokens| ("tokens", tokens.finish()))
        .into_iter()
        .chain([
            ("keywords", keywords.finish()),
            ("words", words.finish()),
            ("mentions", mentions.finish()),
            ("quotes", quotes.finish()),
        ])
        .collect();
    let schema = Schema::new(
        columns
            .iter()
            .map(|(name, column)| Field::new(*name, column.data_type().clone(), true))
            .collect::<Vec<_>>(),
    );
    let batch = RecordBatch::try_new(
        Arc::new(schema),
        columns.into_iter().map(|(_, column)| column).collect(),
    )
    .map_err(arrow::arrow_error)?;
    arrow::batch_to_pyarrow(py, batch)
}
