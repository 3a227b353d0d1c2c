//! Read results as one Arrow [`RecordBatch`] in the article schema
//! ([`crate::schema::article_schema`]), built with arrow-rs's builders.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBufferBuilder, Int64Builder, LargeListBuilder, LargeStringBuilder, StructBuilder,
    TimestampNanosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch, StructArray};
use arrow_buffer::NullBuffer;

use super::ReadResult;
use crate::schema;

/// A `large_list<large_string>` column.
type StringLists = LargeListBuilder<LargeStringBuilder>;

/// A `large_list<struct<..>>` column whose struct fields are all strings.
struct RecordLists(LargeListBuilder<StructBuilder>);

impl RecordLists {
    fn new(names: &[&str]) -> Self {
        let fields = schema::string_record_fields(names);
        RecordLists(LargeListBuilder::new(StructBuilder::from_fields(fields, 0)))
    }

    /// A row of `items`, each given as its field values in order.
    fn push<'a, T: 'a, const N: usize>(
        &mut self,
        items: impl IntoIterator<Item = &'a T>,
        values: impl Fn(&'a T) -> [&'a str; N],
    ) {
        let structs = self.0.values();
        for item in items {
            for (i, value) in values(item).into_iter().enumerate() {
                string_field(structs, i).append_value(value);
            }
            structs.append(true);
        }
        self.0.append(true);
    }

    fn push_null(&mut self) {
        self.0.append(false);
    }
}

fn string_field(structs: &mut StructBuilder, i: usize) -> &mut LargeStringBuilder {
    structs
        .field_builder::<LargeStringBuilder>(i)
        .expect("record fields are large strings")
}

fn push_strings<S: AsRef<str>>(lists: &mut StringLists, values: &[S]) {
    for value in values {
        lists.values().append_value(value);
    }
    lists.append(true);
}

/// Builders for the columns of [`schema::article_schema`].
struct ArticleBuilder {
    id: LargeStringBuilder,
    path: LargeStringBuilder,
    outlet: LargeStringBuilder,
    url: LargeStringBuilder,
    section: LargeStringBuilder,
    title: LargeStringBuilder,
    published: TimestampNanosecondBuilder,
    script: LargeStringBuilder,
    n_chars: Int64Builder,
    paragraphs: StringLists,
    subheadings: StringLists,
    text: LargeStringBuilder,
    images: RecordLists,
    links: RecordLists,
    related: RecordLists,
    embeds: RecordLists,
    reporters: StringLists,
    location: LargeStringBuilder,
    editors: StringLists,
    web_editors: StringLists,
    byline_raw: LargeStringBuilder,
    byline_valid: BooleanBufferBuilder,
    error: LargeStringBuilder,
}

fn string_lists() -> StringLists {
    LargeListBuilder::new(LargeStringBuilder::new())
}

impl ArticleBuilder {
    fn new(rows: usize) -> Self {
        let strings = || LargeStringBuilder::with_capacity(rows, 0);
        ArticleBuilder {
            id: strings(),
            path: strings(),
            outlet: strings(),
            url: strings(),
            section: strings(),
            title: strings(),
            published: TimestampNanosecondBuilder::with_capacity(rows).with_timezone("UTC"),
            script: strings(),
            n_chars: Int64Builder::with_capacity(rows),
            paragraphs: string_lists(),
            subheadings: string_lists(),
            text: strings(),
            images: RecordLists::new(&schema::IMAGE_FIELDS),
            links: RecordLists::new(&schema::LINK_FIELDS),
            related: RecordLists::new(&schema::LINK_FIELDS),
            embeds: RecordLists::new(&schema::EMBED_FIELDS),
            reporters: string_lists(),
            location: strings(),
            editors: string_lists(),
            web_editors: string_lists(),
            byline_raw: strings(),
            byline_valid: BooleanBufferBuilder::new(rows),
            error: strings(),
        }
    }

    fn push(&mut self, name: &str, result: &ReadResult) {
        match result {
            Ok(a) => {
                self.id.append_value(&a.id);
                self.path.append_value(&a.path);
                self.outlet.append_value(&a.outlet);
                self.url.append_value(&a.url);
                self.section.append_value(&a.section);
                self.title.append_value(&a.title);
                self.published
                    .append_value(a.published_ms.saturating_mul(1_000_000));
                self.script.append_value(a.script.as_str());
                self.n_chars.append_value(a.n_chars() as i64);
                push_strings(&mut self.paragraphs, &a.paragraphs);
                push_strings(&mut self.subheadings, &a.subheadings);
                self.text.append_value(a.text());
                self.images.push(&a.images, |i| {
                    [
                        i.src.as_str(),
                        i.alt.as_str(),
                        i.caption.as_str(),
                        i.credit.as_str(),
                    ]
                });
                self.links
                    .push(&a.links, |l| [l.text.as_str(), l.url.as_str()]);
                self.related
                    .push(&a.related, |l| [l.text.as_str(), l.url.as_str()]);
                self.embeds.push(&a.embeds, |e| {
                    [
                        e.kind.as_str(),
                        e.url.as_str(),
                        e.author.as_str(),
                        e.handle.as_str(),
                        e.date.as_str(),
                        e.text.as_str(),
                    ]
                });
                push_strings(&mut self.reporters, &a.byline.reporters);
                self.location.append_value(&a.byline.location);
                push_strings(&mut self.editors, &a.byline.editors);
                push_strings(&mut self.web_editors, &a.byline.web_editors);
                self.byline_raw.append_value(&a.byline.raw);
                self.byline_valid.append(true);
                self.error.append_null();
            }
            Err(err) => {
                let stem = std::path::Path::new(name)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                self.id.append_value(stem);
                self.path.append_value(name);
                for column in [
                    &mut self.outlet,
                    &mut self.url,
                    &mut self.section,
                    &mut self.title,
                    &mut self.script,
                    &mut self.text,
                    &mut self.location,
                    &mut self.byline_raw,
                ] {
                    column.append_null();
                }
                self.published.append_null();
                self.n_chars.append_null();
                for lists in [
                    &mut self.paragraphs,
                    &mut self.subheadings,
                    &mut self.reporters,
                    &mut self.editors,
                    &mut self.web_editors,
                ] {
                    lists.append(false);
                }
                for records in [
                    &mut self.images,
                    &mut self.links,
                    &mut self.related,
                    &mut self.embeds,
                ] {
                    records.push_null();
                }
                self.byline_valid.append(false);
                self.error.append_value(err.describe(Some(name)));
            }
        }
    }

    fn finish(mut self) -> RecordBatch {
        let byline = StructArray::new(
            schema::byline_fields(),
            vec![
                Arc::new(self.reporters.finish()) as ArrayRef,
                Arc::new(self.location.finish()),
                Arc::new(self.editors.finish()),
                Arc::new(self.web_editors.finish()),
                Arc::new(self.byline_raw.finish()),
            ],
            Some(NullBuffer::new(self.byline_valid.finish())),
        );
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.path.finish()),
            Arc::new(self.outlet.finish()),
            Arc::new(self.url.finish()),
            Arc::new(self.section.finish()),
            Arc::new(self.title.finish()),
            Arc::new(self.published.finish()),
            Arc::new(self.script.finish()),
            Arc::new(self.n_chars.finish()),
            Arc::new(self.paragraphs.finish()),
            Arc::new(self.subheadings.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.images.0.finish()),
            Arc::new(self.links.0.finish()),
            Arc::new(self.related.0.finish()),
            Arc::new(self.embeds.0.finish()),
            Arc::new(byline),
            Arc::new(self.error.finish()),
        ];
        RecordBatch::try_new(schema::article_schema(), columns)
            .expect("the builders make the columns of the article schema")
    }
}

/// One batch of the article schema from read results: row `i` is
/// `results[i]`, whose path or archive member name is `names[i]`. A result
/// that failed becomes a row with `id` (the name's stem), `path`, `error`
/// (the message, naming the file), null elsewhere.
///
/// ```
/// use zhtext::article::{articles_to_record_batch, parse_bytes, EncodingErrors};
/// let good = parse_bytes("<!--1654614058000-->\n[标题](https://www.rfa.org/mandarin/a/b/x.html)\n------\n\n<p>正文。</p>".as_bytes(), Some("rfa/x.md"), EncodingErrors::Strict);
/// let bad = parse_bytes(b"\0", Some("rfa/y.md"), EncodingErrors::Strict);
/// let batch = articles_to_record_batch(&["rfa/x.md", "rfa/y.md"], &[good, bad]);
/// assert_eq!(batch.num_rows(), 2);
/// assert_eq!(batch.column_by_name("error").unwrap().null_count(), 1);
/// ```
pub fn articles_to_record_batch(names: &[&str], results: &[ReadResult]) -> RecordBatch {
    let mut builder = ArticleBuilder::new(results.len());
    for (name, result) in names.iter().zip(results) {
        builder.push(name, result);
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse_bytes, EncodingErrors};
    use arrow_array::cast::AsArray;
    use arrow_array::Array;

    const ARTICLE: &str = "<!--1654614058000-->\n[标题](https://www.rfa.org/mandarin/yataibaodao/zhengzhi/x.html)\n------\n\n<p>第一段。</p><p>第二段。</p><p>记者：高锋 责编：何平</p>";

    #[test]
    fn rows_keep_their_fields_and_failures_are_null_but_for_their_error() {
        let good = parse_bytes(ARTICLE.as_bytes(), Some("rfa/x.md"), EncodingErrors::Strict);
        let bad = parse_bytes(b"no header", Some("rfa/bad.md"), EncodingErrors::Strict);
        let batch = articles_to_record_batch(&["rfa/x.md", "rfa/bad.md"], &[good, bad]);
        assert_eq!(batch.schema(), schema::article_schema());
        let column = |name: &str| batch.column_by_name(name).unwrap().clone();
        let ids = column("id");
        assert_eq!(ids.as_string::<i64>().value(1), "bad");
        let paragraphs = column("paragraphs");
        let paragraphs = paragraphs.as_list::<i64>();
        assert_eq!(paragraphs.value(0).as_string::<i64>().value(1), "第二段。");
        assert!(paragraphs.is_null(1));
        let byline = column("byline");
        let byline = byline.as_struct();
        assert!(byline.is_valid(0) && byline.is_null(1));
        let reporters = byline.column(0).as_list::<i64>().value(0);
        assert_eq!(reporters.as_string::<i64>().value(0), "高锋");
        let published = column("published");
        assert_eq!(
            published
                .as_primitive::<arrow_array::types::TimestampNanosecondType>()
                .value(0),
            1_654_614_058_000_000_000
        );
        assert!(published.is_null(1));
        assert!(column("error")
            .as_string::<i64>()
            .value(1)
            .starts_with("rfa/bad.md: line 1"));
        assert!(column("error").is_null(0));
        assert!(column("text").is_null(1));
    }

    #[test]
    fn an_empty_batch_has_the_schema() {
        let batch = articles_to_record_batch(&[], &[]);
        assert_eq!(batch.num_rows(), 0);
        assert_eq!(batch.schema(), schema::article_schema());
    }
}
