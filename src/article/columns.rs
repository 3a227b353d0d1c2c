//! A batch of read results as Arrow-shaped buffers (offsets, bytes and
//! validity per column), so a binding can hand whole columns to Arrow
//! without making an object per value. Strings use 64-bit offsets
//! (`large_string`), lists 64-bit list offsets (`large_list`).

use super::{ArticleError, ReadResult};

/// A column of UTF-8 strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utf8Column {
    pub offsets: Vec<i64>,
    pub data: Vec<u8>,
    /// `false` marks a null.
    pub valid: Vec<bool>,
}

impl Default for Utf8Column {
    fn default() -> Self {
        Utf8Column {
            offsets: vec![0],
            data: Vec::new(),
            valid: Vec::new(),
        }
    }
}

impl Utf8Column {
    pub fn push(&mut self, value: &str) {
        self.data.extend_from_slice(value.as_bytes());
        self.offsets.push(self.data.len() as i64);
        self.valid.push(true);
    }

    pub fn push_null(&mut self) {
        self.offsets.push(self.data.len() as i64);
        self.valid.push(false);
    }

    pub fn len(&self) -> usize {
        self.valid.len()
    }

    pub fn is_empty(&self) -> bool {
        self.valid.is_empty()
    }
}

/// A column of lists: where each row's items start in the child columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOffsets {
    pub offsets: Vec<i64>,
    pub valid: Vec<bool>,
}

impl Default for ListOffsets {
    fn default() -> Self {
        ListOffsets {
            offsets: vec![0],
            valid: Vec::new(),
        }
    }
}

impl ListOffsets {
    fn close_row(&mut self, items: usize, valid: bool) {
        self.offsets.push(items as i64);
        self.valid.push(valid);
    }
}

/// A list of strings per row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StringLists {
    pub lists: ListOffsets,
    pub items: Utf8Column,
}

impl StringLists {
    fn push<S: AsRef<str>>(&mut self, values: &[S]) {
        for value in values {
            self.items.push(value.as_ref());
        }
        self.lists.close_row(self.items.len(), true);
    }

    fn push_null(&mut self) {
        self.lists.close_row(self.items.len(), false);
    }
}

/// A list of structs of strings per row: one string column per field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructLists {
    pub lists: ListOffsets,
    pub fields: Vec<(&'static str, Utf8Column)>,
}

impl StructLists {
    fn new(names: &[&'static str]) -> Self {
        StructLists {
            lists: ListOffsets::default(),
            fields: names.iter().map(|n| (*n, Utf8Column::default())).collect(),
        }
    }

    fn push<T>(&mut self, items: &[T], values: impl Fn(&T) -> Vec<&str>) {
        for item in items {
            for ((_, column), value) in self.fields.iter_mut().zip(values(item)) {
                column.push(value);
            }
        }
        let len = self.fields.first().map_or(0, |(_, c)| c.len());
        self.lists.close_row(len, true);
    }

    fn push_null(&mut self) {
        let len = self.fields.first().map_or(0, |(_, c)| c.len());
        self.lists.close_row(len, false);
    }
}

/// Every column of a batch. Rows that failed are null everywhere except
/// `id`, `path`, `error` and `error_kind`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleColumns {
    pub rows: usize,
    pub strings: Vec<(&'static str, Utf8Column)>,
    pub published_ms: Vec<i64>,
    pub n_chars: Vec<i64>,
    /// Whether the row parsed (validity of the numeric and nested columns).
    pub parsed: Vec<bool>,
    pub paragraphs: StringLists,
    pub subheadings: StringLists,
    pub images: StructLists,
    pub links: StructLists,
    pub related: StructLists,
    pub embeds: StructLists,
    pub byline_reporters: StringLists,
    pub byline_editors: StringLists,
    pub byline_web_editors: StringLists,
}

/// The string columns, in the order of [`ArticleColumns::strings`].
pub const STRING_COLUMNS: [&str; 12] = [
    "id",
    "path",
    "outlet",
    "url",
    "section",
    "title",
    "script",
    "text",
    "byline.location",
    "byline.raw",
    "error",
    "error_kind",
];

impl ArticleColumns {
    /// The columns of `results`; `names[i]` is the path or member name of result `i`.
    pub fn new(
        names: &[&str],
        results: &[ReadResult],
        error_kind: impl Fn(&ArticleError) -> &'static str,
    ) -> Self {
        let mut columns = ArticleColumns {
            rows: results.len(),
            strings: STRING_COLUMNS
                .iter()
                .map(|n| (*n, Utf8Column::default()))
                .collect(),
            published_ms: Vec::with_capacity(results.len()),
            n_chars: Vec::with_capacity(results.len()),
            parsed: Vec::with_capacity(results.len()),
            paragraphs: StringLists::default(),
            subheadings: StringLists::default(),
            images: StructLists::new(&["src", "alt", "caption", "credit"]),
            links: StructLists::new(&["text", "url"]),
            related: StructLists::new(&["text", "url"]),
            embeds: StructLists::new(&["kind", "url", "author", "handle", "date", "text"]),
            byline_reporters: StringLists::default(),
            byline_editors: StringLists::default(),
            byline_web_editors: StringLists::default(),
        };
        for (name, result) in names.iter().zip(results) {
            columns.push(name, result, &error_kind);
        }
        columns
    }

    fn push(
        &mut self,
        name: &str,
        result: &ReadResult,
        error_kind: &impl Fn(&ArticleError) -> &'static str,
    ) {
        match result {
            Ok(a) => {
                let text = a.text();
                let values: [Option<&str>; 12] = [
                    Some(&a.id),
                    Some(&a.path),
                    Some(&a.outlet),
                    Some(&a.url),
                    Some(&a.section),
                    Some(&a.title),
                    Some(a.script.as_str()),
                    Some(&text),
                    Some(&a.byline.location),
                    Some(&a.byline.raw),
                    None,
                    None,
                ];
                self.push_strings(values);
                self.published_ms.push(a.published_ms);
                self.n_chars.push(a.n_chars() as i64);
                self.parsed.push(true);
                self.paragraphs.push(&a.paragraphs);
                self.subheadings.push(&a.subheadings);
                self.images
                    .push(&a.images, |i| vec![&i.src, &i.alt, &i.caption, &i.credit]);
                self.links.push(&a.links, |l| vec![&l.text, &l.url]);
                self.related.push(&a.related, |l| vec![&l.text, &l.url]);
                self.embeds.push(&a.embeds, |e| {
                    vec![&e.kind, &e.url, &e.author, &e.handle, &e.date, &e.text]
                });
                self.byline_reporters.push(&a.byline.reporters);
                self.byline_editors.push(&a.byline.editors);
                self.byline_web_editors.push(&a.byline.web_editors);
            }
            Err(err) => {
                let stem = std::path::Path::new(name)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let message = err.describe(Some(name));
                let mut values: [Option<&str>; 12] = [None; 12];
                values[0] = Some(&stem);
                values[1] = Some(name);
                values[10] = Some(&message);
                values[11] = Some(error_kind(err));
                self.push_strings(values);
                self.published_ms.push(0);
                self.n_chars.push(0);
                self.parsed.push(false);
                self.paragraphs.push_null();
                self.subheadings.push_null();
                self.images.push_null();
                self.links.push_null();
                self.related.push_null();
                self.embeds.push_null();
                self.byline_reporters.push_null();
                self.byline_editors.push_null();
                self.byline_web_editors.push_null();
            }
        }
    }

    fn push_strings(&mut self, values: [Option<&str>; 12]) {
        for ((_, column), value) in self.strings.iter_mut().zip(values) {
            match value {
                Some(value) => column.push(value),
                None => column.push_null(),
            }
        }
    }
}
