//! One pass over the HTML5 tree of an article body. Text is routed to the
//! innermost open *capture* (a figure, caption, credit, byline, related list,
//! tweet or subheading) or else to the current paragraph; block elements and
//! `<br>` end paragraphs. The traversal is iterative, so deeply nested input
//! cannot overflow the stack.

use html5ever::{local_name, LocalName};
use url::Url;

use super::byline::{is_date_like, BylineParts};
use super::dom::{is_blank, Dom, Edge, ElementRef, NodeId};
use super::outlets::{is_lead_italic, Outlet, Role};
use super::shape::Excess;
use super::text::{clean_inline, TextBuf};
use super::{Article, Embed, Image, Link};

/// Elements that end a paragraph where they open and where they close
/// (atoms: a comparison of two words each).
fn is_block(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("p")
            | local_name!("div")
            | local_name!("section")
            | local_name!("article")
            | local_name!("main")
            | local_name!("header")
            | local_name!("footer")
            | local_name!("blockquote")
            | local_name!("ul")
            | local_name!("ol")
            | local_name!("li")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("table")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("pre")
            | local_name!("figure")
            | local_name!("figcaption")
            | local_name!("address")
            | local_name!("hr")
            | local_name!("center")
    )
}

/// Roles every outlet shares; an outlet's own rules are asked first.
fn generic_role(e: ElementRef<'_>, in_figure: bool) -> Option<Role> {
    match *e.local_name() {
        local_name!("script")
        | local_name!("style")
        | local_name!("noscript")
        | local_name!("template")
        | local_name!("svg")
        | local_name!("button")
        | local_name!("form")
        | local_name!("nav")
        | local_name!("aside")
        | local_name!("input")
        | local_name!("select")
        | local_name!("textarea")
        | local_name!("time")
        | local_name!("head")
        | local_name!("title") => Some(Role::Skip),
        local_name!("figure") => Some(Role::Figure),
        local_name!("figcaption") => Some(Role::Caption),
        local_name!("cite") if in_figure => Some(Role::Credit),
        local_name!("h1")
        | local_name!("h2")
        | local_name!("h3")
        | local_name!("h4")
        | local_name!("h5")
        | local_name!("h6") => Some(Role::Subheading),
        local_name!("address") => Some(Role::Byline),
        // The archive's own wrapper: `<div><i>author<br>date</i></div>` opens
        // the body, `<div><small>caption</small></div>` follows an image.
        local_name!("i") if is_lead_italic(e) => Some(Role::Byline),
        local_name!("small") if is_only_child_of_div(e) => Some(Role::Caption),
        local_name!("blockquote") if e.classes().any(|c| c == "twitter-tweet") => Some(Role::Tweet),
        local_name!("blockquote")
            if e.classes()
                .any(|c| c == "instagram-media" || c == "tiktok-embed") =>
        {
            Some(Role::Skip)
        }
        // Without attributes, no rule below applies.
        _ if !e.has_attributes() => None,
        _ => {
            if e.attr("aria-hidden") == Some("true") || e.attr("hidden").is_some() {
                return Some(Role::Skip);
            }
            if e.classes().any(|c| {
                c.starts_with("share")
                    || c.starts_with("social")
                    || c.contains("advert")
                    || c == "ad"
            }) {
                return Some(Role::Skip);
            }
            None
        }
    }
}

/// An open capture: the element that opened it and what it has collected.
struct Capture {
    node: NodeId,
    role: Role,
    buf: TextBuf,
    lines: Vec<String>,
    /// Reporter names marked by the outlet inside a byline.
    reporters: Vec<String>,
    /// Images added while this figure was open start here.
    first_image: usize,
    credit: String,
    caption_lines: Vec<String>,
    /// Links opened inside this capture: (node, byte offset in `buf`, url).
    links: Vec<Link>,
}

impl Capture {
    fn new(node: NodeId, role: Role, first_image: usize) -> Self {
        Capture {
            node,
            role,
            buf: TextBuf::default(),
            lines: Vec::new(),
            reporters: Vec::new(),
            first_image,
            credit: String::new(),
            caption_lines: Vec::new(),
            links: Vec::new(),
        }
    }

    fn end_line(&mut self) {
        let line = self.buf.take();
        if !line.is_empty() {
            self.lines.push(line);
        }
    }

    fn text(mut self) -> (String, Self) {
        self.end_line();
        (self.lines.join(" "), self)
    }
}

struct Walker<'a> {
    outlet: &'a dyn Outlet,
    base: Option<&'a Url>,
    /// The article being filled: the body's fields (the caller adds the header's).
    body: Article,
    paragraph: TextBuf,
    /// Bytes of `paragraph` written inside `<b>`/`<strong>`.
    bold_bytes: usize,
    bold_depth: usize,
    captures: Vec<Capture>,
    /// How many of `captures` are figures (asked at every element: a count,
    /// not a search of the captures, however deep they nest).
    open_figures: usize,
    /// Open links: (node, where their text starts in the paragraph or capture buffer, url).
    open_links: Vec<(NodeId, usize, String)>,
    skipping: Option<NodeId>,
    byline_parts: BylineParts,
    /// The last image still waiting for a caption given after it (`<img><small>caption</small>`).
    image_awaiting_caption: Option<usize>,
}

/// Parse `html` and sort its content into an article's body fields
/// (paragraphs, subheadings, images, links, related, embeds, byline). `base`
/// makes image and link URLs absolute. A body whose shape exceeds a limit
/// of [`super::shape`] is refused.
pub fn extract(html: &str, outlet: &dyn Outlet, base: Option<&Url>) -> Result<Article, Excess> {
    Ok(extract_from(&Dom::parse_fragment(html)?, outlet, base))
}

/// [`extract`] from a tree already built.
pub(crate) fn extract_from(document: &Dom, outlet: &dyn Outlet, base: Option<&Url>) -> Article {
    let mut walker = Walker {
        outlet,
        base,
        body: Article::default(),
        paragraph: TextBuf::default(),
        bold_bytes: 0,
        bold_depth: 0,
        captures: Vec::new(),
        open_figures: 0,
        open_links: Vec::new(),
        skipping: None,
        image_awaiting_caption: None,
        byline_parts: BylineParts::default(),
    };
    for edge in document.traverse_all() {
        match edge {
            Edge::Open(node) => walker.open(document, node),
            Edge::Close(node) => walker.close(document, node),
        }
    }
    walker.end_paragraph();
    let Walker {
        outlet,
        mut body,
        byline_parts,
        ..
    } = walker;
    body.byline = outlet.byline(byline_parts, &mut body.paragraphs);
    body.images.retain(|image| outlet.keep_image(image));
    for image in &mut body.images {
        if image.credit.is_empty() {
            image.credit = credit_in_caption(&image.caption).unwrap_or_default();
        }
    }
    body
}

impl Walker<'_> {
    fn open(&mut self, dom: &Dom, node: NodeId) {
        if self.skipping.is_some() {
            return;
        }
        if let Some(text) = dom.text(node) {
            self.push_text(text);
            return;
        }
        let Some(el) = dom.element(node) else {
            return;
        };
        let role = self
            .outlet
            .role(el)
            .or_else(|| generic_role(el, self.open_figures > 0));
        if role == Some(Role::Skip) {
            self.skipping = Some(node);
            return;
        }
        let name = el.local_name();
        if is_block(name) {
            self.end_line();
        }
        match *name {
            local_name!("br") => self.end_line(),
            local_name!("b") | local_name!("strong") => self.bold_depth += 1,
            local_name!("img") => self.image(el),
            local_name!("iframe")
            | local_name!("video")
            | local_name!("source")
            | local_name!("embed") => self.media(el),
            local_name!("a") => {
                if let Some(url) = el.attr("href").and_then(|h| self.absolute(h)) {
                    let start = self
                        .captures
                        .last()
                        .map_or(self.paragraph.len(), |c| c.buf.len());
                    self.open_links.push((node, start, url));
                }
            }
            _ => {}
        }
        if let Some(role) = role {
            self.end_line();
            let first_image = self.body.images.len();
            self.open_figures += usize::from(role == Role::Figure);
            self.captures.push(Capture::new(node, role, first_image));
        }
    }

    fn close(&mut self, dom: &Dom, node: NodeId) {
        if let Some(skipped) = self.skipping {
            if skipped == node {
                self.skipping = None;
            }
            return;
        }
        let Some(element) = dom.element(node) else {
            return;
        };
        let name = element.local_name();
        if *name == local_name!("a") {
            self.close_link(node);
        }
        if matches!(*name, local_name!("b") | local_name!("strong")) {
            self.bold_depth = self.bold_depth.saturating_sub(1);
        }
        if is_block(name) {
            self.end_line();
        }
        if self.captures.last().is_some_and(|c| c.node == node) {
            let capture = self.captures.pop().expect("checked above");
            self.open_figures -= usize::from(capture.role == Role::Figure);
            self.finish_capture(capture);
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(capture) = self.captures.last_mut() {
            capture.buf.push(text);
            return;
        }
        let before = self.paragraph.len();
        self.paragraph.push(text);
        if self.bold_depth > 0 {
            self.bold_bytes += self.paragraph.len() - before;
        }
        if self.image_awaiting_caption.is_some() && !is_blank(text) {
            self.image_awaiting_caption = None;
        }
    }

    /// A line break: the paragraph ends, or the capture's current line does.
    fn end_line(&mut self) {
        match self.captures.last_mut() {
            Some(capture) => capture.end_line(),
            None => self.end_paragraph(),
        }
    }

    fn end_paragraph(&mut self) {
        let total = self.paragraph.len();
        let bold = std::mem::take(&mut self.bold_bytes);
        let text = self.paragraph.take();
        if text.is_empty() || is_artefact(&text) || self.outlet.is_boilerplate(&text) {
            return;
        }
        if bold * 10 >= total * 9 && looks_like_subheading(&text) {
            self.body.subheadings.push(text);
        } else {
            self.body.paragraphs.push(text);
        }
    }

    fn absolute(&self, href: &str) -> Option<String> {
        let href = href.trim();
        if href.is_empty()
            || href.starts_with('#')
            || href.starts_with("javascript:")
            || href.starts_with("data:")
        {
            return None;
        }
        match self.base {
            Some(base) => base.join(href).ok().map(String::from),
            None => Url::parse(href).ok().map(String::from),
        }
    }

    fn image(&mut self, e: ElementRef<'_>) {
        let src = [e.attr("data-src"), e.attr("src"), e.attr("data-original")]
            .into_iter()
            .flatten()
            .find(|s| !s.trim().is_empty() && !s.starts_with("data:"));
        let Some(src) = src.and_then(|s| self.absolute(s)) else {
            return;
        };
        self.body.images.push(Image {
            src,
            alt: clean_inline(e.attr("alt").unwrap_or_default()),
            ..Image::default()
        });
        if self.open_figures == 0 {
            self.image_awaiting_caption = Some(self.body.images.len() - 1);
        }
    }

    fn media(&mut self, e: ElementRef<'_>) {
        let Some(url) = e
            .attr("src")
            .or_else(|| e.attr("data-src"))
            .and_then(|s| self.absolute(s))
        else {
            return;
        };
        let kind = if e.name() == "iframe" || e.name() == "embed" {
            "iframe"
        } else {
            "video"
        };
        self.body.embeds.push(Embed {
            kind: kind.to_string(),
            url,
            ..Embed::default()
        });
    }

    fn close_link(&mut self, node: NodeId) {
        let Some(position) = self.open_links.iter().rposition(|(id, ..)| *id == node) else {
            return;
        };
        let (_, start, url) = self.open_links.remove(position);
        let buf = match self.captures.last_mut() {
            Some(capture) => &capture.buf,
            None => &self.paragraph,
        };
        let text = buf
            .as_str()
            .get(start..)
            .map(clean_inline)
            .unwrap_or_default();
        if text.is_empty() && !matches!(self.captures.last().map(|c| c.role), Some(Role::Tweet)) {
            return;
        }
        let link = Link { text, url };
        match self.captures.last_mut() {
            Some(capture) => capture.links.push(link),
            None => self.body.links.push(link),
        }
    }

    fn finish_capture(&mut self, capture: Capture) {
        match capture.role {
            Role::Skip => {}
            Role::Figure => {
                let (text, capture) = capture.text();
                let mut caption_lines = capture.caption_lines;
                if !text.is_empty() {
                    caption_lines.push(text);
                }
                let caption = caption_lines.join(" ");
                for image in &mut self.body.images[capture.first_image..] {
                    if image.caption.is_empty() {
                        image.caption.clone_from(&caption);
                    }
                    if image.credit.is_empty() {
                        image.credit.clone_from(&capture.credit);
                    }
                }
                self.image_awaiting_caption = None;
            }
            Role::Caption | Role::Credit => {
                let role = capture.role;
                let (text, _) = capture.text();
                if text.is_empty() {
                    return;
                }
                if let Some(figure) = self
                    .captures
                    .iter_mut()
                    .rev()
                    .find(|c| c.role == Role::Figure)
                {
                    if role == Role::Credit {
                        figure.credit = text;
                    } else {
                        figure.caption_lines.push(text);
                    }
                } else if let Some(image) = self
                    .image_awaiting_caption
                    .and_then(|i| self.body.images.get_mut(i))
                {
                    let slot = if role == Role::Credit {
                        &mut image.credit
                    } else {
                        &mut image.caption
                    };
                    if slot.is_empty() {
                        *slot = text;
                    }
                }
            }
            Role::Subheading => {
                let (text, _) = capture.text();
                if !text.is_empty() {
                    self.body.subheadings.push(text);
                }
            }
            Role::Related => {
                let (_, capture) = capture.text();
                self.body
                    .related
                    .extend(capture.links.into_iter().filter(|l| !l.text.is_empty()));
            }
            Role::Reporter => {
                let (text, _) = capture.text();
                match self
                    .captures
                    .iter_mut()
                    .rev()
                    .find(|c| c.role == Role::Byline)
                {
                    Some(byline) => {
                        byline.lines.push(text.clone());
                        byline.reporters.push(text);
                    }
                    None => {
                        self.byline_parts.lines.push(text.clone());
                        self.byline_parts.reporters.push(text);
                    }
                }
            }
            Role::Byline => {
                let mut capture = capture;
                capture.end_line();
                self.byline_parts.lines.extend(capture.lines);
                self.byline_parts.reporters.extend(capture.reporters);
            }
            Role::Tweet => {
                let mut capture = capture;
                capture.end_line();
                if !capture.lines.is_empty() || !capture.links.is_empty() {
                    self.body.embeds.push(tweet(capture.lines, &capture.links));
                }
            }
        }
    }
}

/// Lines that are never article text: a lone date (the archive's dateline
/// wrappers), a copyright notice (`©2025年德国之声版权声明…`), a bare feed URL
/// or the archive's `获取更多RSS` footer, a news-agency credit line
/// (`（路透社、美联社）`, `（本文参考了法新社的报道。）`), or a template's `Array`.
fn is_artefact(text: &str) -> bool {
    text == "Array"
        || text.starts_with('©')
        || text.starts_with("获取更多RSS")
        || (text.starts_with("http") && !text.contains(char::is_whitespace))
        || is_agency_credit(text)
        || is_date_like(text)
}

fn is_agency_credit(text: &str) -> bool {
    let Some(inner) = text.strip_prefix('（').and_then(|t| t.strip_suffix('）')) else {
        return false;
    };
    inner.chars().count() <= 30
        && !inner.contains(['（', '）'])
        && (inner.contains('社') || inner.contains("报道"))
}

/// `<div><small>…</small></div>`.
fn is_only_child_of_div(el: ElementRef<'_>) -> bool {
    el.parent()
        .is_some_and(|div| *div.local_name() == local_name!("div") && div.children_count() == 1)
}

/// The credit inside a caption's closing parentheses: `……（美联社）` → `美联社`,
/// `（视频会议截图/记者柳飞提供）` → `视频会议截图/记者柳飞提供`; a date there is not a credit.
fn credit_in_caption(caption: &str) -> Option<String> {
    let (open, close) = if caption.ends_with('）') {
        ('（', '）')
    } else {
        ('(', ')')
    };
    let inner = caption.strip_suffix(close)?;
    let start = inner.rfind(open)?;
    let credit = inner[start + open.len_utf8()..].trim();
    let has_digits = credit.chars().any(|c| c.is_ascii_digit());
    (!credit.is_empty() && !has_digits && credit.chars().count() <= 30).then(|| credit.to_string())
}

/// Short, not a sentence: a bold line that heads a section.
fn looks_like_subheading(text: &str) -> bool {
    let n = text.chars().count();
    n <= 40 && !text.ends_with(['。', '！', '？', '；', '：', '，', '…', '.', ',', ':', ';'])
}

/// A Twitter embed: text lines, then `— Author (@handle) <a>date</a>`.
fn tweet(lines: Vec<String>, links: &[Link]) -> Embed {
    let mut embed = Embed {
        kind: "tweet".to_string(),
        ..Embed::default()
    };
    let mut text = Vec::new();
    for line in lines {
        let Some(credit) = line
            .strip_prefix('—')
            .or_else(|| line.strip_prefix("&mdash;"))
        else {
            text.push(line);
            continue;
        };
        let credit = credit.trim();
        match credit.find("(@") {
            Some(open) => {
                embed.author = credit[..open].trim().to_string();
                let after = &credit[open + 1..];
                let close = after.find(')').unwrap_or(after.len());
                embed.handle = after[..close].trim().to_string();
                embed.date = after
                    .get(close + 1..)
                    .unwrap_or_default()
                    .trim()
                    .to_string();
            }
            None => embed.author = credit.to_string(),
        }
    }
    embed.text = text.join("\n");
    if let Some(status) = links.iter().rev().find(|l| l.url.contains("/status/")) {
        embed.url.clone_from(&status.url);
        if embed.date.is_empty() {
            embed.date.clone_from(&status.text);
        }
    }
    embed
}
