//! What differs per outlet, behind one small trait. Adding an outlet is one
//! file here plus one line in [`OUTLETS`]; unknown hosts use [`Generic`].

mod bbc;
mod cdt;
mod dw;
mod nyt;
mod rfa;
mod rfi;
mod voa;

use crate::article::dom::ElementRef;
use html5ever::local_name;
use url::Url;

use super::byline::{self, Byline, BylineParts};
use super::Image;

/// What an element is to the extractor; elements without a role are plain
/// content (their text goes to paragraphs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Not article content: scripts, ads, share and zoom buttons, hidden text.
    Skip,
    /// An image container: its text is the caption, except [`Role::Credit`].
    Figure,
    /// Caption of the enclosing figure, or of the image just before it.
    Caption,
    /// Photo credit (美联社, Getty Images, …).
    Credit,
    /// A related-stories list: its links go to `related`.
    Related,
    /// A tweet embed.
    Tweet,
    /// A byline block; its lines go to [`Outlet::byline`].
    Byline,
    /// One reporter's name inside a byline block.
    Reporter,
    /// A subheading.
    Subheading,
}

/// An outlet's rules. Every method has the generic behaviour as its default.
pub trait Outlet: Sync {
    /// The short name used in the `outlet` column (`rfa`, `bbc`, …).
    fn name(&self) -> &'static str;

    /// Host names (or their suffixes) the outlet publishes under.
    fn hosts(&self) -> &'static [&'static str];

    /// The role of an element, if the outlet treats it specially; `None`
    /// defers to the generic rules.
    fn role(&self, _element: ElementRef<'_>) -> Option<Role> {
        None
    }

    /// The section from the URL's path segments (the article's own segment last).
    fn section(&self, segments: &[String]) -> String {
        generic_section(segments)
    }

    /// The byline from byline elements, or from a credit line that the
    /// outlet writes into the body (which is then removed from `paragraphs`).
    fn byline(&self, parts: BylineParts, paragraphs: &mut Vec<String>) -> Byline {
        if parts.lines.is_empty() && parts.reporters.is_empty() {
            return byline::take_credit_line(paragraphs).unwrap_or_default();
        }
        byline::from_parts(parts)
    }

    /// Whether a paragraph is the outlet's boilerplate (a promo, a standing
    /// notice) rather than article text.
    fn is_boilerplate(&self, _paragraph: &str) -> bool {
        false
    }

    /// Whether an image is part of the article (not an icon or a promo).
    fn keep_image(&self, _image: &Image) -> bool {
        true
    }
}

/// Unknown outlets: the generic rules only.
pub struct Generic;

impl Outlet for Generic {
    fn name(&self) -> &'static str {
        "generic"
    }

    fn hosts(&self) -> &'static [&'static str] {
        &[]
    }
}

static OUTLETS: &[&dyn Outlet] = &[
    &rfa::Rfa,
    &bbc::Bbc,
    &voa::Voa,
    &dw::Dw,
    &rfi::Rfi,
    &nyt::Nyt,
    &cdt::Cdt,
];

/// The outlet whose hosts match `url`'s host, else [`Generic`].
pub fn for_url(url: &str) -> &'static dyn Outlet {
    let host = Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default();
    OUTLETS
        .iter()
        .copied()
        .find(|outlet| {
            outlet
                .hosts()
                .iter()
                .any(|h| host == *h || host.ends_with(&format!(".{h}")))
        })
        .unwrap_or(&Generic)
}

/// A short outlet name for an unknown host: its registrable label
/// (`www.example.co.uk` → `example`).
pub fn host_label(host: &str) -> String {
    let labels: Vec<&str> = host
        .split('.')
        .filter(|l| !l.is_empty() && *l != "www")
        .collect();
    const SECOND_LEVEL: &[&str] = &["co", "com", "org", "net", "gov", "edu", "ac"];
    let n = labels.len();
    let label = match n {
        0 => "",
        1 => labels[0],
        _ if n >= 3 && SECOND_LEVEL.contains(&labels[n - 2]) => labels[n - 3],
        _ => labels[n - 2],
    };
    label.to_ascii_lowercase()
}

/// The URL's path segments, percent-decoded, empty ones dropped.
pub fn path_segments(url: &Url) -> Vec<String> {
    url.path_segments()
        .map(|segments| {
            segments
                .filter(|s| !s.is_empty())
                .map(|s| {
                    percent_encoding::percent_decode_str(s)
                        .decode_utf8_lossy()
                        .into_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Language and edition prefixes that are not sections.
const NOT_SECTIONS: &[&str] = &[
    "mandarin",
    "cantonese",
    "zhongwen",
    "simp",
    "trad",
    "zh",
    "zh-cn",
    "zh-hans",
    "zh-hant",
    "cn",
    "chinese",
    "a",
    "ukchina",
    "articles",
];

/// The path without the article's own segment, language prefixes and dates.
pub fn generic_section(segments: &[String]) -> String {
    let Some((_, folders)) = segments.split_last() else {
        return String::new();
    };
    folders
        .iter()
        .filter(|s| !NOT_SECTIONS.contains(&s.to_ascii_lowercase().as_str()))
        .filter(|s| !s.chars().all(|c| c.is_ascii_digit() || c == '-'))
        .cloned()
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether any class of the element starts with one of `prefixes`
/// (generated class names such as `Figure-sc-6a3dhy-0`).
pub(crate) fn class_starts_with(element: ElementRef<'_>, prefixes: &[&str]) -> bool {
    element
        .classes()
        .any(|c| prefixes.iter().any(|p| c.starts_with(p)))
}

/// The archive's lead `<div><i>author<br>date</i></div>`: an `<i>` that is
/// the only element of a top-level `<div>`.
pub fn is_lead_italic(element: ElementRef<'_>) -> bool {
    if *element.local_name() != local_name!("i") {
        return false;
    }
    let Some(div) = element.parent() else {
        return false;
    };
    let top_level = div
        .parent()
        .is_some_and(|p| *p.local_name() == local_name!("html"));
    *div.local_name() == local_name!("div") && top_level && div.children_count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_hosts_to_outlets() {
        assert_eq!(for_url("https://www.rfa.org/mandarin/x.html").name(), "rfa");
        assert_eq!(
            for_url("http://www.bbc.com/zhongwen/simp/world-1").name(),
            "bbc"
        );
        assert_eq!(
            for_url("https://www.voachinese.com/a/x/1.html").name(),
            "voa"
        );
        assert_eq!(for_url("https://cn.nytimes.com/opinion/1/x/").name(), "nyt");
        assert_eq!(for_url("https://example.org/x").name(), "generic");
        assert_eq!(for_url("not a url").name(), "generic");
        assert_eq!(host_label("www.example.co.uk"), "example");
        assert_eq!(host_label("news.ltn.com.tw"), "ltn");
    }

    #[test]
    fn sections_come_from_folders() {
        let url = Url::parse(
            "https://www.rfa.org/mandarin/yataibaodao/junshiwaijiao/hcm2-06072022083340.html",
        )
        .unwrap();
        assert_eq!(
            rfa::Rfa.section(&path_segments(&url)),
            "yataibaodao/junshiwaijiao"
        );
        let url =
            Url::parse("https://www.rfi.fr/cn/%E4%B8%93%E6%A0%8F/%E8%A6%81%E9%97%BB/20230102-x")
                .unwrap();
        assert_eq!(generic_section(&path_segments(&url)), "专栏/要闻");
    }
}
