//! The HTML5 tokenizer of an article body, over the whole input at once:
//! memchr finds the next `<`, `&` or NUL, text runs are handed on as slices,
//! and tags, attributes, comments, character references, the raw text of
//! RCDATA, RAWTEXT, script data and PLAINTEXT content and CDATA sections in
//! foreign content are read with the states of the HTML5 spec (as
//! html5ever's tokenizer reads them). The tokens go to html5ever's tree
//! builder, which keeps the spec's tree construction (implied end tags, the
//! adoption agency, foster parenting). Each tag is first shown to the
//! body's [`Shape`], which stops the reading when the tree would nest too
//! deep or cost too much.
//!
//! html5ever's own tokenizer takes a character at a time from a queue of
//! buffers, built for streamed input; it was half of the time of parsing
//! markup-dense bodies. This one reads a complete body.

use std::borrow::Cow;

use html5ever::data::NAMED_ENTITIES;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::{local_name, ns, Attribute, LocalName, QualName};
use memchr::{memchr, memchr3, memmem};

use super::shape::{Excess, Shape, MAX_ATTRIBUTES};

/// Tokenizes `html` into `sink` (a tree builder set up for a fragment whose
/// context is `<body>`), ending with the end-of-file token and `sink.end()`,
/// or stops at the first tag that takes `shape` past a limit (its offset
/// counts the bytes of `html` as given).
pub(crate) fn tokenize<S: TreeBuilding>(
    original: &str,
    sink: &S,
    shape: &mut Shape,
) -> Result<(), Excess> {
    // The spec's preprocessing of the input stream: CRLF and lone CR are LF.
    let normalized: Cow<'_, str> = if memchr(b'\r', original.as_bytes()).is_some() {
        Cow::Owned(original.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(original)
    };
    // html5ever's tokenizer drops a byte order mark at the start.
    let html = normalized.strip_prefix('\u{feff}').unwrap_or(&normalized);
    let dropped = normalized.len() - html.len();
    let mut tokenizer = Tokenizer {
        html,
        bytes: html.as_bytes(),
        at: 0,
        sink,
        shape,
        excess: None,
    };
    tokenizer.run();
    if let Some(excess) = tokenizer.excess {
        let offset = original_offset(original, excess.offset() + dropped);
        return Err(excess.at(offset));
    }
    let _ = sink.process_token(Token::EOFToken, 0);
    sink.end();
    Ok(())
}

/// A tree builder the tokenizer feeds: html5ever's, or our own for the
/// markup of most bodies (`super::tree`), which gives up on the rest.
pub(crate) trait TreeBuilding: TokenSink {
    /// Whether the builder gave up on the body: reading stops there.
    fn gave_up(&self) -> bool {
        false
    }
}

/// The offset in `original` of the byte at `offset` in its text with line
/// breaks normalised (each CRLF read as one LF).
fn original_offset(original: &str, offset: usize) -> usize {
    let bytes = original.as_bytes();
    let (mut at, mut normalized) = (0, 0);
    while normalized < offset && at < bytes.len() {
        at += if bytes[at..].starts_with(b"\r\n") {
            2
        } else {
            1
        };
        normalized += 1;
    }
    at
}

struct Tokenizer<'a, S> {
    html: &'a str,
    bytes: &'a [u8],
    /// The byte offset of the next character to read.
    at: usize,
    sink: &'a S,
    shape: &'a mut Shape,
    /// The limit a tag went past; reading stopped there.
    excess: Option<Excess>,
}

/// What reading a tag ended with.
enum TagEnd {
    /// The tag's `>`: the offset after it, whether `/>` closed it and
    /// whether an attribute's name came twice.
    Closed {
        after: usize,
        self_closing: bool,
        duplicate: bool,
        attributes: usize,
    },
    /// The input ended inside the tag, which the spec drops.
    Eof,
    /// A start tag with more than [`MAX_ATTRIBUTES`] attributes, read up to
    /// the first one past the limit.
    TooManyAttributes,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b' ')
}

/// A tag's or attribute's name as the tokenizer keeps it: ASCII capitals
/// lowered, NUL replaced; borrowed when there is nothing to change.
fn lowercase(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        replace_nul(Cow::Owned(text.to_ascii_lowercase()))
    } else {
        replace_nul(Cow::Borrowed(text))
    }
}

/// The frequent tag names, already lowered, without hashing them: the
/// names of most tags of an article.
fn known_tag(name: &[u8]) -> Option<LocalName> {
    Some(match name {
        b"p" => local_name!("p"),
        b"a" => local_name!("a"),
        b"b" => local_name!("b"),
        b"i" => local_name!("i"),
        b"u" => local_name!("u"),
        b"br" => local_name!("br"),
        b"em" => local_name!("em"),
        b"li" => local_name!("li"),
        b"ul" => local_name!("ul"),
        b"ol" => local_name!("ol"),
        b"td" => local_name!("td"),
        b"tr" => local_name!("tr"),
        b"th" => local_name!("th"),
        b"h1" => local_name!("h1"),
        b"h2" => local_name!("h2"),
        b"h3" => local_name!("h3"),
        b"h4" => local_name!("h4"),
        b"div" => local_name!("div"),
        b"img" => local_name!("img"),
        b"span" => local_name!("span"),
        b"small" => local_name!("small"),
        b"table" => local_name!("table"),
        b"tbody" => local_name!("tbody"),
        b"strong" => local_name!("strong"),
        b"figure" => local_name!("figure"),
        b"figcaption" => local_name!("figcaption"),
        b"section" => local_name!("section"),
        b"blockquote" => local_name!("blockquote"),
        b"script" => local_name!("script"),
        b"iframe" => local_name!("iframe"),
        _ => return None,
    })
}

/// An attribute's name (lowered) as an atom; the frequent ones without
/// hashing them.
fn attribute_name(name: &str) -> LocalName {
    match name {
        "class" => local_name!("class"),
        "id" => local_name!("id"),
        "href" => local_name!("href"),
        "src" => local_name!("src"),
        "alt" => local_name!("alt"),
        "style" => local_name!("style"),
        "title" => local_name!("title"),
        "width" => local_name!("width"),
        "height" => local_name!("height"),
        _ => LocalName::from(name),
    }
}

/// `text` with each NUL replaced by U+FFFD, as every state but the data
/// state and CDATA sections reads it.
fn replace_nul(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.as_bytes().contains(&0) {
        Cow::Owned(text.replace('\0', "\u{fffd}"))
    } else {
        text
    }
}

impl<S: TreeBuilding> Tokenizer<'_, S> {
    /// The data state, to the end of the input.
    fn run(&mut self) {
        while self.at < self.bytes.len() && !self.sink.gave_up() {
            let Some(offset) = memchr3(b'<', b'&', b'\0', &self.bytes[self.at..]) else {
                self.text(self.at, self.bytes.len());
                self.at = self.bytes.len();
                break;
            };
            let special = self.at + offset;
            self.text(self.at, special);
            match self.bytes[special] {
                b'&' => {
                    let mut decoded = String::new();
                    self.at = char_ref(self.html, special, false, &mut decoded);
                    self.emit_text(StrTendril::from(decoded));
                }
                // The tree builder drops a NUL or (in foreign content)
                // replaces it.
                b'\0' => {
                    let _ = self.emit(Token::NullCharacterToken);
                    self.at = special + 1;
                }
                _ => {
                    self.at = special;
                    self.markup();
                }
            }
        }
    }

    fn emit(&self, token: Token) -> TokenSinkResult<S::Handle> {
        self.sink.process_token(token, 0)
    }

    fn emit_text(&self, text: StrTendril) {
        if !text.is_empty() {
            let _ = self.emit(Token::CharacterTokens(text));
        }
    }

    /// The characters of `html[from..to]`, which hold no `<`, `&` or NUL.
    fn text(&self, from: usize, to: usize) {
        if from < to {
            self.emit_text(StrTendril::from_slice(&self.html[from..to]));
        }
    }

    /// The characters of `html[from..to]` in a state that replaces NUL.
    fn raw_characters(&self, from: usize, to: usize) {
        match replace_nul(Cow::Borrowed(&self.html[from..to])) {
            Cow::Borrowed(text) => self.emit_text(StrTendril::from_slice(text)),
            Cow::Owned(text) => self.emit_text(StrTendril::from(text)),
        }
    }

    /// Reads the markup that starts with the `<` at `self.at`.
    fn markup(&mut self) {
        let lt = self.at;
        match self.bytes.get(lt + 1) {
            Some(b) if b.is_ascii_alphabetic() => self.start_tag(lt),
            Some(b'/') => {
                match self.bytes.get(lt + 2) {
                    Some(b) if b.is_ascii_alphabetic() => {
                        self.end_tag(lt + 2);
                    }
                    // `</>` is dropped.
                    Some(b'>') => self.at = lt + 3,
                    Some(_) => self.bogus_comment(lt + 2),
                    None => {
                        self.text(lt, lt + 2);
                        self.at = lt + 2;
                    }
                }
            }
            Some(b'!') => self.declaration(lt + 2),
            Some(b'?') => self.bogus_comment(lt + 1),
            // A `<` that starts no markup is text.
            _ => {
                self.text(lt, lt + 1);
                self.at = lt + 1;
            }
        }
    }

    /// A comment, doctype or bogus comment after `<!`.
    fn declaration(&mut self, from: usize) {
        let rest = &self.bytes[from..];
        if rest.starts_with(b"--") {
            self.at = comment_end(self.bytes, from + 2);
            let _ = self.emit(Token::CommentToken(StrTendril::new()));
        } else if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
            // The tree builder ignores a doctype in a body, whatever it says:
            // every doctype state ends at the next `>`.
            self.at = memchr(b'>', rest).map_or(self.bytes.len(), |p| from + p + 1);
            let _ = self.emit(Token::DoctypeToken(Doctype::default()));
        } else if rest.starts_with(b"[CDATA[")
            && self
                .sink
                .adjusted_current_node_present_but_not_in_html_namespace()
        {
            self.cdata(from + 7);
        } else {
            self.bogus_comment(from);
        }
    }

    /// A CDATA section in foreign content whose text starts at `from`: up
    /// to `]]>` or the end of the input. Its NUL characters go to the tree
    /// builder as they are (which replaces them there).
    fn cdata(&mut self, from: usize) {
        let end = memmem::find(&self.bytes[from..], b"]]>").map_or(self.bytes.len(), |p| from + p);
        let mut at = from;
        while let Some(p) = memchr(b'\0', &self.bytes[at..end]) {
            self.text(at, at + p);
            let _ = self.emit(Token::NullCharacterToken);
            at += p + 1;
        }
        self.text(at, end);
        self.at = (end + 3).min(self.bytes.len());
    }

    /// A bogus comment whose text starts at `from`: up to the next `>`.
    fn bogus_comment(&mut self, from: usize) {
        self.at = memchr(b'>', &self.bytes[from..]).map_or(self.bytes.len(), |p| from + p + 1);
        let _ = self.emit(Token::CommentToken(StrTendril::new()));
    }

    /// The name of a tag that starts at `from` (a letter), lowered, and the
    /// offset after it.
    fn tag_name(&self, from: usize) -> (LocalName, usize) {
        let end = self.bytes[from..]
            .iter()
            .position(|&b| is_space(b) || b == b'/' || b == b'>')
            .map_or(self.bytes.len(), |p| from + p);
        let raw = &self.html[from..end];
        let name = known_tag(raw.as_bytes()).unwrap_or_else(|| LocalName::from(&*lowercase(raw)));
        (name, end)
    }

    /// Stops reading: the tag at `lt` takes the body past a limit.
    fn stop(&mut self, excess: Excess) {
        self.excess = Some(excess);
        self.at = self.bytes.len();
    }

    fn start_tag(&mut self, lt: usize) {
        let (name, name_end) = self.tag_name(lt + 1);
        let mut attrs = Vec::new();
        let (after, self_closing, duplicate, attributes) =
            match self.attributes(name_end, Some(&mut attrs)) {
                TagEnd::Closed {
                    after,
                    self_closing,
                    duplicate,
                    attributes,
                } if attributes <= MAX_ATTRIBUTES => (after, self_closing, duplicate, attributes),
                TagEnd::Closed { .. } | TagEnd::TooManyAttributes => {
                    return self.stop(Excess::Attributes { offset: lt });
                }
                TagEnd::Eof => {
                    self.at = self.bytes.len();
                    return;
                }
            };
        // The tree builder ignores `/>` on an HTML element (`<div/>` stays
        // open) and honours it only in foreign content, where it also takes
        // `<svg/>` and `<math/>`: the estimate must do the same, or repeated
        // `<div/>`s would nest without ever counting.
        let foreign = self
            .sink
            .adjusted_current_node_present_but_not_in_html_namespace();
        let closes_itself =
            self_closing && (matches!(name, local_name!("svg") | local_name!("math")) || foreign);
        if let Err(excess) = self
            .shape
            .start_tag(&name, attributes, closes_itself, foreign, lt)
        {
            return self.stop(excess);
        }
        self.at = after;
        let raw_name = name.clone();
        let result = self.emit(Token::TagToken(Tag {
            kind: TagKind::StartTag,
            name,
            self_closing,
            attrs,
            had_duplicate_attributes: duplicate,
        }));
        match result {
            TokenSinkResult::RawData(RawKind::Rcdata) => self.raw_text(&raw_name, true),
            TokenSinkResult::RawData(RawKind::Rawtext) => self.raw_text(&raw_name, false),
            TokenSinkResult::RawData(_) => self.script_data(&raw_name),
            TokenSinkResult::Plaintext => {
                self.raw_characters(self.at, self.bytes.len());
                self.at = self.bytes.len();
            }
            TokenSinkResult::Continue
            | TokenSinkResult::Script(_)
            | TokenSinkResult::EncodingIndicator(_) => {}
        }
    }

    /// An end tag whose name starts at `from`. Its attributes are read past
    /// and dropped: the tree builder reads none on an end tag.
    fn end_tag(&mut self, from: usize) {
        let (name, name_end) = self.tag_name(from);
        match self.attributes(name_end, None) {
            TagEnd::Closed { after, .. } => {
                if let Err(excess) = self.shape.end_tag(&name, from - 2) {
                    return self.stop(excess);
                }
                self.at = after;
                let _ = self.emit(Token::TagToken(Tag {
                    kind: TagKind::EndTag,
                    name,
                    self_closing: false,
                    attrs: Vec::new(),
                    had_duplicate_attributes: false,
                }));
            }
            TagEnd::Eof | TagEnd::TooManyAttributes => self.at = self.bytes.len(),
        }
    }

    /// The attributes from `from` (after the tag's name) to the tag's end,
    /// in the spec's attribute states; the first of two with one name is
    /// kept. With `attrs` None they are read past (and not counted).
    fn attributes(&self, from: usize, mut attrs: Option<&mut Vec<Attribute>>) -> TagEnd {
        let bytes = self.bytes;
        // Most tags end right after their name.
        if bytes.get(from) == Some(&b'>') {
            return TagEnd::Closed {
                after: from + 1,
                self_closing: false,
                duplicate: false,
                attributes: 0,
            };
        }
        let mut i = from;
        let duplicate = std::cell::Cell::new(false);
        let attributes = std::cell::Cell::new(0);
        let counting = attrs.is_some();
        let mut keep = |name: &str, value: StrTendril| {
            if let Some(attrs) = attrs.as_deref_mut() {
                attributes.set(attributes.get() + 1);
                let name = lowercase(name);
                if attrs.iter().any(|a| *a.name.local == *name) {
                    duplicate.set(true);
                } else {
                    attrs.push(Attribute {
                        name: QualName::new(None, ns!(), attribute_name(&name)),
                        value,
                    });
                }
            }
        };
        loop {
            // Each attribute is compared with those before it: a tag with
            // too many is not read to its end.
            if counting && attributes.get() > MAX_ATTRIBUTES {
                return TagEnd::TooManyAttributes;
            }
            // Before attribute name.
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            match bytes.get(i) {
                None => return TagEnd::Eof,
                Some(b'>') => {
                    return TagEnd::Closed {
                        after: i + 1,
                        self_closing: false,
                        duplicate: duplicate.get(),
                        attributes: attributes.get(),
                    }
                }
                Some(b'/') => {
                    // Self-closing start tag: `/>` ends the tag; any other
                    // character is read again before an attribute name.
                    match bytes.get(i + 1) {
                        None => return TagEnd::Eof,
                        Some(b'>') => {
                            return TagEnd::Closed {
                                after: i + 2,
                                self_closing: true,
                                duplicate: duplicate.get(),
                                attributes: attributes.get(),
                            }
                        }
                        Some(_) => {
                            i += 1;
                            continue;
                        }
                    }
                }
                Some(_) => {}
            }
            // Attribute name: a leading `=` belongs to it.
            let name_start = i;
            i += usize::from(bytes[i] == b'=');
            while i < bytes.len()
                && !matches!(
                    bytes[i],
                    b'\t' | b'\n' | b'\x0C' | b' ' | b'/' | b'>' | b'='
                )
            {
                i += 1;
            }
            let name = &self.html[name_start..i];
            // After attribute name.
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            if bytes.get(i) != Some(&b'=') {
                match bytes.get(i) {
                    None => return TagEnd::Eof,
                    _ => {
                        // `/`, `>` or the start of the next attribute.
                        keep(name, StrTendril::new());
                        continue;
                    }
                }
            }
            i += 1;
            // Before attribute value.
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            match bytes.get(i) {
                None => return TagEnd::Eof,
                Some(&quote @ (b'"' | b'\'')) => {
                    let Some(close) = memchr(quote, &bytes[i + 1..]) else {
                        return TagEnd::Eof;
                    };
                    let close = i + 1 + close;
                    keep(name, attribute_value(&self.html[i + 1..close]));
                    // After a quoted value: white space, `/` or `>` as
                    // before a name; any other character starts the next
                    // attribute.
                    i = close + 1;
                }
                Some(b'>') => {
                    keep(name, StrTendril::new());
                    return TagEnd::Closed {
                        after: i + 1,
                        self_closing: false,
                        duplicate: duplicate.get(),
                        attributes: attributes.get(),
                    };
                }
                Some(_) => {
                    let end = bytes[i..]
                        .iter()
                        .position(|&b| is_space(b) || b == b'>')
                        .map(|p| i + p);
                    let Some(end) = end else {
                        return TagEnd::Eof;
                    };
                    keep(name, attribute_value(&self.html[i..end]));
                    i = end;
                }
            }
        }
    }

    /// The content of an RCDATA (`<textarea>`, `<title>`) or RAWTEXT
    /// (`<style>`, `<noscript>`, …) element named `name`, from `self.at` to
    /// its end tag, as text, character references decoded in RCDATA only.
    fn raw_text(&mut self, name: &str, rcdata: bool) {
        let from = self.at;
        let finder = memmem::Finder::new(b"</");
        let mut search = from;
        let end = loop {
            let Some(p) = finder.find(&self.bytes[search..]) else {
                break None;
            };
            let lt = search + p;
            if is_end_tag(self.bytes, lt, name.as_bytes()) {
                break Some(lt);
            }
            search = lt + 2;
        };
        let end = end.unwrap_or(self.bytes.len());
        let content = &self.html[from..end];
        if rcdata && content.contains('&') {
            let decoded = replace_nul(Cow::Owned(decode(content, false))).into_owned();
            self.emit_text(StrTendril::from(decoded));
        } else {
            self.raw_characters(from, end);
        }
        self.end_raw(end);
    }

    /// Ends raw content at `end`: the offset of its end tag's `<`, or the
    /// input's end.
    fn end_raw(&mut self, end: usize) {
        self.at = end;
        if end < self.bytes.len() {
            self.end_tag(end + 2);
        }
    }

    /// The content of a `<script>` element named `name`, from `self.at` to
    /// its end tag, as text (see [`script_data_end`]).
    fn script_data(&mut self, name: &str) {
        let from = self.at;
        let end = script_data_end(self.bytes, from, name.as_bytes()).unwrap_or(self.bytes.len());
        self.raw_characters(from, end);
        self.end_raw(end);
    }
}

/// Whether the `<` at `lt` starts an end tag named `name` (ASCII letters)
/// that ends raw content: `</`, the name in any case, then white space, `/`
/// or `>` (a name running on, or the input's end, leaves it text).
fn is_end_tag(bytes: &[u8], lt: usize, name: &[u8]) -> bool {
    let name_at = lt + 2;
    bytes.get(lt + 1) == Some(&b'/')
        && letters(bytes, name_at).eq_ignore_ascii_case(name)
        && bytes
            .get(name_at + name.len())
            .is_some_and(|&b| is_space(b) || b == b'/' || b == b'>')
}

/// The run of ASCII letters at `from`.
fn letters(bytes: &[u8], from: usize) -> &[u8] {
    let rest = bytes.get(from..).unwrap_or_default();
    let count = rest.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    &rest[..count]
}

/// The offset of the `<` of the end tag that ends script data starting at
/// `from` (the content of a `<script>` named `name`), or None when it runs
/// to the input's end. The spec's script data states decide: after `<!--`
/// the data is escaped (a `-->` ends that), and in escaped data a
/// `<script` starts double-escaped data, in which `</script` does not end
/// the element but only the double escape. Everything in between is text.
fn script_data_end(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    /// Where a state reads the data; the dashes just read count in the
    /// escaped states (`--` then `>` goes back to unescaped data).
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unescaped,
        Escaped { dashes: u8 },
        DoubleEscaped { dashes: u8 },
    }
    let is_name = |from: usize| {
        let run = letters(bytes, from);
        run.eq_ignore_ascii_case(b"script")
            && bytes
                .get(from + run.len())
                .is_some_and(|&b| is_space(b) || b == b'/' || b == b'>')
    };
    let mut state = State::Unescaped;
    let mut i = from;
    while i < bytes.len() {
        match state {
            State::Unescaped => {
                let lt = i + memchr(b'<', &bytes[i..])?;
                if is_end_tag(bytes, lt, name) {
                    return Some(lt);
                }
                if bytes[lt + 1..].starts_with(b"!--") {
                    state = State::Escaped { dashes: 2 };
                    i = lt + 4;
                } else {
                    i = lt + 1;
                }
            }
            State::Escaped { dashes } | State::DoubleEscaped { dashes } => {
                let double = matches!(state, State::DoubleEscaped { .. });
                let escaped = |dashes| {
                    if double {
                        State::DoubleEscaped { dashes }
                    } else {
                        State::Escaped { dashes }
                    }
                };
                match bytes[i] {
                    b'-' => {
                        state = escaped(dashes.saturating_add(1).min(2));
                        i += 1;
                    }
                    b'>' if dashes == 2 => {
                        state = State::Unescaped;
                        i += 1;
                    }
                    b'<' if !double => {
                        if is_end_tag(bytes, i, name) {
                            return Some(i);
                        }
                        // `<script` then white space, `/` or `>` starts
                        // the double escape; anything else is read again
                        // as escaped data.
                        let run = letters(bytes, i + 1).len();
                        state = State::Escaped { dashes: 0 };
                        if run > 0 && is_name(i + 1) {
                            state = State::DoubleEscaped { dashes: 0 };
                        }
                        i += 1 + run;
                    }
                    b'<' => {
                        // `</script` then white space, `/` or `>` ends the
                        // double escape.
                        state = State::DoubleEscaped { dashes: 0 };
                        i += 1;
                        if bytes.get(i) == Some(&b'/') {
                            let run = letters(bytes, i + 1).len();
                            if run > 0 && is_name(i + 1) {
                                state = State::Escaped { dashes: 0 };
                            }
                            i += 1 + run;
                        }
                    }
                    _ => {
                        state = escaped(0);
                        i += 1;
                    }
                }
            }
        }
    }
    None
}

/// The offset after a comment whose text starts at `from` (after `<!--`):
/// `>` or `->` right away, else the first `--` followed by `>` or `!>`
/// (the comment states' ends), else the input's end.
pub(crate) fn comment_end(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let finder = memmem::Finder::new(b"--");
    let mut at = from;
    while let Some(p) = finder.find(&bytes[at..]) {
        let dashes = at + p;
        match &bytes[dashes + 2..] {
            [b'>', ..] => return dashes + 3,
            [b'!', b'>', ..] => return dashes + 4,
            _ => at = dashes + 1,
        }
    }
    bytes.len()
}

/// An attribute's value with its character references decoded and NUL
/// replaced.
fn attribute_value(raw: &str) -> StrTendril {
    let value = if raw.contains('&') {
        Cow::Owned(decode(raw, true))
    } else {
        Cow::Borrowed(raw)
    };
    match replace_nul(value) {
        Cow::Borrowed(value) => StrTendril::from_slice(value),
        Cow::Owned(value) => StrTendril::from(value),
    }
}

/// `text` with its character references decoded.
fn decode(text: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(p) = memchr(b'&', &text.as_bytes()[at..]) {
        out.push_str(&text[at..at + p]);
        at = char_ref(text, at + p, in_attribute, &mut out);
    }
    out.push_str(&text[at..]);
    out
}

/// Reads the character reference at the `&` at `amp`: pushes what it stands
/// for (or `&` alone when it is none) and returns the offset after what it
/// consumed. Named references match the longest name in the spec's table;
/// in an attribute, one without its `;` followed by `=` or a letter or digit
/// is left as text.
fn char_ref(text: &str, amp: usize, in_attribute: bool, out: &mut String) -> usize {
    let bytes = text.as_bytes();
    let from = amp + 1;
    match bytes.get(from) {
        Some(b'#') => numeric_ref(bytes, from + 1, out).unwrap_or_else(|| {
            out.push('&');
            from
        }),
        Some(b) if b.is_ascii_alphanumeric() => {
            // Every prefix of a name is in the table (with no characters),
            // so the walk stops at the first prefix that is not.
            let mut matched = None;
            let mut end = from;
            while let Some(&b) = bytes.get(end) {
                end += 1;
                if !b.is_ascii() {
                    break;
                }
                match NAMED_ENTITIES.get(&text[from..end]) {
                    Some(&(first, second)) => {
                        if first != 0 {
                            matched = Some((end, first, second));
                        }
                    }
                    None => break,
                }
            }
            let Some((end, first, second)) = matched else {
                out.push('&');
                return from;
            };
            let next = bytes.get(end);
            let leave = in_attribute
                && bytes[end - 1] != b';'
                && next.is_some_and(|&b| b == b'=' || b.is_ascii_alphanumeric());
            if leave {
                out.push('&');
                return from;
            }
            out.extend(
                [first, second]
                    .into_iter()
                    .filter(|&c| c != 0)
                    .filter_map(char::from_u32),
            );
            end
        }
        _ => {
            out.push('&');
            from
        }
    }
}

/// A numeric reference whose `#` ends before `from`: its character and
/// the offset after it, or None when no digit follows.
fn numeric_ref(bytes: &[u8], from: usize, out: &mut String) -> Option<usize> {
    let (base, digits_at) = match bytes.get(from) {
        Some(b'x' | b'X') => (16, from + 1),
        _ => (10, from),
    };
    let mut number: u32 = 0;
    let mut too_big = false;
    let mut end = digits_at;
    while let Some(digit) = bytes.get(end).and_then(|&b| (b as char).to_digit(base)) {
        number = number.wrapping_mul(base);
        too_big |= number > 0x10FFFF;
        number = number.wrapping_add(digit);
        end += 1;
    }
    if end == digits_at {
        return None;
    }
    if bytes.get(end) == Some(&b';') {
        end += 1;
    }
    let c = match number {
        n if n > 0x10FFFF || too_big => '\u{fffd}',
        0 | 0xD800..=0xDFFF => '\u{fffd}',
        0x80..=0x9F => html5ever::data::C1_REPLACEMENTS[(number - 0x80) as usize]
            .unwrap_or_else(|| char::from_u32(number).unwrap_or('\u{fffd}')),
        n => char::from_u32(n).unwrap_or('\u{fffd}'),
    };
    out.push(c);
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::super::dom::Dom;
    use proptest::prelude::*;

    /// Our tokenizer's tree against html5ever's.
    fn assert_same_tree(html: &str) {
        assert_eq!(
            Dom::parse_fragment(html).unwrap().outline(),
            Dom::build_with_html5ever(html).outline(),
            "{html:?}"
        );
    }

    #[test]
    fn reads_tags_as_html5ever_does() {
        for html in [
            "<p>a<p>b<b>c<i>d</b>e</i><table>f<tr><td>g</table>",
            "<DIV Class=x id='y' CLASS=z>a</Div >b</div/>",
            "<p a=1 a=2 b = \"x > y\" =c x\"y=q/>t</p>",
            "<p a='1'b=2>x<p a=\"1\"/b>y<p/ a>z<p a/=b>",
            "<img src=a.jpg/><br/><br / >x<p/>y",
            "a<b c<d>e</>f</ x>g</3>h<?pi>i<!x>j<!doctype html>k<!DOCTYPE>",
            "a <3 b << c<",
            "a</",
            "a<!-",
            "a<!--",
            "a<!---",
            "<p>a<!-->b<!--->c<!---->d<!-- -- ->e--!>f<!--x--!-->g",
            "<p>x<p a=\"1",
            "<p>x<p a=1",
            "<p>x<p a=",
            "<p>x<p a",
            "<p>x<p ",
            "<p>x<p/",
            "<p>x<p",
            "<p>x</p",
            "<p>x</p a='>'>y",
            "\u{feff}<p>x",
            "&amp;&AMP;&amp &ampx &notit; &notin; &#65;&#x41;&#X4a &#; &#x; &#0; &#x80; &#x9F; &#xD800; &#1114112; &#99999999999; & &; &zzz; &#",
            "<a href='?a=1&amp=2&ampx=3&amp;y=4&lt=5&lt;&notin=&not'>x</a>",
            "<a href=a&amp;b&lt>x</a><a b=&a>y",
            "&frac12;&frac12x&fjlig;&NotEqualTilde;&CounterClockwiseContourIntegral;",
            "<title>a<b>&amp;</title >c<textarea>\nx</textareax></textarea/>y",
            "<style>a<p>&amp;</STYLE>b<noscript><p>c</noscript>d<iframe>e</iframe x>f",
            "<xmp>a</xmp<p>b</xmp>c<noembed>d</noembed>e<noframes>f",
            "<style>unterminated </styl",
            "<textarea>unterminated &amp",
            "<svg><p>a<![CDATA[b]]></svg><![CDATA[c]]>d",
            "<table><tr><td>a<td>b</table>text<select><option>x<option>y</select>",
            "<ul><li>a<li>b<dl><dt>c<dd>d</dl></ul><h1>e<h2>f</h1>",
            "<template><p>t</p></template><frameset><frame></frameset>",
            "<pre>\nx</pre><listing>\n\ny</listing>",
            "<body a=1><html b=2><head><meta charset=gbk><base href=x>",
            "<b><b><b><b><p>x</b>y",
            "中文<p class=\"段落\">正文&nbsp;内容&mdash;结束</p>",
        ] {
            assert_same_tree(html);
        }
    }

    #[test]
    fn reads_carriage_returns_and_nul_as_html5ever_does() {
        for html in [
            "a\r\nb\rc\r\rd\n\re\r",
            "\r\n<p\ra\r\n=\r'x\r\ny'\r>b</p\r>",
            "<pre>\r\nx</pre><textarea>\r\ny</textarea><pre>\r\r</pre>",
            "<!--\r-->a<!-\r-b<!doctype\rhtml>c&amp\r;d",
            "a\0b<p>\0</p>\0",
            "<p\0a a\0b=c\0d e='\0' f=\"&amp;\0\" g=\0>x</p\0a></p>",
            "<\0p>a</\0p>b<!--\0-->c&\0d&#0;e",
            "<table>\0a\0<tr>\0<td>\0b</table>",
            "<select>\0<option>\0x</select>",
            "<title>a\0&amp;\0</title><textarea>\0</textarea><style>\0</style>",
            "<svg>a\0b<desc>\0</desc></svg><math><mi>\0</mi><mtext>\0</math>",
            "<svg><![CDATA[a\0b\0]]>c\0</svg>",
        ] {
            assert_same_tree(html);
        }
    }

    #[test]
    fn reads_script_plaintext_and_cdata_as_html5ever_does() {
        for html in [
            "<script>if (a<b) x()</script>c",
            "<script>a</scriptx>b</script >c</SCRIPT/>d<script>e</script",
            "<script>a</script x='>'>b<script>c</script y",
            "<script><p>a</p>&amp;</script>",
            "<script>a<!--b</script>c",
            "<script>a<!--b-->c</script>d",
            "<script><!--<script>x</script>y</script>z-->w</script>v",
            "<script><!--<script>x</script>-->y</script>z",
            "<script><!--<SCRIPT >x</script/>y--></script>z",
            "<script><!--<scriptx>a</script>b",
            "<script><!--<script\n>a</scripty>b--></script>c</script>d",
            "<script><!-->a</script>b<script><!--->c</script>d",
            "<script><!-- a -- > b -\u{2d}> c</script>d",
            "<script><!-- a <!-- b --!> c</script>d",
            "<script><!--<script>-->a</script>b",
            "<script><!--<script>--<</script>a--></script>b",
            "<script><!--<script>-<</script>-></script>c",
            "<script><!--<</scrip</script>a",
            "<script><!--<script></script>x-</script>y",
            "<script>\0<!--\0<script>\0</script>\0--></script>",
            "<script>a<!-",
            "<script><!--<script",
            "<script><!--<script>a</scr",
            "<script>",
            "<table><script>a</script>b<tr><script>c</script></table>",
            "<svg><script>a<b>c</b></script></svg>d<svg><script>e</svg>",
            "<plaintext>a<p>b</plaintext>&amp;\0c",
            "<p><plaintext>",
            "<svg><![CDATA[a<p>b]]>c</svg>",
            "<svg><![CDATA[a]b]]c]]]>d<![CDATA[]]>e<![CDATA[x",
            "<svg><![CDATA[",
            "<svg><![CDATA[]]",
            "<svg><![CDATA",
            "<math><mi><![CDATA[a]]></mi><annotation-xml><![CDATA[b]]></math>",
            "<math><mtext><![CDATA[a]]></mtext></math><![CDATA[b]]>c",
            "<svg><foreignObject><![CDATA[a]]>b</foreignObject><![CDATA[ ]]></svg>",
        ] {
            assert_same_tree(html);
        }
    }

    #[test]
    fn keeps_script_escapes_plaintext_and_cdata_as_text() {
        let dom = Dom::parse_fragment(
            "a\r\nb\r\0<script><!--<script>x</script>y--></script>z\
             <svg><![CDATA[<p>\0]]></svg><plaintext></plaintext>\0",
        )
        .unwrap();
        assert_eq!(
            dom.outline(),
            "(html(\"a\\nb\\n\"script(\"<!--<script>x</script>y-->\")\"z\"\
             svg:svg(\"<p>\u{fffd}\")plaintext(\"</plaintext>\u{fffd}\")))"
        );
    }

    /// Real article bodies: the fixtures' corpus excerpt and, when present,
    /// the shared corpus (../shared/corpus). Every file builds the same tree
    /// and the same article body (paragraphs, subheadings, images, links,
    /// related, embeds, byline; the header's fields do not touch the HTML).
    #[test]
    fn builds_the_same_tree_and_article_for_real_articles() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut files = Vec::new();
        for dir in [
            format!("{root}/tests/fixtures/corpus"),
            format!("{root}/../shared/corpus"),
        ] {
            for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
                if entry.path().extension().is_some_and(|e| e == "md") {
                    files.push(entry.into_path());
                }
            }
        }
        for file in &files {
            let content = std::fs::read_to_string(file).unwrap();
            let header = super::super::header::parse_header(&content).unwrap();
            let body = header.body;
            let ours = Dom::parse_fragment(body).unwrap();
            let theirs = Dom::build_with_html5ever(body);
            assert_eq!(ours.outline(), theirs.outline(), "{}", file.display());
            let outlet = super::super::outlets::for_url(header.url);
            let base = url::Url::parse(header.url).ok();
            assert_eq!(
                super::super::walk::extract(header.body, outlet, base.as_ref()).unwrap(),
                super::super::walk::extract_from(&theirs, outlet, base.as_ref()),
                "{}",
                file.display()
            );
        }
        assert!(files.len() >= 21, "the fixtures' corpus excerpt is missing");
    }

    /// Markup pieces in any order: tags with every attribute syntax,
    /// references, comments, raw text elements, script data with its
    /// escapes, PLAINTEXT, CDATA in SVG/MathML, carriage returns and NUL,
    /// unfinished constructs.
    fn soup() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            "[\u{4E00}-\u{4E10}a-zA-Z0-9 \n\t]{1,6}",
            "[a-zA-Z0-9 <>/=\"'&;#!?xX-]{1,8}",
            "&[a-zA-Z]{1,6};?",
            "&#[xX]?[0-9a-fA-F]{0,8};?",
            Just("&amp".to_owned()),
            Just("&notin".to_owned()),
            Just("<p>".to_owned()),
            Just("</p>".to_owned()),
            Just("<div class=\"a b\" id=x>".to_owned()),
            Just("</div>".to_owned()),
            Just("<DIV CLASS=a class=b>".to_owned()),
            Just("<a href='x?a=1&amp;b=2&c=3'>".to_owned()),
            Just("<a href=x&lt&lt;y>".to_owned()),
            Just("</a>".to_owned()),
            Just("<b>".to_owned()),
            Just("</b>".to_owned()),
            Just("<i>".to_owned()),
            Just("</i>".to_owned()),
            Just("<br/>".to_owned()),
            Just("<img src=a.jpg alt=\"x\" />".to_owned()),
            Just("<table><tr><td>".to_owned()),
            Just("</td></tr></table>".to_owned()),
            Just("<ul><li>".to_owned()),
            Just("<select><option>".to_owned()),
            Just("<svg><math>".to_owned()),
            Just("</svg>".to_owned()),
            Just("<!--".to_owned()),
            Just("-->".to_owned()),
            Just("--!>".to_owned()),
            Just("<!-->".to_owned()),
            Just("<!doctype html>".to_owned()),
            Just("<?x>".to_owned()),
            Just("<textarea>".to_owned()),
            Just("</textarea>".to_owned()),
            Just("<title>".to_owned()),
            Just("</title>".to_owned()),
            Just("<style>".to_owned()),
            Just("</style>".to_owned()),
            Just("<noscript>".to_owned()),
            Just("</noscript>".to_owned()),
            Just("<iframe src=x>".to_owned()),
            Just("</iframe>".to_owned()),
            Just("<template>".to_owned()),
            Just("</template>".to_owned()),
            Just("<pre>".to_owned()),
            Just("<figure>".to_owned()),
            Just("<p/>".to_owned()),
            Just("< p>".to_owned()),
            Just("</ p>".to_owned()),
            Just("<p a=1 a=2 b c = 'd'>".to_owned()),
            Just("\r".to_owned()),
            Just("\r\n".to_owned()),
            Just("\0".to_owned()),
            Just("<p a\0=\0 b='\0'>".to_owned()),
            Just("<script>".to_owned()),
            Just("<SCRIPT type=x>".to_owned()),
            Just("</script>".to_owned()),
            Just("</script".to_owned()),
            Just("</SCRIPT >".to_owned()),
            Just("</scriptx>".to_owned()),
            Just("<script".to_owned()),
            Just("<!-".to_owned()),
            Just("-".to_owned()),
            Just("<".to_owned()),
            Just(">".to_owned()),
            Just("<plaintext>".to_owned()),
            Just("<svg>".to_owned()),
            Just("<math><mi>".to_owned()),
            Just("<foreignObject>".to_owned()),
            Just("<font color=red>".to_owned()),
            Just("<form><input name=q>".to_owned()),
            Just("<button>".to_owned()),
            Just("<table><caption>".to_owned()),
            Just("<table><colgroup><col>".to_owned()),
            Just("<nobr>".to_owned()),
            Just("<object>".to_owned()),
            Just("<ruby><rt>".to_owned()),
            Just("<html lang=zh><body class=x>".to_owned()),
            Just("<![CDATA[".to_owned()),
            Just("]]>".to_owned()),
            Just("]".to_owned()),
            Just("<foreignObject>".to_owned()),
        ];
        proptest::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn builds_the_same_tree_as_html5ever(html in soup()) {
            assert_same_tree(&html);
        }
    }
}
