//! Our own HTML5 tree construction for the markup of nearly every article
//! body, written straight into the arena: the spec's "in body" insertion
//! mode, read as html5ever's tree builder reads it (implied end tags, list
//! items, headings, the reconstruction of active formatting elements, the
//! adoption agency and its three-of-a-kind rule), the raw-text elements
//! (`<script>`, `<style>`, `<noscript>`, `<iframe>`, `<textarea>`,
//! `<title>`, ...), forms (the form element pointer), buttons, `<select>`
//! read in the body's mode (as html5ever 0.40 reads it), ruby, `<nobr>`,
//! `<applet>`/`<marquee>`/`<object>` (markers in the formatting list),
//! `<plaintext>`, the `<html>`/`<body>` tags a fragment drops, and tables
//! made of rows and cells ("in table", "in table body", "in row", "in
//! cell"). html5ever's builder is generic over a sink and keeps its stacks
//! behind `RefCell`s, a queue per token and a name lookup through the sink
//! per stack step; this one is a few vectors of node ids.
//!
//! Text and elements that a table moves in front of itself are moved as
//! html5ever moves them (foster parenting); captions and column groups have
//! their modes; SVG and MathML are read by the rules of foreign content
//! (names and attributes adjusted, integration points, breaking out).
//! `<template>` is not handled here: `Dom::parse_fragment` hands a body
//! with a `<template` tag to html5ever's builder before reading it, and
//! this builder gives up at a template start tag that check missed. The
//! differential tests hold both to the same tree.

use std::cell::{Cell, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::{local_name, namespace_prefix, ns, Attribute, LocalName, Namespace, QualName};

use super::dom::{Arena, Dom, ElementName, NodeData, NodeId, DOCUMENT};
use super::shape::is_formatting;
use super::tokenizer::TreeBuilding;

/// The tree of a body fragment (context `<body>`), built from the
/// tokenizer's tokens unless the body needs rules this builder does not have.
pub(super) struct InBody {
    state: RefCell<State>,
    gave_up: Cell<bool>,
}

/// The markup this builder leaves to html5ever.
struct Unsupported;

struct State {
    arena: Arena,
    /// The stack of open elements, `<html>` first.
    open: Vec<NodeId>,
    /// The list of active formatting elements; None is a marker (pushed by
    /// a table cell, `<applet>`, `<marquee>` or `<object>`).
    formatting: Vec<Option<NodeId>>,
    mode: Mode,
    /// A line feed right after `<pre>`, `<listing>` or `<textarea>` is dropped.
    ignore_lf: bool,
    /// Inside a raw-text element: its text, then its end tag (or the end).
    in_text: bool,
    /// Text read in a table outside its cells, kept until the next tag,
    /// comment or the end: white space alone stays where it is, any other
    /// text is all moved in front of the table.
    table_text: Vec<StrTendril>,
    /// Elements and text go in front of the table rather than into it.
    fostering: bool,
    /// The spec's form element pointer: the last `<form>` opened, until its
    /// end tag (a second `<form>` meanwhile is ignored).
    form: Option<NodeId>,
}

impl InBody {
    /// A builder whose arena reserves `capacity` nodes.
    pub(super) fn with_capacity(capacity: usize) -> InBody {
        let mut arena = Arena::with_capacity(capacity);
        let html = arena.element(local_name!("html"), Vec::new());
        arena.append(DOCUMENT, html);
        InBody {
            state: RefCell::new(State {
                arena,
                open: vec![html],
                formatting: Vec::new(),
                mode: Mode::Body,
                ignore_lf: false,
                table_text: Vec::new(),
                fostering: false,
                in_text: false,
                form: None,
            }),
            gave_up: Cell::new(false),
        }
    }

    /// The tree, or None when the body needs html5ever's builder.
    pub(super) fn finish(self) -> Option<Dom> {
        (!self.gave_up.get()).then(|| self.state.into_inner().arena.into_dom())
    }
}

impl TokenSink for InBody {
    type Handle = NodeId;

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<NodeId> {
        if self.gave_up.get() {
            return TokenSinkResult::Continue;
        }
        match self.state.borrow_mut().process(token) {
            Ok(result) => result,
            Err(Unsupported) => {
                self.gave_up.set(true);
                TokenSinkResult::Continue
            }
        }
    }

    // The tokenizer asks, for CDATA sections and `/>`.
    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.state.borrow().in_foreign()
    }
}

impl TreeBuilding for InBody {
    fn gave_up(&self) -> bool {
        self.gave_up.get()
    }
}

type Step = Result<TokenSinkResult<NodeId>, Unsupported>;

/// The name the HTML rules see for an SVG or MathML element.
static NOT_HTML: LocalName = local_name!("");

/// The scopes of the spec's "has an element in ... scope".
#[derive(Clone, Copy)]
enum Scope {
    Default,
    Button,
    ListItem,
    Table,
}

/// SVG and MathML elements by the rules of foreign content: integration
/// points read (some of) their content by the HTML rules; `<annotation-xml>`
/// reads an `<svg>` start tag by them (html5ever takes none for an HTML
/// integration point).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Foreign {
    Plain,
    /// SVG `<foreignObject>`, `<desc>`, `<title>`.
    HtmlIntegration,
    /// MathML `<mi>`, `<mo>`, `<mn>`, `<ms>`, `<mtext>`.
    TextIntegration,
    AnnotationXml,
}

impl Foreign {
    /// The integration points, which bound the default scope and end a
    /// break out of foreign content.
    fn is_integration_point(self) -> bool {
        matches!(self, Foreign::HtmlIntegration | Foreign::TextIntegration)
    }
}

/// The insertion modes this builder has (the spec's "in body", "in
/// table", "in caption", "in column group", "in table body", "in row" and
/// "in cell"); the text mode of
/// raw-text elements is [`State::in_text`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Body,
    Table,
    Caption,
    ColumnGroup,
    TableBody,
    Row,
    Cell,
}

impl Mode {
    /// The modes whose text is table text (outside the cells).
    fn is_table(self) -> bool {
        matches!(self, Mode::Table | Mode::TableBody | Mode::Row)
    }
}

/// What a tag's rule leaves: done, or the tag to read again in the mode it set.
enum Next {
    Done(TokenSinkResult<NodeId>),
    Again(Tag),
}

/// The elements that hold table text directly.
fn is_table_outer(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("table")
            | local_name!("tbody")
            | local_name!("tfoot")
            | local_name!("thead")
            | local_name!("tr")
    )
}

fn is_table_context(name: &LocalName) -> bool {
    matches!(*name, local_name!("table") | local_name!("html"))
}

fn is_table_body_context(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("tbody") | local_name!("tfoot") | local_name!("thead") | local_name!("html")
    )
}

fn is_row_context(name: &LocalName) -> bool {
    matches!(*name, local_name!("tr") | local_name!("html"))
}

const DONE: Step = Ok(TokenSinkResult::Continue);

/// Elements the spec calls special: they bound the adoption agency's
/// furthest block, the closing of list items and of unknown end tags.
fn is_special(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("address")
            | local_name!("applet")
            | local_name!("area")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("blockquote")
            | local_name!("body")
            | local_name!("br")
            | local_name!("button")
            | local_name!("caption")
            | local_name!("center")
            | local_name!("col")
            | local_name!("colgroup")
            | local_name!("dd")
            | local_name!("details")
            | local_name!("dir")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("embed")
            | local_name!("fieldset")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("footer")
            | local_name!("form")
            | local_name!("frame")
            | local_name!("frameset")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("head")
            | local_name!("header")
            | local_name!("hgroup")
            | local_name!("hr")
            | local_name!("html")
            | local_name!("iframe")
            | local_name!("img")
            | local_name!("input")
            | local_name!("isindex")
            | local_name!("li")
            | local_name!("link")
            | local_name!("listing")
            | local_name!("main")
            | local_name!("marquee")
            | local_name!("menu")
            | local_name!("meta")
            | local_name!("nav")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("noscript")
            | local_name!("object")
            | local_name!("ol")
            | local_name!("p")
            | local_name!("param")
            | local_name!("plaintext")
            | local_name!("pre")
            | local_name!("script")
            | local_name!("section")
            | local_name!("select")
            | local_name!("source")
            | local_name!("style")
            | local_name!("summary")
            | local_name!("table")
            | local_name!("tbody")
            | local_name!("td")
            | local_name!("template")
            | local_name!("textarea")
            | local_name!("tfoot")
            | local_name!("th")
            | local_name!("thead")
            | local_name!("title")
            | local_name!("tr")
            | local_name!("track")
            | local_name!("ul")
            | local_name!("wbr")
            | local_name!("xmp")
    )
}

/// Elements whose end tag may be left out before another element's
/// (the spec's implied end tags).
fn has_implied_end(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("dd")
            | local_name!("dt")
            | local_name!("li")
            | local_name!("option")
            | local_name!("optgroup")
            | local_name!("p")
            | local_name!("rb")
            | local_name!("rp")
            | local_name!("rt")
            | local_name!("rtc")
    )
}

/// The elements that bound the default scope which this builder opens
/// (html5ever's set, `<select>` included).
fn is_scope_bound(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("applet")
            | local_name!("caption")
            | local_name!("html")
            | local_name!("marquee")
            | local_name!("object")
            | local_name!("select")
            | local_name!("table")
            | local_name!("td")
            | local_name!("th")
    )
}

fn is_heading(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
    )
}

/// Whether an `<input>`'s type is hidden (such an input stays in a table).
fn is_type_hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.name.ns == ns!()
            && attr.name.local == local_name!("type")
            && attr.value.eq_ignore_ascii_case("hidden")
    })
}

/// The tags that leave foreign content for the HTML rules: `</br>`,
/// `</p>` and these start tags (a `<font>` only with a colour, face or size).
fn breaks_out_of_foreign(tag: &Tag) -> bool {
    if tag.kind == TagKind::EndTag {
        return matches!(tag.name, local_name!("br") | local_name!("p"));
    }
    match tag.name {
        local_name!("b")
        | local_name!("big")
        | local_name!("blockquote")
        | local_name!("body")
        | local_name!("br")
        | local_name!("center")
        | local_name!("code")
        | local_name!("dd")
        | local_name!("div")
        | local_name!("dl")
        | local_name!("dt")
        | local_name!("em")
        | local_name!("embed")
        | local_name!("h1")
        | local_name!("h2")
        | local_name!("h3")
        | local_name!("h4")
        | local_name!("h5")
        | local_name!("h6")
        | local_name!("head")
        | local_name!("hr")
        | local_name!("i")
        | local_name!("img")
        | local_name!("li")
        | local_name!("listing")
        | local_name!("menu")
        | local_name!("meta")
        | local_name!("nobr")
        | local_name!("ol")
        | local_name!("p")
        | local_name!("pre")
        | local_name!("ruby")
        | local_name!("s")
        | local_name!("small")
        | local_name!("span")
        | local_name!("strong")
        | local_name!("strike")
        | local_name!("sub")
        | local_name!("sup")
        | local_name!("table")
        | local_name!("tt")
        | local_name!("u")
        | local_name!("ul")
        | local_name!("var") => true,
        local_name!("font") => tag.attrs.iter().any(|attr| {
            attr.name.ns == ns!()
                && matches!(
                    attr.name.local,
                    local_name!("color") | local_name!("face") | local_name!("size")
                )
        }),
        _ => false,
    }
}

/// The case the spec gives an SVG element's name that the tokenizer
/// lowercased (the spec's table, sorted by the lowercased name).
const SVG_TAG_NAMES: [(&str, &str); 37] = [
    ("altglyph", "altGlyph"),
    ("altglyphdef", "altGlyphDef"),
    ("altglyphitem", "altGlyphItem"),
    ("animatecolor", "animateColor"),
    ("animatemotion", "animateMotion"),
    ("animatetransform", "animateTransform"),
    ("clippath", "clipPath"),
    ("feblend", "feBlend"),
    ("fecolormatrix", "feColorMatrix"),
    ("fecomponenttransfer", "feComponentTransfer"),
    ("fecomposite", "feComposite"),
    ("feconvolvematrix", "feConvolveMatrix"),
    ("fediffuselighting", "feDiffuseLighting"),
    ("fedisplacementmap", "feDisplacementMap"),
    ("fedistantlight", "feDistantLight"),
    ("fedropshadow", "feDropShadow"),
    ("feflood", "feFlood"),
    ("fefunca", "feFuncA"),
    ("fefuncb", "feFuncB"),
    ("fefuncg", "feFuncG"),
    ("fefuncr", "feFuncR"),
    ("fegaussianblur", "feGaussianBlur"),
    ("feimage", "feImage"),
    ("femerge", "feMerge"),
    ("femergenode", "feMergeNode"),
    ("femorphology", "feMorphology"),
    ("feoffset", "feOffset"),
    ("fepointlight", "fePointLight"),
    ("fespecularlighting", "feSpecularLighting"),
    ("fespotlight", "feSpotLight"),
    ("fetile", "feTile"),
    ("feturbulence", "feTurbulence"),
    ("foreignobject", "foreignObject"),
    ("glyphref", "glyphRef"),
    ("lineargradient", "linearGradient"),
    ("radialgradient", "radialGradient"),
    ("textpath", "textPath"),
];

/// The case the spec gives an SVG attribute's name (sorted likewise).
const SVG_ATTRIBUTE_NAMES: [(&str, &str); 58] = [
    ("attributename", "attributeName"),
    ("attributetype", "attributeType"),
    ("basefrequency", "baseFrequency"),
    ("baseprofile", "baseProfile"),
    ("calcmode", "calcMode"),
    ("clippathunits", "clipPathUnits"),
    ("diffuseconstant", "diffuseConstant"),
    ("edgemode", "edgeMode"),
    ("filterunits", "filterUnits"),
    ("glyphref", "glyphRef"),
    ("gradienttransform", "gradientTransform"),
    ("gradientunits", "gradientUnits"),
    ("kernelmatrix", "kernelMatrix"),
    ("kernelunitlength", "kernelUnitLength"),
    ("keypoints", "keyPoints"),
    ("keysplines", "keySplines"),
    ("keytimes", "keyTimes"),
    ("lengthadjust", "lengthAdjust"),
    ("limitingconeangle", "limitingConeAngle"),
    ("markerheight", "markerHeight"),
    ("markerunits", "markerUnits"),
    ("markerwidth", "markerWidth"),
    ("maskcontentunits", "maskContentUnits"),
    ("maskunits", "maskUnits"),
    ("numoctaves", "numOctaves"),
    ("pathlength", "pathLength"),
    ("patterncontentunits", "patternContentUnits"),
    ("patterntransform", "patternTransform"),
    ("patternunits", "patternUnits"),
    ("pointsatx", "pointsAtX"),
    ("pointsaty", "pointsAtY"),
    ("pointsatz", "pointsAtZ"),
    ("preservealpha", "preserveAlpha"),
    ("preserveaspectratio", "preserveAspectRatio"),
    ("primitiveunits", "primitiveUnits"),
    ("refx", "refX"),
    ("refy", "refY"),
    ("repeatcount", "repeatCount"),
    ("repeatdur", "repeatDur"),
    ("requiredextensions", "requiredExtensions"),
    ("requiredfeatures", "requiredFeatures"),
    ("specularconstant", "specularConstant"),
    ("specularexponent", "specularExponent"),
    ("spreadmethod", "spreadMethod"),
    ("startoffset", "startOffset"),
    ("stddeviation", "stdDeviation"),
    ("stitchtiles", "stitchTiles"),
    ("surfacescale", "surfaceScale"),
    ("systemlanguage", "systemLanguage"),
    ("tablevalues", "tableValues"),
    ("targetx", "targetX"),
    ("targety", "targetY"),
    ("textlength", "textLength"),
    ("viewbox", "viewBox"),
    ("viewtarget", "viewTarget"),
    ("xchannelselector", "xChannelSelector"),
    ("ychannelselector", "yChannelSelector"),
    ("zoomandpan", "zoomAndPan"),
];

fn lookup(table: &[(&str, &'static str)], name: &str) -> Option<&'static str> {
    table
        .binary_search_by(|&(lower, _)| lower.cmp(name))
        .ok()
        .map(|at| table[at].1)
}

/// An SVG element's name in the spec's case, where it has capitals.
fn svg_tag_name(name: &LocalName) -> Option<&'static str> {
    lookup(&SVG_TAG_NAMES, name)
}

/// An SVG or MathML attribute's adjusted name: the spec's case for SVG's
/// and MathML's own, and the namespaces of `xlink:`, `xml:` and `xmlns`
/// attributes.
fn foreign_attribute_name(ns: &Namespace, local: &LocalName) -> Option<QualName> {
    let plain = |name: &str| Some(QualName::new(None, ns!(), LocalName::from(name)));
    match (ns, &**local) {
        (&ns!(svg), name) if lookup(&SVG_ATTRIBUTE_NAMES, name).is_some() => {
            plain(lookup(&SVG_ATTRIBUTE_NAMES, name)?)
        }
        (&ns!(mathml), "definitionurl") => plain("definitionURL"),
        (_, "xmlns") => Some(QualName::new(
            Some(namespace_prefix!("")),
            ns!(xmlns),
            local_name!("xmlns"),
        )),
        (_, "xmlns:xlink") => Some(QualName::new(
            Some(namespace_prefix!("xmlns")),
            ns!(xmlns),
            local_name!("xlink"),
        )),
        (_, name) => {
            let (prefix, local) = name.split_once(':')?;
            let (prefix, ns) = match prefix {
                "xlink"
                    if matches!(
                        local,
                        "actuate" | "arcrole" | "href" | "role" | "show" | "title" | "type"
                    ) =>
                {
                    (namespace_prefix!("xlink"), ns!(xlink))
                }
                "xml" if matches!(local, "lang" | "space") => (namespace_prefix!("xml"), ns!(xml)),
                _ => return None,
            };
            Some(QualName::new(Some(prefix), ns, LocalName::from(local)))
        }
    }
}

/// Whether two tags' attributes are the same, whatever their order (the
/// three-of-a-kind rule of the formatting list).
fn same_attributes(a: &[Attribute], b: &[Attribute]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a == b {
        return true;
    }
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort();
    b.sort();
    a == b
}

impl State {
    fn process(&mut self, token: Token) -> Step {
        let ignore_lf = std::mem::take(&mut self.ignore_lf);
        match token {
            Token::CharacterTokens(mut text) => {
                if ignore_lf && text.starts_with('\n') {
                    text.pop_front(1);
                }
                if text.is_empty() {
                    return DONE;
                }
                if self.in_text || self.is_foreign_text() {
                    self.arena.append_text(self.current(), text);
                    return DONE;
                }
                if self.mode == Mode::ColumnGroup {
                    // White space stays in the column group; other text
                    // closes it and is read again as the table's.
                    let spaces = text
                        .bytes()
                        .take_while(|&b| matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' '))
                        .count() as u32;
                    if spaces > 0 {
                        let rest = text.subtendril(spaces, text.len32() - spaces);
                        text.pop_back(text.len32() - spaces);
                        self.arena.append_text(self.current(), text);
                        text = rest;
                    }
                    if text.is_empty() || !self.close_column_group() {
                        return DONE;
                    }
                }
                // In a table, text goes to the table's text unless an
                // element moved in front of the table is open: then it is
                // that element's, as in the body.
                if self.mode.is_table() && is_table_outer(self.name(self.current())) {
                    self.table_text.push(text);
                    return DONE;
                }
                self.reconstruct_formatting();
                self.arena.append_text(self.current(), text);
                DONE
            }
            Token::TagToken(tag) if self.in_text => match tag.kind {
                // The tokenizer ends raw text at its element's end tag.
                TagKind::EndTag => {
                    self.open.pop();
                    self.in_text = false;
                    DONE
                }
                TagKind::StartTag => Err(Unsupported),
            },
            Token::TagToken(tag) => {
                self.flush_table_text();
                self.tag(tag)
            }
            Token::CommentToken(_) if !self.in_text => {
                self.flush_table_text();
                let comment = self.arena.push(NodeData::Other, ElementName::none());
                self.arena.append(self.current(), comment);
                DONE
            }
            // A NUL in body or table text is dropped; a doctype in a body is ignored.
            // Foreign content keeps a NUL as U+FFFD.
            Token::NullCharacterToken if self.is_foreign_text() => {
                self.arena
                    .append_text(self.current(), StrTendril::from_slice("\u{FFFD}"));
                DONE
            }
            Token::NullCharacterToken if !self.in_text => {
                if self.mode == Mode::ColumnGroup {
                    self.close_column_group();
                }
                DONE
            }
            Token::DoctypeToken(_) | Token::ParseError(_) if !self.in_text => DONE,
            Token::EOFToken => {
                self.flush_table_text();
                if self.in_text {
                    self.open.pop();
                    self.in_text = false;
                }
                DONE
            }
            _ => Err(Unsupported),
        }
    }

    fn current(&self) -> NodeId {
        *self.open.last().expect("<html> stays open")
    }

    /// The name of open element `id` as the HTML rules read it: SVG and
    /// MathML elements have none ([`NOT_HTML`]), so no HTML rule takes
    /// them for an element of the same local name.
    fn name(&self, id: NodeId) -> &LocalName {
        if *self.arena.namespace(id) == ns!(html) {
            self.arena.local_name(id)
        } else {
            &NOT_HTML
        }
    }

    /// What SVG or MathML element `id` is to the rules of foreign content.
    fn foreign_kind(&self, id: NodeId) -> Foreign {
        let local = self.arena.local_name(id);
        match *self.arena.namespace(id) {
            ns!(svg) => match *local {
                local_name!("foreignObject") | local_name!("desc") | local_name!("title") => {
                    Foreign::HtmlIntegration
                }
                _ => Foreign::Plain,
            },
            ns!(mathml) => match *local {
                local_name!("mi")
                | local_name!("mo")
                | local_name!("mn")
                | local_name!("ms")
                | local_name!("mtext") => Foreign::TextIntegration,
                local_name!("annotation-xml") => Foreign::AnnotationXml,
                _ => Foreign::Plain,
            },
            _ => Foreign::Plain,
        }
    }

    /// Whether the current node is an SVG or MathML element.
    fn in_foreign(&self) -> bool {
        *self.arena.namespace(self.current()) != ns!(html)
    }

    fn current_is(&self, name: &LocalName) -> bool {
        self.name(self.current()) == name
    }

    /// A tag in the current insertion mode, reprocessed in the next one
    /// as long as a rule says so.
    fn tag(&mut self, mut tag: Tag) -> Step {
        loop {
            let next = if self.is_foreign_tag(&tag) {
                self.foreign_tag(tag)?
            } else {
                self.mode_tag(tag)?
            };
            match next {
                Next::Done(result) => return Ok(result),
                Next::Again(again) => tag = again,
            }
        }
    }

    /// A tag by the rules of the current insertion mode.
    fn mode_tag(&mut self, tag: Tag) -> Result<Next, Unsupported> {
        match self.mode {
            Mode::Body => self.body_tag(tag),
            Mode::Table => self.table_tag(tag),
            Mode::Caption => self.caption_tag(tag),
            Mode::ColumnGroup => self.column_group_tag(tag),
            Mode::TableBody => self.table_body_tag(tag),
            Mode::Row => self.row_tag(tag),
            Mode::Cell => self.cell_tag(tag),
        }
    }

    /// Whether `tag` is read by the rules of foreign content (the current
    /// node is SVG or MathML, and not an integration point for this tag).
    fn is_foreign_tag(&self, tag: &Tag) -> bool {
        if !self.in_foreign() {
            return false;
        }
        if tag.kind == TagKind::EndTag {
            return true;
        }
        match self.foreign_kind(self.current()) {
            Foreign::Plain => true,
            Foreign::HtmlIntegration => false,
            Foreign::TextIntegration => {
                matches!(tag.name, local_name!("mglyph") | local_name!("malignmark"))
            }
            Foreign::AnnotationXml => tag.name != local_name!("svg"),
        }
    }

    /// Whether text goes to the current node by the rules of foreign content.
    fn is_foreign_text(&self) -> bool {
        self.in_foreign() && !self.foreign_kind(self.current()).is_integration_point()
    }

    /// The rules of foreign content for a tag.
    fn foreign_tag(&mut self, mut tag: Tag) -> Result<Next, Unsupported> {
        if breaks_out_of_foreign(&tag) {
            while self.in_foreign() && !self.foreign_kind(self.current()).is_integration_point() {
                self.open.pop();
            }
            return self.mode_tag(tag);
        }
        if tag.kind == TagKind::EndTag {
            // The innermost open element of the tag's name (in any case)
            // closes, unless an HTML element comes first: the tag is then
            // the HTML rules'.
            for at in (1..self.open.len()).rev() {
                let id = self.open[at];
                if at + 1 < self.open.len() && *self.arena.namespace(id) == ns!(html) {
                    return self.mode_tag(tag);
                }
                if self.arena.local_name(id).eq_ignore_ascii_case(&tag.name) {
                    self.open.truncate(at);
                    break;
                }
            }
            return Ok(Next::Done(TokenSinkResult::Continue));
        }
        let current = self.current();
        let ns = self.arena.namespace(current).clone();
        if ns == ns!(svg) {
            if let Some(adjusted) = svg_tag_name(&tag.name) {
                tag.name = LocalName::from(adjusted);
            }
        }
        self.insert_foreign(ns, tag.name, tag.attrs, tag.self_closing);
        Ok(Next::Done(TokenSinkResult::Continue))
    }

    /// An SVG or MathML element, its attributes' names adjusted; opened
    /// unless its tag closes itself.
    fn insert_foreign(
        &mut self,
        ns: Namespace,
        name: LocalName,
        mut attrs: Vec<Attribute>,
        self_closing: bool,
    ) {
        for attr in &mut attrs {
            if let Some(adjusted) = foreign_attribute_name(&ns, &attr.name.local) {
                attr.name = adjusted;
            }
        }
        let element = self.arena.foreign_element(ns, name, attrs);
        self.place(element);
        if !self_closing {
            self.open.push(element);
        }
    }

    fn body_tag(&mut self, tag: Tag) -> Result<Next, Unsupported> {
        match tag.kind {
            TagKind::StartTag => self.start_tag(tag).map(Next::Done),
            TagKind::EndTag => self.end_tag(tag.name).map(Next::Done),
        }
    }

    /// The table text read so far: white space alone stays in the table;
    /// otherwise every piece goes in front of it (foster parenting), after
    /// the formatting elements reopened there.
    fn flush_table_text(&mut self) {
        if self.table_text.is_empty() {
            return;
        }
        let texts = std::mem::take(&mut self.table_text);
        let spaces = texts.iter().all(|text| {
            text.bytes()
                .all(|b| matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' '))
        });
        for text in texts {
            if spaces {
                self.arena.append_text(self.current(), text);
            } else {
                self.fostering = true;
                self.reconstruct_formatting();
                self.place_text(text);
                self.fostering = false;
            }
        }
    }

    /// Where a node meant for `target` goes while fostering from a table
    /// part: in front of the innermost table, or, if that has no parent, into
    /// the element below it.
    fn foster_place(&self, target: NodeId) -> Option<(NodeId, NodeId)> {
        if !self.fostering || !is_table_outer(self.name(target)) {
            return None;
        }
        let at = self
            .open
            .iter()
            .rposition(|&id| *self.name(id) == local_name!("table"))
            .expect("a table is open");
        Some((self.open[at], self.open[at - 1]))
    }

    /// `child` at the current node's end, or fostered.
    fn place(&mut self, child: NodeId) {
        self.place_in(self.current(), child);
    }

    /// `child` at `target`'s end, or fostered (the spec's appropriate place
    /// for inserting a node, with `target` as its override target).
    fn place_in(&mut self, target: NodeId, child: NodeId) {
        match self.foster_place(target) {
            Some((table, _)) if self.arena.parent(table).is_some() => {
                self.arena.insert_before(table, child)
            }
            Some((_, below)) => self.arena.append(below, child),
            None => self.arena.append(target, child),
        }
    }

    /// Text at the current node's end, or fostered.
    fn place_text(&mut self, text: StrTendril) {
        match self.foster_place(self.current()) {
            Some((table, _)) if self.arena.parent(table).is_some() => {
                self.arena.insert_text_before(table, text)
            }
            Some((_, below)) => self.arena.append_text(below, text),
            None => self.arena.append_text(self.current(), text),
        }
    }

    /// Pops elements until the current node is one that `context` names.
    fn clear_to(&mut self, context: impl Fn(&LocalName) -> bool) {
        while !context(self.name(self.current())) {
            self.open.pop();
        }
    }

    /// The insertion mode the open elements call for, after a table closes.
    fn reset_mode(&mut self) {
        self.mode = Mode::Body;
        // The first open element, <html>, reads as the fragment's context, <body>.
        for &id in self.open.iter().skip(1).rev() {
            self.mode = match *self.name(id) {
                local_name!("td") | local_name!("th") => Mode::Cell,
                local_name!("tr") => Mode::Row,
                local_name!("tbody") | local_name!("thead") | local_name!("tfoot") => {
                    Mode::TableBody
                }
                local_name!("caption") => Mode::Caption,
                local_name!("colgroup") => Mode::ColumnGroup,
                local_name!("table") => Mode::Table,
                _ => continue,
            };
            return;
        }
    }

    /// The "in table" mode's rules.
    fn table_tag(&mut self, tag: Tag) -> Result<Next, Unsupported> {
        let start = tag.kind == TagKind::StartTag;
        match (start, &tag.name) {
            (true, &local_name!("tbody") | &local_name!("tfoot") | &local_name!("thead")) => {
                self.clear_to(is_table_context);
                self.insert(tag.name, tag.attrs);
                self.mode = Mode::TableBody;
            }
            (true, &local_name!("td") | &local_name!("th") | &local_name!("tr")) => {
                self.clear_to(is_table_context);
                self.insert(local_name!("tbody"), Vec::new());
                self.mode = Mode::TableBody;
                return Ok(Next::Again(tag));
            }
            (_, &local_name!("table")) => {
                if self.in_table_scope(|n| *n == local_name!("table")) {
                    self.pop_until(|n| *n == local_name!("table"));
                    self.reset_mode();
                    if start {
                        return Ok(Next::Again(tag));
                    }
                }
            }
            (
                false,
                &local_name!("body")
                | &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("html")
                | &local_name!("tbody")
                | &local_name!("td")
                | &local_name!("tfoot")
                | &local_name!("th")
                | &local_name!("thead")
                | &local_name!("tr"),
            ) => {}
            // The rules of the "in head" mode.
            (true, &local_name!("style")) => {
                return Ok(Next::Done(self.raw_text(
                    tag.name,
                    tag.attrs,
                    RawKind::Rawtext,
                )))
            }
            (true, &local_name!("script")) => {
                return Ok(Next::Done(self.raw_text(
                    tag.name,
                    tag.attrs,
                    RawKind::ScriptData,
                )))
            }
            (true, &local_name!("input")) if is_type_hidden(&tag.attrs) => {
                self.insert_empty(tag.name, tag.attrs);
            }
            (true, &local_name!("form")) => {
                if self.form.is_none() {
                    self.form = Some(self.insert_empty(tag.name, tag.attrs));
                }
            }
            (true, &local_name!("caption")) => {
                self.clear_to(is_table_context);
                self.formatting.push(None);
                self.insert(tag.name, tag.attrs);
                self.mode = Mode::Caption;
            }
            (true, &local_name!("colgroup")) => {
                self.clear_to(is_table_context);
                self.insert(tag.name, tag.attrs);
                self.mode = Mode::ColumnGroup;
            }
            (true, &local_name!("col")) => {
                self.clear_to(is_table_context);
                self.insert(local_name!("colgroup"), Vec::new());
                self.mode = Mode::ColumnGroup;
                return Ok(Next::Again(tag));
            }
            // With no template open, `</template>` is dropped.
            (true, &local_name!("template")) => return Err(Unsupported),
            (false, &local_name!("template")) => {}
            // Anything else is read by the body's rules, and what they
            // insert goes in front of the table (foster parenting).
            _ => {
                self.fostering = true;
                let next = self.body_tag(tag);
                self.fostering = false;
                return next;
            }
        }
        Ok(Next::Done(TokenSinkResult::Continue))
    }

    /// The "in table body" mode's rules.
    fn table_body_tag(&mut self, tag: Tag) -> Result<Next, Unsupported> {
        let start = tag.kind == TagKind::StartTag;
        match (start, &tag.name) {
            (true, &local_name!("tr")) => {
                self.clear_to(is_table_body_context);
                self.insert(tag.name, tag.attrs);
                self.mode = Mode::Row;
            }
            (true, &local_name!("th") | &local_name!("td")) => {
                self.clear_to(is_table_body_context);
                self.insert(local_name!("tr"), Vec::new());
                self.mode = Mode::Row;
                return Ok(Next::Again(tag));
            }
            (false, &local_name!("tbody") | &local_name!("tfoot") | &local_name!("thead")) => {
                if self.in_table_scope(|n| *n == tag.name) {
                    self.clear_to(is_table_body_context);
                    self.open.pop();
                    self.mode = Mode::Table;
                }
            }
            (
                true,
                &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("tbody")
                | &local_name!("tfoot")
                | &local_name!("thead"),
            )
            | (false, &local_name!("table")) => {
                // html5ever looks for a table, <tbody> or <tfoot> (the spec:
                // <tbody>, <thead> or <tfoot>).
                let open = |n: &LocalName| {
                    matches!(
                        *n,
                        local_name!("table") | local_name!("tbody") | local_name!("tfoot")
                    )
                };
                if self.in_table_scope(open) {
                    self.clear_to(is_table_body_context);
                    self.open.pop();
                    self.mode = Mode::Table;
                    return Ok(Next::Again(tag));
                }
            }
            (
                false,
                &local_name!("body")
                | &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("html")
                | &local_name!("td")
                | &local_name!("th")
                | &local_name!("tr"),
            ) => {}
            _ => return self.table_tag(tag),
        }
        Ok(Next::Done(TokenSinkResult::Continue))
    }

    /// The "in row" mode's rules.
    fn row_tag(&mut self, tag: Tag) -> Result<Next, Unsupported> {
        let start = tag.kind == TagKind::StartTag;
        let tr_open = |s: &Self| s.in_table_scope(|n| *n == local_name!("tr"));
        match (start, &tag.name) {
            (true, &local_name!("th") | &local_name!("td")) => {
                self.clear_to(is_row_context);
                self.insert(tag.name, tag.attrs);
                self.mode = Mode::Cell;
                self.formatting.push(None);
            }
            (false, &local_name!("tr")) => {
                if tr_open(self) {
                    self.close_row();
                }
            }
            (
                true,
                &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("tbody")
                | &local_name!("tfoot")
                | &local_name!("thead")
                | &local_name!("tr"),
            )
            | (false, &local_name!("table")) => {
                if tr_open(self) {
                    self.close_row();
                    return Ok(Next::Again(tag));
                }
            }
            (false, &local_name!("tbody") | &local_name!("tfoot") | &local_name!("thead")) => {
                if self.in_table_scope(|n| *n == tag.name) && tr_open(self) {
                    self.close_row();
                    return Ok(Next::Again(tag));
                }
            }
            (
                false,
                &local_name!("body")
                | &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("html")
                | &local_name!("td")
                | &local_name!("th"),
            ) => {}
            _ => return self.table_tag(tag),
        }
        Ok(Next::Done(TokenSinkResult::Continue))
    }

    /// The "in caption" mode's rules; the body's for the rest.
    fn caption_tag(&mut self, tag: Tag) -> Result<Next, Unsupported> {
        let start = tag.kind == TagKind::StartTag;
        match (start, &tag.name) {
            (
                true,
                &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("tbody")
                | &local_name!("td")
                | &local_name!("tfoot")
                | &local_name!("th")
                | &local_name!("thead")
                | &local_name!("tr"),
            )
            | (false, &local_name!("table") | &local_name!("caption")) => {
                if self.in_table_scope(|n| *n == local_name!("caption")) {
                    self.generate_implied_end(None);
                    self.pop_until(|n| *n == local_name!("caption"));
                    self.clear_formatting_to_marker();
                    self.mode = Mode::Table;
                    if start || tag.name == local_name!("table") {
                        return Ok(Next::Again(tag));
                    }
                }
            }
            (
                false,
                &local_name!("body")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("html")
                | &local_name!("tbody")
                | &local_name!("td")
                | &local_name!("tfoot")
                | &local_name!("th")
                | &local_name!("thead")
                | &local_name!("tr"),
            ) => {}
            _ => return self.body_tag(tag),
        }
        Ok(Next::Done(TokenSinkResult::Continue))
    }

    /// The "in column group" mode's rules.
    fn column_group_tag(&mut self, tag: Tag) -> Result<Next, Unsupported> {
        let start = tag.kind == TagKind::StartTag;
        match (start, &tag.name) {
            (true, &local_name!("html")) => return self.body_tag(tag),
            (true, &local_name!("col")) => {
                self.insert_empty(tag.name, tag.attrs);
            }
            (false, &local_name!("colgroup")) => {
                self.close_column_group();
            }
            (false, &local_name!("col") | &local_name!("template")) => {}
            (true, &local_name!("template")) => return Err(Unsupported),
            _ => {
                if self.close_column_group() {
                    return Ok(Next::Again(tag));
                }
            }
        }
        Ok(Next::Done(TokenSinkResult::Continue))
    }

    /// Closes the open `<colgroup>` if it is the current node, back to the
    /// table's mode; whether it was.
    fn close_column_group(&mut self) -> bool {
        if !self.current_is(&local_name!("colgroup")) {
            return false;
        }
        self.open.pop();
        self.mode = Mode::Table;
        true
    }

    /// Closes the open `<tr>` (the spec's "act as if an end tag `tr` had
    /// been seen" once the row is known to be in table scope).
    fn close_row(&mut self) {
        self.clear_to(is_row_context);
        self.open.pop();
        self.mode = Mode::TableBody;
    }

    /// The "in cell" mode's rules; the body's for the rest.
    fn cell_tag(&mut self, tag: Tag) -> Result<Next, Unsupported> {
        let start = tag.kind == TagKind::StartTag;
        let is_cell = |n: &LocalName| matches!(*n, local_name!("td") | local_name!("th"));
        match (start, &tag.name) {
            (false, &local_name!("td") | &local_name!("th")) => {
                if self.in_table_scope(|n| *n == tag.name) {
                    self.generate_implied_end(None);
                    self.pop_until(|n| *n == tag.name);
                    self.clear_formatting_to_marker();
                    self.mode = Mode::Row;
                }
            }
            (
                true,
                &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("tbody")
                | &local_name!("td")
                | &local_name!("tfoot")
                | &local_name!("th")
                | &local_name!("thead")
                | &local_name!("tr"),
            ) => {
                if self.in_table_scope(is_cell) {
                    self.close_cell();
                    return Ok(Next::Again(tag));
                }
            }
            (
                false,
                &local_name!("body")
                | &local_name!("caption")
                | &local_name!("col")
                | &local_name!("colgroup")
                | &local_name!("html"),
            ) => {}
            (
                false,
                &local_name!("table")
                | &local_name!("tbody")
                | &local_name!("tfoot")
                | &local_name!("thead")
                | &local_name!("tr"),
            ) => {
                if self.in_table_scope(|n| *n == tag.name) {
                    self.close_cell();
                    return Ok(Next::Again(tag));
                }
            }
            _ => return self.body_tag(tag),
        }
        Ok(Next::Done(TokenSinkResult::Continue))
    }

    fn close_cell(&mut self) {
        self.generate_implied_end(None);
        self.pop_until(|n| matches!(*n, local_name!("td") | local_name!("th")));
        self.clear_formatting_to_marker();
        self.mode = Mode::Row;
    }

    fn start_tag(&mut self, tag: Tag) -> Step {
        let Tag {
            name,
            attrs,
            self_closing,
            ..
        } = tag;
        match name {
            local_name!("address")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("blockquote")
            | local_name!("center")
            | local_name!("details")
            | local_name!("dialog")
            | local_name!("dir")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("fieldset")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("footer")
            | local_name!("header")
            | local_name!("hgroup")
            | local_name!("main")
            | local_name!("menu")
            | local_name!("nav")
            | local_name!("ol")
            | local_name!("p")
            | local_name!("search")
            | local_name!("section")
            | local_name!("summary")
            | local_name!("ul") => {
                self.close_p_in_scope();
                self.insert(name, attrs);
            }
            local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6") => {
                self.close_p_in_scope();
                if is_heading(self.name(self.current())) {
                    self.open.pop();
                }
                self.insert(name, attrs);
            }
            local_name!("pre") | local_name!("listing") => {
                self.close_p_in_scope();
                self.insert(name, attrs);
                self.ignore_lf = true;
            }
            local_name!("li") | local_name!("dd") | local_name!("dt") => {
                self.close_list_item(&name);
                self.close_p_in_scope();
                self.insert(name, attrs);
            }
            local_name!("a") => {
                let open_a = self
                    .formatting
                    .iter()
                    .rev()
                    .map_while(|&entry| entry)
                    .find(|&id| *self.name(id) == local_name!("a"));
                if let Some(a) = open_a {
                    self.adoption_agency(&local_name!("a"));
                    if let Some(at) = self.formatting.iter().position(|&e| e == Some(a)) {
                        self.formatting.remove(at);
                    }
                    if let Some(at) = self.open.iter().rposition(|&id| id == a) {
                        self.open.remove(at);
                    }
                }
                self.reconstruct_formatting();
                self.insert_formatting(name, attrs);
            }
            local_name!("b")
            | local_name!("big")
            | local_name!("code")
            | local_name!("em")
            | local_name!("font")
            | local_name!("i")
            | local_name!("s")
            | local_name!("small")
            | local_name!("strike")
            | local_name!("strong")
            | local_name!("tt")
            | local_name!("u") => {
                self.reconstruct_formatting();
                self.insert_formatting(name, attrs);
            }
            local_name!("area")
            | local_name!("br")
            | local_name!("embed")
            | local_name!("img")
            | local_name!("keygen")
            | local_name!("wbr") => {
                self.reconstruct_formatting();
                self.insert_empty(name, attrs);
            }
            local_name!("input") => {
                if self.in_scope(&local_name!("select")) {
                    self.pop_until(|n| *n == local_name!("select"));
                }
                self.reconstruct_formatting();
                self.insert_empty(name, attrs);
            }
            // The rules of the "in head" mode, which the body defers to.
            local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("link")
            | local_name!("meta") => {
                self.insert_empty(name, attrs);
            }
            local_name!("hr") => {
                self.close_p_in_scope();
                if self.in_scope(&local_name!("select")) {
                    self.generate_implied_end(None);
                }
                self.insert_empty(name, attrs);
            }
            local_name!("table") => {
                self.close_p_in_scope();
                self.insert(name, attrs);
                self.mode = Mode::Table;
            }
            local_name!("textarea") => {
                self.ignore_lf = true;
                return Ok(self.raw_text(name, attrs, RawKind::Rcdata));
            }
            local_name!("title") => return Ok(self.raw_text(name, attrs, RawKind::Rcdata)),
            local_name!("xmp") => {
                self.close_p_in_scope();
                self.reconstruct_formatting();
                return Ok(self.raw_text(name, attrs, RawKind::Rawtext));
            }
            local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noscript")
            | local_name!("noframes")
            | local_name!("style") => return Ok(self.raw_text(name, attrs, RawKind::Rawtext)),
            local_name!("script") => return Ok(self.raw_text(name, attrs, RawKind::ScriptData)),
            // Table parts outside a table are dropped.
            local_name!("caption")
            | local_name!("col")
            | local_name!("colgroup")
            | local_name!("frame")
            | local_name!("head")
            | local_name!("tbody")
            | local_name!("td")
            | local_name!("tfoot")
            | local_name!("th")
            | local_name!("thead")
            | local_name!("tr") => {}
            // The fragment's <html> takes the attributes it lacks; a body is
            // never open in a fragment, so <body> and <frameset> are dropped.
            local_name!("html") => self.arena.add_attrs_if_missing(self.open[0], attrs),
            local_name!("body") | local_name!("frameset") => {}
            local_name!("form") => {
                if self.form.is_none() {
                    self.close_p_in_scope();
                    self.form = Some(self.insert(name, attrs));
                }
            }
            local_name!("plaintext") => {
                self.close_p_in_scope();
                self.insert(name, attrs);
                return Ok(TokenSinkResult::Plaintext);
            }
            local_name!("button") => {
                if self.in_scope(&name) {
                    self.generate_implied_end(None);
                    self.pop_until(|n| *n == local_name!("button"));
                }
                self.reconstruct_formatting();
                self.insert(name, attrs);
            }
            local_name!("nobr") => {
                self.reconstruct_formatting();
                if self.in_scope(&name) {
                    self.adoption_agency(&name);
                    self.reconstruct_formatting();
                }
                self.insert_formatting(name, attrs);
            }
            // Formatting opened outside them does not reopen inside them.
            local_name!("applet") | local_name!("marquee") | local_name!("object") => {
                self.reconstruct_formatting();
                self.insert(name, attrs);
                self.formatting.push(None);
            }
            local_name!("image") => {
                self.reconstruct_formatting();
                self.insert_empty(local_name!("img"), attrs);
            }
            // html5ever 0.40 reads a <select>'s content in the body's mode
            // (the spec's relaxed select parsing).
            local_name!("select") => {
                if self.in_scope(&name) {
                    self.pop_until(|n| *n == local_name!("select"));
                } else {
                    self.reconstruct_formatting();
                    self.insert(name, attrs);
                }
            }
            local_name!("option") | local_name!("optgroup") => {
                if self.in_scope(&local_name!("select")) {
                    let except = (name == local_name!("option")).then_some(local_name!("optgroup"));
                    self.generate_implied_end(except.as_ref());
                } else if self.current_is(&local_name!("option")) {
                    self.open.pop();
                }
                self.reconstruct_formatting();
                self.insert(name, attrs);
            }
            local_name!("rb") | local_name!("rtc") => {
                if self.in_scope(&local_name!("ruby")) {
                    self.generate_implied_end(None);
                }
                self.insert(name, attrs);
            }
            local_name!("rp") | local_name!("rt") => {
                if self.in_scope(&local_name!("ruby")) {
                    self.generate_implied_end(Some(&local_name!("rtc")));
                }
                self.insert(name, attrs);
            }
            local_name!("math") | local_name!("svg") => {
                self.reconstruct_formatting();
                let ns = if name == local_name!("svg") {
                    ns!(svg)
                } else {
                    ns!(mathml)
                };
                self.insert_foreign(ns, name, attrs, self_closing);
            }
            local_name!("template") => return Err(Unsupported),
            _ => {
                self.reconstruct_formatting();
                self.insert(name, attrs);
            }
        }
        DONE
    }

    fn end_tag(&mut self, name: LocalName) -> Step {
        match name {
            local_name!("address")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("blockquote")
            | local_name!("button")
            | local_name!("center")
            | local_name!("details")
            | local_name!("dialog")
            | local_name!("dir")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("fieldset")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("footer")
            | local_name!("header")
            | local_name!("hgroup")
            | local_name!("listing")
            | local_name!("main")
            | local_name!("menu")
            | local_name!("nav")
            | local_name!("ol")
            | local_name!("pre")
            | local_name!("search")
            | local_name!("section")
            | local_name!("select")
            | local_name!("summary")
            | local_name!("ul") => {
                if self.in_scope(&name) {
                    self.generate_implied_end(None);
                    self.pop_until(|n| *n == name);
                }
            }
            local_name!("applet") | local_name!("marquee") | local_name!("object") => {
                if self.in_scope(&name) {
                    self.generate_implied_end(None);
                    self.pop_until(|n| *n == name);
                    self.clear_formatting_to_marker();
                }
            }
            local_name!("p") => {
                if !self.in_button_scope(&name) {
                    self.insert(local_name!("p"), Vec::new());
                }
                self.close_p();
            }
            local_name!("li") | local_name!("dd") | local_name!("dt") => {
                let in_scope = if name == local_name!("li") {
                    self.in_list_item_scope()
                } else {
                    self.in_scope(&name)
                };
                if in_scope {
                    self.generate_implied_end(Some(&name));
                    self.pop_until(|n| *n == name);
                }
            }
            local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6") => {
                if self.in_scope_where(|_, open| is_heading(open), Scope::Default) {
                    self.generate_implied_end(None);
                    self.pop_until(is_heading);
                }
            }
            _ if is_formatting(&name) => self.adoption_agency(&name),
            // `</br>` is read as `<br>`.
            local_name!("br") => {
                self.reconstruct_formatting();
                self.insert_empty(name, Vec::new());
            }
            // The form the pointer names closes wherever it is on the stack.
            local_name!("form") => {
                if let Some(form) = self.form.take() {
                    if self.in_scope_where(|id, _| id == form, Scope::Default) {
                        self.generate_implied_end(None);
                        if let Some(at) = self.open.iter().rposition(|&id| id == form) {
                            self.open.remove(at);
                        }
                    }
                }
            }
            // A body is never open in a fragment, nor a template here.
            local_name!("body") | local_name!("html") | local_name!("template") => {}
            _ => self.close_any(&name),
        }
        DONE
    }

    /// A new element as the current node's last child, opened.
    fn insert(&mut self, name: LocalName, attrs: Vec<Attribute>) -> NodeId {
        let element = self.insert_empty(name, attrs);
        self.open.push(element);
        element
    }

    /// A new element as the current node's last child (or fostered), not opened.
    fn insert_empty(&mut self, name: LocalName, attrs: Vec<Attribute>) -> NodeId {
        let element = self.arena.element(name, attrs);
        self.place(element);
        element
    }

    /// A raw-text element: opened, its text read in `kind` until its end tag.
    fn raw_text(
        &mut self,
        name: LocalName,
        attrs: Vec<Attribute>,
        kind: RawKind,
    ) -> TokenSinkResult<NodeId> {
        self.insert(name, attrs);
        self.in_text = true;
        TokenSinkResult::RawData(kind)
    }

    /// A formatting element, opened and added to the formatting list (of
    /// which at most three alike, the earliest leaving).
    fn insert_formatting(&mut self, name: LocalName, attrs: Vec<Attribute>) {
        let since_marker = self.since_marker();
        let mut alike = self.formatting[since_marker..]
            .iter()
            .enumerate()
            .filter(|&(_, entry)| {
                entry.is_some_and(|id| {
                    *self.name(id) == name && same_attributes(self.arena.attrs(id), &attrs)
                })
            });
        let earliest = alike.next().map(|(at, _)| since_marker + at);
        if alike.count() >= 2 {
            self.formatting.remove(earliest.expect("three alike"));
        }
        let element = self.insert(name, attrs);
        self.formatting.push(Some(element));
    }

    /// Where the formatting list's entries after its last marker start.
    fn since_marker(&self) -> usize {
        self.formatting
            .iter()
            .rposition(Option::is_none)
            .map_or(0, |marker| marker + 1)
    }

    /// The formatting list's entries up to its last marker leave (a cell closes).
    fn clear_formatting_to_marker(&mut self) {
        while let Some(entry) = self.formatting.pop() {
            if entry.is_none() {
                return;
            }
        }
    }

    /// A copy of formatting element `id` (its name and attributes), not in the tree.
    fn copy(&mut self, id: NodeId) -> NodeId {
        let name = self.name(id).clone();
        let attrs = self.arena.attrs(id).to_vec();
        self.arena.element(name, attrs)
    }

    fn is_open(&self, id: NodeId) -> bool {
        self.open.iter().rev().any(|&open| open == id)
    }

    /// The spec's reconstruction of the active formatting elements: those
    /// closed since they were opened are opened again, as copies.
    fn reconstruct_formatting(&mut self) {
        // Nothing to do after a marker or an open element.
        let Some(&Some(last)) = self.formatting.last() else {
            return;
        };
        if self.is_open(last) {
            return;
        }
        let mut at = self.formatting.len() - 1;
        while at > 0 && self.formatting[at - 1].is_some_and(|id| !self.is_open(id)) {
            at -= 1;
        }
        for at in at..self.formatting.len() {
            let closed = self.formatting[at].expect("no marker after the first closed entry");
            let copy = self.copy(closed);
            self.place(copy);
            self.open.push(copy);
            self.formatting[at] = Some(copy);
        }
    }

    /// Whether an open element is `target` before one that bounds `scope`
    /// (the spec's "has an element in scope").
    fn in_scope_where(&self, target: impl Fn(NodeId, &LocalName) -> bool, scope: Scope) -> bool {
        for &id in self.open.iter().rev() {
            let name = self.name(id);
            if target(id, name) {
                return true;
            }
            if self.bounds(scope, id, name) {
                return false;
            }
        }
        false
    }

    /// Whether open element `id` (HTML name `name`) bounds `scope`: the
    /// default scope ends at the HTML elements of `is_scope_bound` and at
    /// the SVG and MathML integration points, as html5ever's does.
    fn bounds(&self, scope: Scope, id: NodeId, name: &LocalName) -> bool {
        let extra = match scope {
            Scope::Table => return matches!(*name, local_name!("html") | local_name!("table")),
            Scope::Default => false,
            Scope::Button => *name == local_name!("button"),
            Scope::ListItem => matches!(*name, local_name!("ol") | local_name!("ul")),
        };
        extra
            || is_scope_bound(name)
            || (*name == NOT_HTML && self.foreign_kind(id).is_integration_point())
    }

    /// Whether an element named `name` is in the default scope.
    fn in_scope(&self, name: &LocalName) -> bool {
        self.in_scope_where(|_, open| open == name, Scope::Default)
    }

    /// Whether an element named `name` is in the default scope or, if a
    /// `<button>` is open, inside the innermost one.
    fn in_button_scope(&self, name: &LocalName) -> bool {
        self.in_scope_where(|_, open| open == name, Scope::Button)
    }

    /// Whether an `<li>` is open inside the innermost list.
    fn in_list_item_scope(&self) -> bool {
        self.in_scope_where(|_, open| *open == local_name!("li"), Scope::ListItem)
    }

    /// Whether an element that `target` is open inside the innermost table.
    fn in_table_scope(&self, target: impl Fn(&LocalName) -> bool) -> bool {
        self.in_scope_where(|_, open| target(open), Scope::Table)
    }

    /// Pops elements with implied end tags (but `except`) off the stack.
    fn generate_implied_end(&mut self, except: Option<&LocalName>) {
        while let Some(&id) = self.open.last() {
            let name = self.name(id);
            if !has_implied_end(name) || Some(name) == except {
                return;
            }
            self.open.pop();
        }
    }

    /// Pops elements off the stack up to the first that matches, included.
    fn pop_until(&mut self, matches: impl Fn(&LocalName) -> bool) {
        while let Some(id) = self.open.pop() {
            if matches(self.name(id)) {
                return;
            }
        }
    }

    fn close_p(&mut self) {
        self.generate_implied_end(Some(&local_name!("p")));
        self.pop_until(|n| *n == local_name!("p"));
    }

    fn close_p_in_scope(&mut self) {
        if self.in_button_scope(&local_name!("p")) {
            self.close_p();
        }
    }

    /// A new `<li>` (or `<dd>`/`<dt>`) closes the open one of its list.
    fn close_list_item(&mut self, name: &LocalName) {
        let is_list = *name == local_name!("li");
        let mut to_close = None;
        for &id in self.open.iter().rev() {
            let open = self.name(id);
            let closes = if is_list {
                *open == local_name!("li")
            } else {
                matches!(*open, local_name!("dd") | local_name!("dt"))
            };
            if closes {
                to_close = Some(open.clone());
                break;
            }
            if is_special(open)
                && !matches!(
                    *open,
                    local_name!("address") | local_name!("div") | local_name!("p")
                )
            {
                break;
            }
        }
        if let Some(to_close) = to_close {
            self.generate_implied_end(Some(&to_close));
            self.pop_until(|n| *n == to_close);
        }
    }

    /// Any other end tag: it closes the innermost open element of its name,
    /// unless a special element is open inside that one.
    fn close_any(&mut self, name: &LocalName) {
        let mut found = None;
        for (at, &id) in self.open.iter().enumerate().rev() {
            let open = self.name(id);
            if open == name {
                found = Some(at);
                break;
            }
            if is_special(open) {
                return;
            }
        }
        let Some(at) = found else { return };
        self.generate_implied_end(Some(name));
        self.open.truncate(at);
    }

    /// The spec's adoption agency algorithm for the end tag of formatting
    /// element `subject`, as html5ever runs it (an element the inner loop
    /// passes more than three times leaves the stack as well as the list).
    fn adoption_agency(&mut self, subject: &LocalName) {
        if self.current_is(subject) && !self.formatting.contains(&Some(self.current())) {
            self.open.pop();
            return;
        }
        for _ in 0..8 {
            let since_marker = self.since_marker();
            let Some(listed_at) = self.formatting[since_marker..]
                .iter()
                .rposition(|entry| entry.is_some_and(|id| self.name(id) == subject))
                .map(|at| since_marker + at)
            else {
                return self.close_any(subject);
            };
            let element = self.formatting[listed_at].expect("an element");
            let Some(open_at) = self.open.iter().rposition(|&id| id == element) else {
                self.formatting.remove(listed_at);
                return;
            };
            if !self.in_scope_where(|id, _| id == element, Scope::Default) {
                return;
            }
            let Some(block_at) =
                (open_at..self.open.len()).find(|&at| is_special(self.name(self.open[at])))
            else {
                self.open.truncate(open_at);
                self.formatting.remove(listed_at);
                return;
            };
            let block = self.open[block_at];
            let common_ancestor = self.open[open_at - 1];
            // Where the copy of `element` goes in the formatting list:
            // in its place, or after the copy of the node below it.
            let mut after = None;
            let mut at = block_at;
            let mut last = block;
            let mut passes = 0;
            loop {
                passes += 1;
                at -= 1;
                let node = self.open[at];
                if node == element {
                    break;
                }
                let listed = self.formatting.iter().position(|&e| e == Some(node));
                if passes > 3 {
                    if let Some(listed) = listed {
                        self.formatting.remove(listed);
                    }
                    self.open.remove(at);
                    continue;
                }
                let Some(listed) = listed else {
                    self.open.remove(at);
                    continue;
                };
                let copy = self.copy(node);
                self.open[at] = copy;
                self.formatting[listed] = Some(copy);
                if last == block {
                    after = Some(copy);
                }
                self.arena.append(copy, last);
                last = copy;
            }
            self.place_in(common_ancestor, last);
            let copy = self.copy(element);
            self.arena.reparent_children(block, copy);
            self.arena.append(block, copy);
            match after {
                None => {
                    let at = self.formatting.iter().position(|&e| e == Some(element));
                    self.formatting[at.expect("still listed")] = Some(copy);
                }
                Some(after) => {
                    let at = self.formatting.iter().position(|&e| e == Some(after));
                    self.formatting.insert(at.expect("listed") + 1, Some(copy));
                    let old = self.formatting.iter().position(|&e| e == Some(element));
                    self.formatting.remove(old.expect("still listed"));
                }
            }
            if let Some(at) = self.open.iter().rposition(|&id| id == element) {
                self.open.remove(at);
            }
            let block_at = self.open.iter().position(|&id| id == block);
            self.open.insert(block_at.expect("block open") + 1, copy);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::dom::Dom;
    use super::super::shape::Shape;
    use super::super::tokenizer::tokenize;
    use super::InBody;
    use proptest::prelude::*;

    /// Our builder's tree of `html`, unless it gave up.
    fn our_tree(html: &str) -> Option<Dom> {
        let in_body = InBody::with_capacity(16);
        tokenize(html, &in_body, &mut Shape::new(html.len(), usize::MAX)).unwrap();
        in_body.finish()
    }

    /// Our builder's tree of `html` (which it must read to the end) against
    /// html5ever's.
    fn assert_same_tree(html: &str) {
        let ours = our_tree(html).expect("markup our builder reads");
        assert_eq!(
            ours.outline(),
            Dom::build_with_html5ever(html).outline(),
            "{html:?}"
        );
    }

    #[test]
    fn builds_html5evers_tree_of_misnested_markup() {
        for html in [
            // The adoption agency: no furthest block, a furthest block,
            // more than three formatting elements inside, nested <a>s.
            "<p>a<b>b<i>c</b>d</i>e</p>",
            "<a href=x>1<div>2</a>3</div>4",
            "<b>1<p>2</b>3</p>4",
            "<b><i><u><s><em><code><div>x</b>y</div>z",
            "<a href=1>x<a href=2>y</a>z",
            "<b><p>1<i>2</b>3</i>4</p>",
            // Three of a kind at most, attributes in any order.
            "<b><b><b><b>x</p>y<p>z",
            "<font a=1 b=2><font b=2 a=1><font a=1 b=2><font a=1 b=2><p>x",
            // Implied end tags, lists, headings, stray end tags.
            "<ul><li>1<li>2<div><li>3</div></ul><dl><dt>a<dd>b<dt>c</dl>",
            "<h1>a<h2>b</h3>c<p>d</h1>e",
            "</p>a</li></span><span>b</div>c</br>d</form></button></table>",
            "<p>a<div>b</p>c<address><li>x</address>",
            "<pre>\nx</pre><listing>\n\ny</listing><textarea>\nz</textarea>",
            "<td>a<tr>b<caption>c</td>d",
            // Raw text, comments, void elements, unknown elements.
            "<b>x<script>a<b</script><style>p{}</style><title>&amp;</title>y",
            "<noscript><p>x</noscript><iframe>y</iframe><xmp><i></xmp>",
            "a<!--c-->b<img src=x><br/><hr><input type=hidden><wbr>c",
            "<custom-el a=1>x<i>y</custom-el>z</i>",
            "<p>x<script>",
            // Tables: implied tbody and tr, cells closed by cells, rows and
            // the table's end, formatting kept inside its cell, nesting.
            "<p>a<table><tr><td>x</td></tr></table>b",
            "<table> <td>1<td>2<tr><th>3</table>4",
            "<b>x<table><tr><td>y<i>z</table>w</b>",
            "<table><tbody><tr><td><table><tr><td>a</table>b</td></tr></tbody></table>",
            "<table><thead><tr><th>h<tbody><tr><td>d</td></tr><tfoot><td>f</table>",
            "<td>stray<table><tr><td><p>a<li>b</td></tr></table></td></tr>",
            "<table><tr><td><a href=x>1<td>2</a></table>3",
            "<table></tr></td></tbody></caption><!--c--><tr></table></table>x",
            "<table><tr><td><b>1<b>2<b>3<b>4</td></tr></table><b>5",
        ] {
            assert_same_tree(html);
        }
        // Text moved in front of its table, with the formatting reopened there.
        for html in [
            "<table>text</table>",
            "a<table> <tr>b&amp;c <td>d</table>",
            "<b>1<table>2<tr> 3</table>4",
            "<p><table>\u{a0}<!--c-->y\0z</table>",
            "<div><table><tbody>t</tbody></table></div>",
            "<i><table><tr><td>a</td>b</tr></table>",
            "<table><tr><td>a<b>b</td>c</tr></table>",
        ] {
            assert_same_tree(html);
        }
        // Elements a table moves in front of itself, and what stays in it.
        for html in [
            "<table><tr><div>x</div></tr></table>",
            "<b>1<table><tr><i>2<td>3</table>4",
            "<table><span>a<table><tr><td>b</table>c</span></table>",
            "<table><tr></b><p><td>x</table>",
            "<table><a href=1>x<tr><td>y</a>z</table>",
            "<table><b><div>x</b>y</table>",
            "<table><input type=hidden><input type=text><form><form>x</table>",
            "<table><style>a{}</style><script>b<c</script><textarea>\nt</table>",
            "<table><tbody><p>x<tr><td>y</td><br>z</table>",
            "<table><li>a<li>b</table>",
        ] {
            assert_same_tree(html);
        }
        // Forms, buttons, selects, ruby, <nobr>, <applet>/<marquee>/<object>,
        // <html> and <body> tags in a body, <plaintext>.
        for html in [
            "<form a=1><p>x<form b=2>y</form>z</form>w",
            "<div><form><p>a</div>b</form>c<form>d",
            "<form><table><tr><td>x</form>y</table>z",
            "<p>a<button>b<p>c</button>d<button>e<button>f</p>",
            "<button><div>x</button>y",
            "<nobr>a<nobr>b</nobr>c<p>d</nobr>e",
            "<b>1<applet>2<i>3</applet>4</b>5<marquee><p>6</marquee><object>7</b>8",
            "<object><li>a</object>b</p>c",
            "<select><option>a<option>b<optgroup><option>c</select>d",
            "<select><p>x<input>y</select><option>z<optgroup>w<hr>",
            "<select><b>a<select>b<option>c<hr>d</select>",
            "<ruby>a<rb>b<rt>c<rtc>d<rp>e<rt>f</ruby>g<rt>h",
            "<html lang=zh><body class=x><p>a</body>b</html>c<html lang=en dir=ltr>",
            "<frameset><frame></frameset>x<image src=y>",
            "<p>x<plaintext><b>y</p>&amp;",
            "<b><plaintext>x</b>",
        ] {
            assert_same_tree(html);
        }
        // Captions and column groups.
        for html in [
            "<table><caption>c<b>d</caption>e<tr><td>f</table>g",
            "<table><caption><p>a<td>b</table>",
            "<table><caption>a</table>b</caption>c",
            "<table><caption><table><tr><td>x</table>y</caption></table>",
            "<table><colgroup span=2> <col><col> x<col></colgroup><tr><td>a</table>",
            "<table><col span=1><tbody><tr><td>a<caption>b</table>",
            "<table><colgroup><!--c-->\0<p>x</table>",
            "<table><colgroup> \n<html lang=zh></col></colgroup></colgroup>y</table>",
            "<table><tr><td>a<col><colgroup>b</table>",
            "<caption>x</caption><col><colgroup>y",
        ] {
            assert_same_tree(html);
        }
        // SVG and MathML: names and attributes adjusted, integration
        // points, breaking out, end tags, text, NUL and CDATA.
        for html in [
            "<svg viewbox='0 0 9 9' xlink:href=a xml:lang=zh xmlns=x xmlns:xlink=y><path d=M0/></svg>x",
            "<svg><lineargradient><stop/></lineargradient><clippath>a</CLIPPATH></svg>",
            "<svg><foreignobject><p>a<b>b</foreignobject>c</svg>d",
            "<svg><desc><div>x</div></desc><title>t<i>y</title></svg>",
            "<svg><g><p>break</p><circle></svg>",
            "<svg><font color=red>x</font><font>y</font></svg>",
            "<p>a<svg><g></p>b</g></svg>c",
            "<div><svg><g></div>x",
            "<b>1<svg><i>2</svg>3</b>",
            "<math definitionurl=u><mi>x<b>y</b></mi><mglyph/><mo>+</mo><annotation-xml><svg><p>z</math>",
            "<math><annotation-xml encoding=text/html><div>a</div></annotation-xml></math>",
            "<math><mtext><mglyph>a</mglyph></mtext><ms>\0</ms>\0</math>",
            "<svg>a\0b<![CDATA[<p>c]]><!--d--></svg>",
            "<table><svg><g>x</g></svg><tr><td><math><mi>y</table>z",
            "<table><tr><td><svg><td>a</svg></table>",
            "<svg><script>a<b</script><style>p</style></svg>",
            "<svg/><math/><p>x",
            "<ul><li><svg><li>a</svg><li>b</ul>",
            "<select><svg><option>x</select>",
        ] {
            assert_same_tree(html);
        }
        // With no template open, its end tag is dropped.
        assert_same_tree("a</template>b<table></template><colgroup></template></table>");
        // Markup left to html5ever's builder.
        for html in [
            "<template>x</template>",
            "<table><template>y</template></table>",
        ] {
            assert!(our_tree(html).is_none(), "{html:?}");
        }
    }

    /// Pieces of the markup our builder reads, in any order.
    fn in_body_soup() -> impl Strategy<Value = String> {
        let tags = prop_oneof![
            Just("p"),
            Just("div"),
            Just("section"),
            Just("blockquote"),
            Just("ul"),
            Just("ol"),
            Just("li"),
            Just("dl"),
            Just("dd"),
            Just("dt"),
            Just("h1"),
            Just("h2"),
            Just("pre"),
            Just("address"),
            Just("figure"),
            Just("a"),
            Just("b"),
            Just("i"),
            Just("em"),
            Just("strong"),
            Just("small"),
            Just("font"),
            Just("span"),
            Just("x-y"),
            Just("br"),
            Just("img"),
            Just("hr"),
            Just("td"),
            Just("th"),
            Just("tr"),
            Just("tbody"),
            Just("table"),
            Just("form"),
            Just("button"),
            Just("select"),
            Just("option"),
            Just("optgroup"),
            Just("input"),
            Just("nobr"),
            Just("object"),
            Just("marquee"),
            Just("ruby"),
            Just("rb"),
            Just("rt"),
            Just("rp"),
            Just("rtc"),
            Just("html"),
            Just("body"),
            Just("image"),
            Just("textarea"),
            Just("caption"),
            Just("colgroup"),
            Just("col"),
            Just("svg"),
            Just("math"),
            Just("g"),
            Just("foreignObject"),
            Just("desc"),
            Just("mi"),
            Just("mtext"),
            Just("annotation-xml"),
            Just("mglyph"),
            Just("clipPath"),
        ];
        let tag = (tags, 0..7u8, any::<bool>()).prop_map(|(name, attrs, end)| match (end, attrs) {
            (true, _) => format!("</{name}>"),
            (false, 0) => format!("<{name} a=1 b=2>"),
            (false, 1) => format!("<{name} b=2 a=1>"),
            (false, 2) => format!("<{name} class=x>"),
            (false, 3) => format!("<{name} type=hidden>"),
            _ => format!("<{name}>"),
        });
        let pieces = prop_oneof![
            4 => tag,
            2 => "[\u{4E00}-\u{4E03}a-c \n]{1,4}",
            1 => Just("<!--c-->".to_owned()),
            1 => Just("&amp;".to_owned()),
            1 => Just("\0".to_owned()),
            1 => Just("<script>a<b</script>".to_owned()),
            1 => Just("<textarea>\nx</textarea>".to_owned()),
            1 => Just("<noscript><p>".to_owned()),
            1 => Just("</br>".to_owned()),
            1 => Just("<style>x</style>".to_owned()),
            1 => Just("<input type=text>".to_owned()),
            1 => Just("<![CDATA[x<y]]>".to_owned()),
            1 => Just("<svg viewbox=1 xlink:href=2/>".to_owned()),
            1 => Just("<font color=red>".to_owned()),
            1 => Just("<path/>".to_owned()),
            1 => Just("</template>".to_owned()),
        ];
        proptest::collection::vec(pieces, 0..60).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn builds_the_same_tree_as_html5ever(html in in_body_soup()) {
            prop_assert_eq!(
                our_tree(&html).expect("markup our builder reads").outline(),
                Dom::build_with_html5ever(&html).outline()
            );
        }
    }
}
