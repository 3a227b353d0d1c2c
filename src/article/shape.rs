//! The shape of an article body's tree as its tags show it, tag by tag,
//! while the tokenizer reads them: the limits that keep the HTML5 tree
//! builder's work linear in the input's size, checked before each tag
//! reaches it. Elements nested too deep cost a walk of the stack of open
//! elements on every start tag, and start tags with many attributes a
//! duplicate check of each attribute against those before it.
//!
//! Short of those limits, a body whose tags would together cost more than
//! [`MAX_WORK_PER_BYTE`] steps of the tree builder per byte is rejected too,
//! so that parsing time stays linear in the input's size whatever its shape.
//!
//! The estimate follows the tree builder where that changes the depth: end
//! tags that close nothing open are ignored (they do not make the tree
//! shallower) and elements without end tags do not nest. Comments and the
//! contents of raw-text elements (`<script>`, `<style>`, ...) hold no tags:
//! the tokenizer reads them in the states the tree builder asks for, so no
//! tag in them reaches the estimate.

use html5ever::{local_name, LocalName};

/// How deep elements may nest: Chromium's HTML parser stops nesting at the
/// same depth. Real articles stay under a hundred levels (the shared
/// corpus's under ten), and the tree builder's stack walks grow with the
/// square of the depth.
pub const MAX_NESTING: usize = 512;

/// How many attributes a start tag may carry. Real tags carry a few dozen.
pub const MAX_ATTRIBUTES: usize = 256;

/// How many steps of the tree builder's stack walks (one per open element
/// a tag passes) a body may cost per byte. The shared corpus's articles
/// cost at most 0.15; a step costs the tree builder about 2.5 ns, so the
/// limit keeps the walks under about 10 ms per MB, rejected bodies included
/// (the limit is found while the tree is built).
pub const MAX_WORK_PER_BYTE: usize = 4;

/// The steps any body may cost, however short: enough for elements nested
/// to [`MAX_NESTING`] and closed again (about 260,000 steps), about a
/// millisecond of the tree builder's time.
const MIN_WORK: usize = 1 << 19;

/// What one pair of attributes of a tag costs, in steps: the duplicate
/// check compares names. Measured nearer 16 stack steps, but real tags with
/// a few dozen attributes must stay well inside the budget.
const ATTRIBUTE_PAIR_WORK: usize = 4;

/// Where a body's shape exceeds a limit: the byte offset of the tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Excess {
    /// A start tag opens an element `MAX_NESTING + 1` levels deep.
    Nesting { offset: usize },
    /// A start tag carries more than `MAX_ATTRIBUTES` attributes.
    Attributes { offset: usize },
    /// The tags up to this one cost more than `MAX_WORK_PER_BYTE` steps per
    /// byte of the body: deep nesting met by many tags.
    Work { offset: usize },
}

impl Excess {
    /// The same excess at another offset.
    pub(crate) fn at(self, offset: usize) -> Excess {
        match self {
            Excess::Nesting { .. } => Excess::Nesting { offset },
            Excess::Attributes { .. } => Excess::Attributes { offset },
            Excess::Work { .. } => Excess::Work { offset },
        }
    }

    pub fn offset(self) -> usize {
        match self {
            Excess::Nesting { offset }
            | Excess::Attributes { offset }
            | Excess::Work { offset } => offset,
        }
    }
}

/// The names of [`is_flat`] that end foreign content (the tree builder
/// closes the SVG or MathML elements and reads them as HTML, void).
fn breaks_out_of_foreign(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("body")
            | local_name!("head")
            | local_name!("br")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("meta")
    )
}

/// Elements that take no end tag, or whose end tag is optional and often
/// left out, and the tags a body's tree builder drops (`<html>`, `<body>`,
/// ...): they do not deepen the tree for this estimate.
fn is_flat(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("body")
            | local_name!("frame")
            | local_name!("frameset")
            | local_name!("head")
            | local_name!("html")
            | local_name!("image")
            | local_name!("keygen")
            | local_name!("param")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("p")
            | local_name!("li")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("option")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
    )
}

/// Formatting elements, whose misnested end tags the tree builder answers
/// with the adoption agency: the element leaves the stack, but the elements
/// opened inside it may stay.
pub(super) fn is_formatting(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("a")
            | local_name!("b")
            | local_name!("big")
            | local_name!("code")
            | local_name!("em")
            | local_name!("font")
            | local_name!("i")
            | local_name!("nobr")
            | local_name!("s")
            | local_name!("small")
            | local_name!("strike")
            | local_name!("strong")
            | local_name!("tt")
            | local_name!("u")
    )
}

/// The estimate of a body's tree, fed one tag at a time by the tokenizer:
/// the elements taken to be open, innermost last, and the work spent so far
/// against the body's budget.
pub(crate) struct Shape {
    open: Vec<LocalName>,
    work: usize,
    budget: usize,
    max_nesting: usize,
    deepest: usize,
}

impl Shape {
    /// The estimate for a body of `len` bytes, nesting at most `max_nesting` deep.
    pub(crate) fn new(len: usize, max_nesting: usize) -> Shape {
        Shape {
            open: Vec::new(),
            work: 0,
            budget: MIN_WORK.max(len.saturating_mul(MAX_WORK_PER_BYTE)),
            max_nesting,
            deepest: 0,
        }
    }

    /// The estimate back at the start of the body, for a second reading.
    pub(crate) fn restart(&mut self) {
        self.open.clear();
        self.work = 0;
        self.deepest = 0;
    }

    /// The deepest nesting seen: an upper estimate of the tree's depth.
    #[cfg(test)]
    pub(crate) fn deepest(&self) -> usize {
        self.deepest
    }

    /// A tag's walk of the stack of open elements, and its attributes'
    /// duplicate check, against the budget.
    fn spend(&mut self, attributes: usize, offset: usize) -> Result<(), Excess> {
        let attribute_pairs = attributes.saturating_mul(attributes.saturating_sub(1)) / 2;
        self.work = self
            .work
            .saturating_add(self.open.len())
            .saturating_add(attribute_pairs.saturating_mul(ATTRIBUTE_PAIR_WORK));
        if self.work > self.budget {
            return Err(Excess::Work { offset });
        }
        Ok(())
    }

    /// A start tag at `offset` with `attributes` attributes. Raw-text
    /// elements count like any other: their end tag follows their text.
    pub(crate) fn start_tag(
        &mut self,
        name: &LocalName,
        attributes: usize,
        closes_itself: bool,
        foreign: bool,
        offset: usize,
    ) -> Result<(), Excess> {
        self.spend(attributes, offset)?;
        // In SVG or MathML, every tag without `/>` opens an element, the
        // HTML void names too (`<svg><html><html>...` nests), except the
        // void names that break out of foreign content into HTML.
        let flat = is_flat(name) && (!foreign || breaks_out_of_foreign(name));
        if flat || closes_itself {
            return Ok(());
        }
        if self.open.len() >= self.max_nesting {
            return Err(Excess::Nesting { offset });
        }
        self.open.push(name.clone());
        self.deepest = self.deepest.max(self.open.len());
        Ok(())
    }

    /// An end tag at `offset`. One that matches nothing open is ignored. A
    /// formatting element's end tag takes at least that element off; any
    /// other closes the innermost open element of its name and everything
    /// opened inside. Looking for it walks the stack as the tree builder
    /// does, within the work already counted for the tag.
    pub(crate) fn end_tag(&mut self, name: &LocalName, offset: usize) -> Result<(), Excess> {
        self.spend(0, offset)?;
        let Some(at) = self.open.iter().rposition(|open| open == name) else {
            return Ok(());
        };
        if is_formatting(name) {
            self.open.remove(at);
        } else {
            self.open.truncate(at);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::dom::Dom;

    fn check(html: &str) -> Result<(), Excess> {
        Dom::parse_fragment(html).map(drop)
    }

    #[test]
    fn counts_nesting_as_the_tree_builder_does() {
        assert_eq!(check("<div><p>a<br><img src=x><div>b</div></div>"), Ok(()));
        assert_eq!(check(&"<p>x".repeat(5000)), Ok(()));
        // `/>` does not close an HTML element, only a foreign one.
        assert_eq!(
            check(&"<div/>".repeat(MAX_NESTING + 1)),
            Err(Excess::Nesting {
                offset: MAX_NESTING * 6
            })
        );
        assert_eq!(check(&"<svg/>".repeat(5000)), Ok(()));
        assert_eq!(
            check(&format!("<svg>{}</svg>", "<path/>".repeat(5000))),
            Ok(())
        );
        assert_eq!(
            check(&"<div>".repeat(5000)),
            Err(Excess::Nesting {
                offset: MAX_NESTING * 5
            })
        );
        assert_eq!(check("a < b <"), Ok(()));
        // Closed elements do not count, however many there are.
        assert_eq!(check(&"<div><span>x</span></div>".repeat(5000)), Ok(()));
        // An end tag closes the elements opened inside its element.
        assert_eq!(check(&"<div><b><i>x</div>".repeat(3000)), Ok(()));
        // Tags the tree builder drops in a body open nothing.
        assert_eq!(
            check(&"<html lang=zh><body class=a><frameset><head><image><param>".repeat(3000)),
            Ok(())
        );
    }

    #[test]
    fn html_void_names_nest_in_foreign_content() {
        // In SVG, `<html>` and `<param>` open elements; `<br>` leaves SVG.
        for tag in ["<html>", "<param>", "<area>"] {
            let html = format!("<svg>{}", tag.repeat(MAX_NESTING + 1));
            assert!(matches!(check(&html), Err(Excess::Nesting { .. })), "{tag}");
        }
        assert_eq!(check(&"<svg><br></svg>".repeat(3000)), Ok(()));
        assert_eq!(check(&"<math><img></math>".repeat(3000)), Ok(()));
    }

    #[test]
    fn stray_end_tags_do_not_hide_depth() {
        let html = "<div></span>".repeat(MAX_NESTING + 1);
        assert_eq!(
            check(&html),
            Err(Excess::Nesting {
                offset: MAX_NESTING * 12
            })
        );
    }

    #[test]
    fn offsets_count_the_input_as_given() {
        // Carriage returns and a byte order mark, which the tokenizer reads
        // as line feeds and drops, still count in the offset.
        let html = format!("\u{feff}\r\n{}", "<div>\r\n".repeat(MAX_NESTING + 1));
        assert_eq!(
            check(&html),
            Err(Excess::Nesting {
                offset: 5 + MAX_NESTING * 7
            })
        );
    }

    #[test]
    fn bounds_the_work_of_deep_nesting_met_by_many_tags() {
        let deep = "<div>".repeat(MAX_NESTING - 1);
        let paragraphs = format!("{deep}{}", "<p>x".repeat(200_000));
        assert!(matches!(check(&paragraphs), Err(Excess::Work { .. })));
        let stray = format!("{deep}{}", "</span>".repeat(150_000));
        assert!(matches!(check(&stray), Err(Excess::Work { .. })));
        let tables = format!(
            "{}{}",
            "<table><tr><td>".repeat(MAX_NESTING - 1),
            "<td>x".repeat(100_000)
        );
        assert!(matches!(check(&tables), Err(Excess::Work { .. })));
        // Ordinary markup costs about a step per byte.
        let ordinary = "<div class=a><p>一段<b>文字</b>。</p><ul><li><a href=x>链接</a></ul></div>";
        let html = ordinary.repeat(1000);
        let mut shape = Shape::new(html.len(), MAX_NESTING);
        crate::article::dom::Dom::parse_fragment_with(&html, &mut shape).unwrap();
        assert!(shape.work <= html.len(), "{} steps", shape.work);
    }

    #[test]
    fn comments_and_raw_text_hold_no_tags() {
        assert_eq!(check(&"<!--c-->".repeat(MAX_NESTING + 1)), Ok(()));
        assert_eq!(check(&"<!-- <div> -->".repeat(MAX_NESTING + 1)), Ok(()));
        let script = format!("<script>{}</script>", "a<n".repeat(MAX_NESTING + 1));
        assert_eq!(check(&script), Ok(()));
        let escaped = format!(
            "<script><!--<script>{}</script>--></script>",
            "<div>".repeat(MAX_NESTING + 1)
        );
        assert_eq!(check(&escaped), Ok(()));
        let style = format!("<STYLE>{}</style><p>x", "<div>".repeat(MAX_NESTING + 1));
        assert_eq!(check(&style), Ok(()));
        assert_eq!(check("<!DOCTYPE html><div>x</div>"), Ok(()));
    }

    #[test]
    fn limits_attributes_per_tag() {
        let attrs = |n: usize| {
            (0..n)
                .map(|i| format!("a{i}=\"v > {i}\""))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(
            check(&format!("<p {}>x</p>", attrs(MAX_ATTRIBUTES))),
            Ok(())
        );
        assert_eq!(
            check(&format!("x<p {}>x</p>", attrs(MAX_ATTRIBUTES + 1))),
            Err(Excess::Attributes { offset: 1 })
        );
        assert_eq!(
            check("<img src=a.png alt='a b c' data-x = 1 hidden/>"),
            Ok(())
        );
    }
}
