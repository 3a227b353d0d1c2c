//! The Arrow types of zhtext's tables, written once: the article rows of
//! `read_articles`, and the per-text results of the batch calls (words,
//! tokens, tags, keywords, mentions, quotes). The builders in
//! [`crate::article::columns`] and the binding's Arrow output build exactly
//! these; Python obtains them from here (`zhtext.article_schema()`).
//!
//! Strings are `large_string` and lists `large_list` (64-bit offsets), so a
//! column of any size is one array. Every field is nullable: a row that
//! failed to parse, or a missing text, is null.
//!
//! ```
//! let schema = zhtext::schema::article_schema();
//! assert_eq!(schema.field(0).name(), "id");
//! assert!(schema.field_with_name("paragraphs").is_ok());
//! ```

use std::sync::{Arc, OnceLock};

use arrow_schema::{DataType, Field, FieldRef, Fields, Schema, SchemaRef, TimeUnit};

/// The name Arrow (and pyarrow) give a list's item field.
const ITEM: &str = "item";

/// `large_string`.
pub fn text() -> DataType {
    DataType::LargeUtf8
}

fn field(name: &str, data_type: DataType) -> Field {
    Field::new(name, data_type, true)
}

/// `large_list<item>`.
pub fn list_of(item: DataType) -> DataType {
    DataType::LargeList(Arc::new(field(ITEM, item)))
}

/// `large_list<large_string>`: the words of a text, paragraphs, reporters.
pub fn words() -> DataType {
    list_of(text())
}

/// `struct` of the given fields.
fn record(fields: &[(&str, DataType)]) -> DataType {
    DataType::Struct(
        fields
            .iter()
            .map(|(name, t)| field(name, t.clone()))
            .collect::<Fields>(),
    )
}

/// Struct fields named `names`, all `large_string`.
pub fn string_record_fields(names: &[&str]) -> Fields {
    names.iter().map(|n| field(n, text())).collect()
}

/// `large_list<struct<...>>` whose fields are all `large_string`.
fn string_records(names: &[&str]) -> DataType {
    list_of(DataType::Struct(string_record_fields(names)))
}

/// Field names of the `images` column's structs.
pub const IMAGE_FIELDS: [&str; 4] = ["src", "alt", "caption", "credit"];
/// Field names of the `links` and `related` columns' structs.
pub const LINK_FIELDS: [&str; 2] = ["text", "url"];
/// Field names of the `embeds` column's structs.
pub const EMBED_FIELDS: [&str; 6] = ["kind", "url", "author", "handle", "date", "text"];

/// The `byline` struct's fields.
pub fn byline_fields() -> Fields {
    Fields::from(vec![
        field("reporters", words()),
        field("location", text()),
        field("editors", words()),
        field("web_editors", words()),
        field("raw", text()),
    ])
}

/// The columns of `read_articles`, in order. `error` holds the message of a
/// row that could not be read or parsed (its other fields are null except
/// `id` and `path`).
pub fn article_schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    Arc::clone(SCHEMA.get_or_init(|| {
        Arc::new(Schema::new(vec![
            field("id", text()),
            field("path", text()),
            field("outlet", text()),
            field("url", text()),
            field("section", text()),
            field("title", text()),
            field(
                "published",
                DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
            ),
            field("script", text()),
            field("n_chars", DataType::Int64),
            field("paragraphs", words()),
            field("subheadings", words()),
            field("text", text()),
            field("images", string_records(&IMAGE_FIELDS)),
            field("links", string_records(&LINK_FIELDS)),
            field("related", string_records(&LINK_FIELDS)),
            field("embeds", string_records(&EMBED_FIELDS)),
            field("byline", DataType::Struct(byline_fields())),
            field("error", text()),
        ]))
    }))
}

/// `large_list<struct<word: large_string, start: int64, end: int64>>`:
/// `tokenize` results, character offsets.
pub fn tokens() -> DataType {
    list_of(record(&[
        ("word", text()),
        ("start", DataType::Int64),
        ("end", DataType::Int64),
    ]))
}

/// `large_list<struct<word: large_string, flag: string>>`: `tag` results.
pub fn tags() -> DataType {
    list_of(record(&[("word", text()), ("flag", DataType::Utf8)]))
}

/// `large_list<struct<word: large_string, weight: float64>>`: keywords
/// with their weights.
pub fn weighted_keywords() -> DataType {
    list_of(record(&[("word", text()), ("weight", DataType::Float64)]))
}

/// `large_list<struct<text: large_string, kind: string, start: int64,
/// end: int64>>`: people, places and organisations, character offsets.
pub fn mentions() -> DataType {
    list_of(record(&[
        ("text", text()),
        ("kind", DataType::Utf8),
        ("start", DataType::Int64),
        ("end", DataType::Int64),
    ]))
}

/// `large_list<struct<speaker, quote, cue, speaker_start, quote_start,
/// quote_end, direct>>`: attributed quotations.
pub fn quotes() -> DataType {
    list_of(record(&[
        ("speaker", text()),
        ("quote", text()),
        ("cue", DataType::Utf8),
        ("speaker_start", DataType::Int64),
        ("quote_start", DataType::Int64),
        ("quote_end", DataType::Int64),
        ("direct", DataType::Boolean),
    ]))
}

/// The struct fields of a list type made here (`tokens()`, `mentions()`,
/// ...); empty for other types.
pub fn item_fields(list: &DataType) -> Fields {
    match list {
        DataType::LargeList(item) => match item.data_type() {
            DataType::Struct(fields) => fields.clone(),
            _ => Fields::empty(),
        },
        _ => Fields::empty(),
    }
}

/// The item field of a `large_list` type made here.
pub fn item_field(list: &DataType) -> FieldRef {
    match list {
        DataType::LargeList(item) => Arc::clone(item),
        other => Arc::new(field(ITEM, other.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_schema_names_every_column_once() {
        let schema = article_schema();
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names.len(), 18);
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert_eq!(names.last(), Some(&"error"));
    }

    #[test]
    fn struct_lists_expose_their_fields() {
        let names: Vec<String> = item_fields(&mentions())
            .iter()
            .map(|f| f.name().clone())
            .collect();
        assert_eq!(names, ["text", "kind", "start", "end"]);
        assert!(item_fields(&words()).is_empty());
    }
}
