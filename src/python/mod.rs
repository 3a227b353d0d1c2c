//! The Python extension `zhtext._zhtext`: converts Python values to the Rust
//! cores' types and back, releases the GIL around Rust work, and maps errors
//! to Python exceptions. No analysis logic lives here.

mod analysis;
mod arrow;
mod article;
mod batch;
mod convert;
mod dedup;
mod errors;
mod keywords;
mod memory;
mod mentions;
mod preload;
mod progress;
mod script;
mod terms;
mod tokenizer;
mod words;

use pyo3::prelude::*;

/// mimalloc for the extension's allocations: html5ever and the batch APIs
/// allocate many small objects from several threads at once, where glibc's
/// allocator contends.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[pymodule]
fn _zhtext(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("_AUTO_PROGRESS_ITEMS", progress::AUTO_ITEMS)?;
    errors::register(m)?;
    m.add_class::<tokenizer::Tokenizer>()?;
    m.add_class::<keywords::TfidfExtractor>()?;
    m.add_class::<terms::Analyzer>()?;
    m.add_function(wrap_pyfunction!(preload::_load_embedded, m)?)?;
    m.add_function(wrap_pyfunction!(memory::_release_freed_memory, m)?)?;
    m.add_function(wrap_pyfunction!(preload::_start_loading_embedded, m)?)?;
    m.add_function(wrap_pyfunction!(script::convert, m)?)?;
    m.add_function(wrap_pyfunction!(words::_discover_words, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::_annotate_many, m)?)?;
    m.add_class::<article::Article>()?;
    m.add_function(wrap_pyfunction!(article::parse_article, m)?)?;
    m.add_function(wrap_pyfunction!(article::read_article, m)?)?;
    m.add_class::<article::ArticleReader>()?;
    m.add_class::<article::PlannedSource>()?;
    m.add_function(wrap_pyfunction!(article::_plan_sources, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::article_schema, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::_write_jsonl, m)?)?;
    m.add_class::<arrow::ParquetWriter>()?;
    m.add_class::<arrow::ArrowArray>()?;
    m.add_class::<arrow::ArrowStream>()?;
    m.add_function(wrap_pyfunction!(dedup::minhash, m)?)?;
    m.add_function(wrap_pyfunction!(dedup::shingles, m)?)?;
    m.add_function(wrap_pyfunction!(dedup::lsh_params, m)?)?;
    m.add_function(wrap_pyfunction!(dedup::_near_duplicates, m)?)?;
    m.add_function(wrap_pyfunction!(dedup::_band_keys, m)?)?;
    m.add_function(wrap_pyfunction!(dedup::_exact_jaccard, m)?)?;
    m.add_function(wrap_pyfunction!(dedup::_groups, m)?)?;
    m.add_function(wrap_pyfunction!(dedup::_duplicate_groups, m)?)?;
    Ok(())
}
