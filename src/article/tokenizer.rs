//! The HTML5 tokenizer of an article body, over the whole input at once:
//! memchr finds the next `<` or `&`, text runs are handed on as slices, and
//! tags, attributes, comments and character references are read with the
//! states of the HTML5 spec (as html5ever's tokenizer reads them). The
//! tokens go to html5ever's tree builder, which keeps the spec's tree
//! construction (implied end tags, the adoption agency, foster parenting).
//!
//! html5ever's own tokenizer takes a character at a time from a queue of
//! buffers, built for streamed input; it was half of the time of parsing
//! markup-dense bodies. This one reads a complete body and covers what news
//! bodies hold. Input it does not cover is left to html5ever's whole parser
//! ([`Fallback`]): carriage returns and NUL characters (which the
//! tokenizer rewrites), `<script>` and `<plaintext>` content (the script
//! data states), and CDATA sections in SVG or MathML.

use html5ever::data::NAMED_ENTITIES;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::{ns, Attribute, LocalName, QualName};
use memchr::{memchr, memchr2, memmem};

/// Why a body goes to html5ever's whole parser instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fallback {
    /// A carriage return or NUL character, which the tokenizer rewrites.
    RewrittenCharacter,
    /// Content the tree builder reads in the script data or PLAINTEXT state.
    ScriptData,
    /// A CDATA section in foreign content.
    Cdata,
}

/// Tokenizes `html` into `sink` (a tree builder set up for a fragment whose
/// context is `<body>`), ending with the end-of-file token and `sink.end()`.
/// On [`Fallback`] the sink has seen part of the input and is to be dropped.
pub(crate) fn tokenize<S: TokenSink>(html: &str, sink: &S) -> Result<(), Fallback> {
    if memchr2(b'\r', b'\0', html.as_bytes()).is_some() {
        return Err(Fallback::RewrittenCharacter);
    }
    // html5ever's tokenizer drops a byte order mark at the start.
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    let mut tokenizer = Tokenizer {
        html,
        bytes: html.as_bytes(),
        at: 0,
        sink,
    };
    tokenizer.run()?;
    let _ = sink.process_token(Token::EOFToken, 0);
    sink.end();
    Ok(())
}

struct Tokenizer<'a, S> {
    html: &'a str,
    bytes: &'a [u8],
    /// The byte offset of the next character to read.
    at: usize,
    sink: &'a S,
}

/// What reading a tag ended with.
enum TagEnd {
    /// The tag's `>`: the offset after it, whether `/>` closed it and
    /// whether an attribute's name came twice.
    Closed {
        after: usize,
        self_closing: bool,
        duplicate: bool,
    },
    /// The input ended inside the tag, which the spec drops.
    Eof,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b' ')
}

/// `text` with ASCII capitals lowered, borrowed when it has none.
fn lowercase(text: &str) -> std::borrow::Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(text.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

impl<S: TokenSink> Tokenizer<'_, S> {
    fn run(&mut self) -> Result<(), Fallback> {
        while self.at < self.bytes.len() {
            let Some(offset) = memchr2(b'<', b'&', &self.bytes[self.at..]) else {
                self.text(self.at, self.bytes.len());
                self.at = self.bytes.len();
                break;
            };
            let special = self.at + offset;
            self.text(self.at, special);
            if self.bytes[special] == b'&' {
                let mut decoded = String::new();
                self.at = char_ref(self.html, special, false, &mut decoded);
                self.emit_text(StrTendril::from(decoded));
            } else {
                self.at = special;
                self.markup()?;
            }
        }
        Ok(())
    }

    fn emit(&self, token: Token) -> TokenSinkResult<S::Handle> {
        self.sink.process_token(token, 0)
    }

    fn emit_text(&self, text: StrTendril) {
        if !text.is_empty() {
            let _ = self.emit(Token::CharacterTokens(text));
        }
    }

    /// The characters of `html[from..to]`, which hold no `<` or `&`.
    fn text(&self, from: usize, to: usize) {
        if from < to {
            self.emit_text(StrTendril::from_slice(&self.html[from..to]));
        }
    }

    /// Reads the markup that starts with the `<` at `self.at`.
    fn markup(&mut self) -> Result<(), Fallback> {
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
                Ok(())
            }
            Some(b'!') => self.declaration(lt + 2),
            Some(b'?') => {
                self.bogus_comment(lt + 1);
                Ok(())
            }
            // A `<` that starts no markup is text.
            _ => {
                self.text(lt, lt + 1);
                self.at = lt + 1;
                Ok(())
            }
        }
    }

    /// A comment, doctype or bogus comment after `<!`.
    fn declaration(&mut self, from: usize) -> Result<(), Fallback> {
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
            return Err(Fallback::Cdata);
        } else {
            self.bogus_comment(from);
        }
        Ok(())
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
        (LocalName::from(&*lowercase(&self.html[from..end])), end)
    }

    fn start_tag(&mut self, lt: usize) -> Result<(), Fallback> {
        let (name, name_end) = self.tag_name(lt + 1);
        let mut attrs = Vec::new();
        let TagEnd::Closed {
            after,
            self_closing,
            duplicate,
        } = self.attributes(name_end, Some(&mut attrs))
        else {
            self.at = self.bytes.len();
            return Ok(());
        };
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
            TokenSinkResult::RawData(_) | TokenSinkResult::Plaintext => {
                return Err(Fallback::ScriptData)
            }
            TokenSinkResult::Continue
            | TokenSinkResult::Script(_)
            | TokenSinkResult::EncodingIndicator(_) => {}
        }
        Ok(())
    }

    /// An end tag whose name starts at `from`. Its attributes are read past
    /// and dropped: the tree builder reads none on an end tag.
    fn end_tag(&mut self, from: usize) {
        let (name, name_end) = self.tag_name(from);
        match self.attributes(name_end, None) {
            TagEnd::Closed { after, .. } => {
                self.at = after;
                let _ = self.emit(Token::TagToken(Tag {
                    kind: TagKind::EndTag,
                    name,
                    self_closing: false,
                    attrs: Vec::new(),
                    had_duplicate_attributes: false,
                }));
            }
            TagEnd::Eof => self.at = self.bytes.len(),
        }
    }

    /// The attributes from `from` (after the tag's name) to the tag's end,
    /// in the spec's attribute states; the first of two with one name is
    /// kept. With `attrs` None they are read past.
    fn attributes(&self, from: usize, mut attrs: Option<&mut Vec<Attribute>>) -> TagEnd {
        let bytes = self.bytes;
        let mut i = from;
        let duplicate = std::cell::Cell::new(false);
        let mut keep = |name: &str, value: StrTendril| {
            if let Some(attrs) = attrs.as_deref_mut() {
                let name = lowercase(name);
                if attrs.iter().any(|a| *a.name.local == *name) {
                    duplicate.set(true);
                } else {
                    attrs.push(Attribute {
                        name: QualName::new(None, ns!(), LocalName::from(&*name)),
                        value,
                    });
                }
            }
        };
        loop {
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
            let name_at = lt + 2;
            let letters = self.bytes[name_at..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            let candidate = &self.bytes[name_at..name_at + letters];
            let follows = self.bytes.get(name_at + letters);
            if candidate.eq_ignore_ascii_case(name.as_bytes())
                && follows.is_some_and(|&b| is_space(b) || b == b'/' || b == b'>')
            {
                break Some(lt);
            }
            search = name_at;
        };
        let end = end.unwrap_or(self.bytes.len());
        let content = &self.html[from..end];
        if rcdata && content.contains('&') {
            self.emit_text(StrTendril::from(decode(content, false)));
        } else {
            self.text(from, end);
        }
        self.at = end;
        if end < self.bytes.len() {
            self.end_tag(end + 2);
        }
    }
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

/// An attribute's value with its character references decoded.
fn attribute_value(raw: &str) -> StrTendril {
    if raw.contains('&') {
        StrTendril::from(decode(raw, true))
    } else {
        StrTendril::from_slice(raw)
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

    /// Our tokenizer's tree against html5ever's, for input ours covers.
    fn assert_same_tree(html: &str) {
        let ours = match Dom::build(html) {
            Ok(dom) => dom.outline(),
            Err(_) => return,
        };
        assert_eq!(ours, Dom::build_with_html5ever(html).outline(), "{html:?}");
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
    fn leaves_what_it_does_not_cover_to_html5ever() {
        for html in [
            "a\r\nb",
            "a\0b",
            "<script>a<b></script>",
            "<plaintext>x",
            "<svg><![CDATA[x]]></svg>",
        ] {
            assert!(Dom::build(html).is_err(), "{html:?}");
        }
        // And parse_fragment answers them with html5ever's tree.
        let dom = Dom::parse_fragment("<p>a\r\nb<script>if (a<b) x()</script>c");
        assert_eq!(
            dom.outline(),
            r#"(html(p("a\nb"script("if (a<b) x()")"c")))"#
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
            let ours = Dom::build(body).unwrap_or_else(|e| panic!("{}: {e:?}", file.display()));
            let theirs = Dom::build_with_html5ever(body);
            assert_eq!(ours.outline(), theirs.outline(), "{}", file.display());
            let outlet = super::super::outlets::for_url(header.url);
            let base = url::Url::parse(header.url).ok();
            assert_eq!(
                super::super::walk::extract(header.body, outlet, base.as_ref()),
                super::super::walk::extract_from(&theirs, outlet, base.as_ref()),
                "{}",
                file.display()
            );
        }
        assert!(files.len() >= 21, "the fixtures' corpus excerpt is missing");
    }

    /// Markup pieces in any order: tags with every attribute syntax,
    /// references, comments, raw text elements, unfinished constructs.
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
