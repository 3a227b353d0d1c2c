//! A linear scan of an article body's tags that rejects the shapes on which
//! the HTML5 tree builder would take quadratic time, before it runs: elements
//! nested too deep (every start tag walks the stack of open elements) and
//! start tags with too many attributes (each attribute is checked against the
//! ones before it for duplicates).
//!
//! Short of those limits, a body whose tags would together cost more than
//! [`MAX_WORK_PER_BYTE`] steps of the tree builder per byte is rejected too,
//! so that parsing time stays linear in the input's size whatever its shape.
//!
//! The scan follows the tree builder where that changes the depth: end tags
//! that close nothing open are ignored (they do not make the tree shallower),
//! comments and the contents of raw-text elements (`<script>`, `<style>`, ...)
//! hold no tags, and elements without end tags do not nest.

use rustc_hash::FxHashMap;

/// How deep elements may nest. Real articles stay under a hundred levels.
pub const MAX_NESTING: usize = 2_000;

/// How many attributes a start tag may carry. Real tags carry a few dozen.
pub const MAX_ATTRIBUTES: usize = 256;

/// How many steps of the tree builder's stack walks (one per open element
/// a tag passes) a body may cost per byte. Real articles cost about one.
pub const MAX_WORK_PER_BYTE: usize = 16;

/// The steps any body may cost, however short: enough for elements nested
/// to [`MAX_NESTING`] (about 2 million steps, a few milliseconds).
const MIN_WORK: usize = 1 << 22;

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

/// Elements that take no end tag, or whose end tag is optional and often
/// left out: they do not deepen the tree for this estimate.
fn is_flat(name: &[u8]) -> bool {
    const FLAT: &[&[u8]] = &[
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"source", b"track", b"wbr", b"p", b"li", b"dt", b"dd", b"option", b"tr", b"td", b"th",
    ];
    FLAT.iter().any(|f| f.eq_ignore_ascii_case(name))
}

/// Elements whose content is text up to their own end tag, never tags
/// (outside SVG and MathML).
fn is_raw_text(name: &[u8]) -> bool {
    const RAW: &[&[u8]] = &[
        b"script",
        b"style",
        b"textarea",
        b"title",
        b"xmp",
        b"iframe",
        b"noembed",
        b"noframes",
        b"noscript",
    ];
    RAW.iter().any(|r| r.eq_ignore_ascii_case(name))
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack.get(from..)?, needle).map(|p| from + p)
}

/// The offset after a comment whose text starts at `from`: the tokenizer
/// also ends one at `<!-->`, `<!--->` and `--!>`.
fn comment_end(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut at = from;
    while let Some(dashes) = find(bytes, at, b"--") {
        match &bytes[dashes + 2..] {
            [b'>', ..] => return dashes + 3,
            [b'!', b'>', ..] => return dashes + 4,
            _ => at = dashes + 1,
        }
    }
    bytes.len()
}

/// Whether `bytes[at..]` is `<name` or `</name` (per `closing`), ASCII case
/// ignored, followed by white space, `/` or `>` as the tokenizer requires.
fn is_tag_at(bytes: &[u8], at: usize, name: &[u8], closing: bool) -> bool {
    let open = if closing { &b"</"[..] } else { b"<" };
    let name_at = at + open.len();
    bytes[at..].starts_with(open)
        && bytes
            .get(name_at..name_at + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        && bytes
            .get(name_at + name.len())
            .is_some_and(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
}

/// The offset of the end tag of the raw-text element `name` whose content
/// starts at `from`, or the input's length. In `<script>`, `<!--` starts an
/// escaped run inside which a nested `<script>` hides the next `</script>`,
/// as the tokenizer's script data states have it.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    #[derive(PartialEq)]
    enum Script {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let script = name == b"script";
    let mut state = Script::Data;
    let mut i = from;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest[0] == b'<' {
            if is_tag_at(bytes, i, name, true) {
                match state {
                    Script::DoubleEscaped => state = Script::Escaped,
                    _ => return i,
                }
            } else if script && state == Script::Data && rest.starts_with(b"<!--") {
                // Past `<!` only: its dashes may also end the run (`<!-->`).
                state = Script::Escaped;
                i += 2;
                continue;
            } else if state == Script::Escaped && is_tag_at(bytes, i, name, false) {
                state = Script::DoubleEscaped;
            }
        } else if state != Script::Data && rest.starts_with(b"-->") {
            state = Script::Data;
        }
        i += 1;
    }
    bytes.len()
}

/// Where the tokenizer is inside a start tag, after its name.
#[derive(Clone, Copy)]
enum AttributeState {
    BeforeName,
    Name,
    AfterName,
    BeforeValue,
    Quoted(u8),
    Unquoted,
}

/// The end of a tag whose attributes start at `from` (the offset after its
/// `>`, or the input's length), and how many attributes it carries, following
/// the HTML tokenizer's states (quoted values may hold `>` and white space).
fn scan_attributes(bytes: &[u8], from: usize) -> (usize, usize) {
    use AttributeState::*;
    let mut attributes = 0;
    let mut state = BeforeName;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        let space = b.is_ascii_whitespace();
        state = match state {
            Quoted(q) if b == q => BeforeName,
            Quoted(q) => Quoted(q),
            _ if b == b'>' => return (i + 1, attributes),
            BeforeValue if b == b'"' || b == b'\'' => Quoted(b),
            BeforeValue if space => BeforeValue,
            BeforeValue | Unquoted if !space => Unquoted,
            Unquoted => BeforeName,
            Name | AfterName if b == b'=' => BeforeValue,
            Name if space => AfterName,
            _ if b == b'/' => BeforeName,
            Name => Name,
            BeforeName | AfterName if space => state,
            BeforeName | AfterName | BeforeValue => {
                attributes += 1;
                Name
            }
        };
    }
    (bytes.len(), attributes)
}

/// Checks `html` against [`MAX_NESTING`] and [`MAX_ATTRIBUTES`] in one pass
/// whose time is linear in its length.
///
/// ```
/// use zhtext::article::shape::{check, Excess, MAX_NESTING};
/// assert_eq!(check("<div><p>a</p></div>"), Ok(()));
/// // Stray end tags do not close the open <div>s.
/// let deep = "<div></span>".repeat(MAX_NESTING + 1);
/// assert_eq!(check(&deep), Err(Excess::Nesting { offset: MAX_NESTING * 12 }));
/// ```
pub fn check(html: &str) -> Result<(), Excess> {
    scan(html, MAX_NESTING).map(|_| ())
}

/// The scan behind [`check`], with the nesting limit as a parameter; returns
/// the deepest nesting it saw, an upper estimate of the tree's depth.
pub(crate) fn scan(html: &str, max_nesting: usize) -> Result<usize, Excess> {
    let bytes = html.as_bytes();
    let mut open = OpenElements::default();
    // The current tag's name, lowered, in one buffer for every tag.
    let mut name = Vec::new();
    let mut deepest = 0;
    let budget = MIN_WORK.max(bytes.len().saturating_mul(MAX_WORK_PER_BYTE));
    let mut work = 0usize;
    let mut i = 0;
    while let Some(lt) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'<'))
    {
        let start = i + lt;
        let rest = &bytes[start + 1..];
        if rest.starts_with(b"!--") {
            i = comment_end(bytes, start + 4);
            continue;
        }
        if rest.first().is_some_and(|&b| b == b'!' || b == b'?') {
            // A doctype or bogus comment: up to the next `>`.
            i = find(bytes, start, b">").map_or(bytes.len(), |p| p + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            // Not a tag: the tokenizer reads `<` as text.
            i = name_start;
            continue;
        }
        name.clear();
        name.extend(
            bytes[name_start..name_start + name_len]
                .iter()
                .map(u8::to_ascii_lowercase),
        );
        let (tag_end, attributes) = scan_attributes(bytes, name_start + name_len);
        i = tag_end;
        if !closing && attributes > MAX_ATTRIBUTES {
            return Err(Excess::Attributes { offset: start });
        }
        // Each tag walks the stack of open elements; each attribute is
        // compared with those before it.
        let attribute_pairs = attributes.saturating_mul(attributes.saturating_sub(1)) / 2;
        work = work
            .saturating_add(open.depth())
            .saturating_add(attribute_pairs.saturating_mul(ATTRIBUTE_PAIR_WORK));
        if work > budget {
            return Err(Excess::Work { offset: start });
        }
        if closing {
            open.close(&name);
            continue;
        }
        if is_raw_text(&name) && !open.in_foreign_content() {
            i = raw_text_end(bytes, i, &name);
            continue;
        }
        let self_closing = tag_end >= 2 && bytes[tag_end - 2] == b'/';
        if is_flat(&name) || self_closing {
            continue;
        }
        if open.depth() == max_nesting {
            return Err(Excess::Nesting { offset: start });
        }
        open.push(&name);
        deepest = deepest.max(open.depth());
    }
    Ok(deepest)
}

/// Formatting elements, whose misnested end tags the tree builder answers
/// with the adoption agency: the element leaves the stack, but the elements
/// opened inside it may stay.
fn is_formatting(name: &[u8]) -> bool {
    const FORMATTING: &[&[u8]] = &[
        b"a", b"b", b"big", b"code", b"em", b"font", b"i", b"nobr", b"s", b"small", b"strike",
        b"strong", b"tt", b"u",
    ];
    FORMATTING.contains(&name)
}

/// The elements the scan takes to be open, innermost last, and how many of
/// each name are open, so that an end tag learns in O(1) whether it closes
/// anything.
#[derive(Default)]
struct OpenElements {
    stack: Vec<Vec<u8>>,
    count: FxHashMap<Vec<u8>, usize>,
}

impl OpenElements {
    fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Inside `<svg>` or `<math>`, where `<script>` and `<style>` hold elements.
    fn in_foreign_content(&self) -> bool {
        [&b"svg"[..], b"math"]
            .iter()
            .any(|name| self.count.get(*name).is_some_and(|&c| c > 0))
    }

    fn push(&mut self, name: &[u8]) {
        match self.count.get_mut(name) {
            Some(count) => *count += 1,
            None => {
                self.count.insert(name.to_vec(), 1);
            }
        }
        self.stack.push(name.to_vec());
    }

    /// An end tag that matches nothing open is ignored. A formatting
    /// element's end tag takes at least that element off; any other closes
    /// the innermost open element of its name and everything opened inside.
    fn close(&mut self, name: &[u8]) {
        let Some(count) = self.count.get_mut(name).filter(|c| **c > 0) else {
            return;
        };
        if is_formatting(name) {
            *count -= 1;
            let at = self.stack.iter().rposition(|open| open == name);
            self.stack
                .remove(at.expect("a counted name is on the stack"));
            return;
        }
        while let Some(top) = self.stack.pop() {
            *self
                .count
                .get_mut(&top)
                .expect("every open name is counted") -= 1;
            if top == name {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nesting_as_the_tree_builder_does() {
        assert_eq!(check("<div><p>a<br><img src=x><div>b</div></div>"), Ok(()));
        assert_eq!(check(&"<p>x".repeat(5000)), Ok(()));
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
        assert_eq!(check(&"<div><b><i>x</div>".repeat(5000)), Ok(()));
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
    fn bounds_the_work_of_deep_nesting_met_by_many_tags() {
        let deep = "<div>".repeat(MAX_NESTING - 1);
        let paragraphs = format!("{deep}{}", "<p>x".repeat(200_000));
        assert!(matches!(check(&paragraphs), Err(Excess::Work { .. })));
        let stray = format!("{deep}{}", "</span>".repeat(150_000));
        assert!(matches!(check(&stray), Err(Excess::Work { .. })));
        let tables = "<table><tr><td>".repeat(1_900);
        assert!(matches!(check(&tables), Err(Excess::Work { .. })));
        // Ordinary markup costs about a step per byte.
        let ordinary = "<div class=a><p>一段<b>文字</b>。</p><ul><li><a href=x>链接</a></ul></div>";
        assert_eq!(check(&ordinary.repeat(20_000)), Ok(()));
    }

    #[test]
    fn comments_and_raw_text_hold_no_tags() {
        assert_eq!(check(&"<!--c-->".repeat(MAX_NESTING + 1)), Ok(()));
        assert_eq!(check(&"<!-- <div> -->".repeat(MAX_NESTING + 1)), Ok(()));
        let script = format!("<script>{}</script>", "a<n".repeat(MAX_NESTING + 1));
        assert_eq!(check(&script), Ok(()));
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
