//! Radio Free Asia (Plone, 2020–2024): related-story lists of
//! `span.result-title` links, zoom icons beside captioned figures, and a
//! credit line (`记者… 责编… 网编…`) closing the body, which the default
//! [`Outlet::byline`] finds.

use crate::article::dom::ElementRef;
use html5ever::local_name;

use super::{Outlet, Role};
use crate::article::Image;

pub struct Rfa;

impl Outlet for Rfa {
    fn name(&self) -> &'static str {
        "rfa"
    }

    fn hosts(&self) -> &'static [&'static str] {
        &["rfa.org"]
    }

    fn role(&self, element: ElementRef<'_>) -> Option<Role> {
        let e = element;
        // Asked of every element; most have no attributes to look at.
        if e.has_attributes() {
            let has_class = |name: &str| e.classes().any(|c| c == name);
            if has_class("discreet")
                || has_class("searchresultdate")
                || e.id_attr() == Some("zoomattribute")
            {
                return Some(Role::Skip);
            }
            if has_class("result-title") {
                return Some(Role::Related);
            }
        }
        let lists_results = matches!(*e.local_name(), local_name!("ul") | local_name!("ol"))
            && element
                .descendants()
                .any(|d| d.classes().any(|c| c == "result-title"));
        lists_results.then_some(Role::Related)
    }

    fn keep_image(&self, image: &Image) -> bool {
        !image.src.contains("++plone++") && !image.src.contains("icon-zoom")
    }
}
