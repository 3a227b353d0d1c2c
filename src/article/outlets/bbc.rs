//! BBC News 中文: the generated React markup (`Figure-sc-…`,
//! `StyledByline-…`, `Copyright-sc-…`, ad containers) and the older
//! `story-body` markup (`media-landscape`, `story-image-copyright`,
//! `off-screen` labels). Section: `world-54506829` → `world`.

use crate::article::dom::ElementRef;

use super::{class_starts_with, generic_section, Outlet, Role};
use crate::article::Image;

pub struct Bbc;

/// Decorative images and promos that BBC places among the figures.
const DECORATIVE_ALTS: &[&str] = &[
    "Presentational grey line",
    "Presentational white space",
    "Around the BBC",
    "line",
];

impl Outlet for Bbc {
    fn name(&self) -> &'static str {
        "bbc"
    }

    fn hosts(&self) -> &'static [&'static str] {
        &["bbc.com", "bbc.co.uk", "bbci.co.uk"]
    }

    fn role(&self, element: ElementRef<'_>) -> Option<Role> {
        let e = element;
        if e.attr("data-e2e") == Some("advertisement")
            || class_starts_with(
                element,
                &[
                    "AdContainer",
                    "VisuallyHiddenText",
                    "off-screen",
                    "StyledTimestamp",
                ],
            )
        {
            return Some(Role::Skip);
        }
        if class_starts_with(element, &["StyledByline", "byline"]) {
            return Some(Role::Byline);
        }
        if e.name() == "li" && class_starts_with(element, &["Name"]) {
            return Some(Role::Reporter);
        }
        if class_starts_with(
            element,
            &[
                "Figure-",
                "media-landscape",
                "media-portrait",
                "media-with-caption",
            ],
        ) {
            return Some(Role::Figure);
        }
        if class_starts_with(element, &["Copyright", "story-image-copyright"]) {
            return Some(Role::Credit);
        }
        if class_starts_with(element, &["story-body__crosshead", "SubHeading"]) {
            return Some(Role::Subheading);
        }
        if e.name() == "ul"
            && class_starts_with(element, &["BulletedList"])
            && lists_only_links(element)
        {
            return Some(Role::Related);
        }
        None
    }

    fn section(&self, segments: &[String]) -> String {
        // The article segment carries the section: `world-54506829`, `chinese-news-1`.
        match segments.last() {
            Some(last) if last.contains('-') => last
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .trim_end_matches('-')
                .to_string(),
            _ => generic_section(segments),
        }
    }

    fn keep_image(&self, image: &Image) -> bool {
        !DECORATIVE_ALTS.contains(&image.alt.as_str()) && !image.src.contains("grey_line")
    }
}

/// A list whose every item is nothing but one link: BBC's related stories.
fn lists_only_links(list: ElementRef<'_>) -> bool {
    let mut items = list.children().filter(|c| c.name() == "li").peekable();
    items.peek().is_some()
        && items.all(|item| {
            let text: String = item.texts().collect();
            let linked: String = item
                .children()
                .filter(|c| c.name() == "a")
                .flat_map(|a| a.texts())
                .collect();
            !linked.trim().is_empty() && text.trim() == linked.trim()
        })
}
