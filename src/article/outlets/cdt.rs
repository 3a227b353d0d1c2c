//! China Digital Times (WordPress): `wp-caption` figures, lazy-loaded images
//! (`data-src`, handled generically), AddToAny share bars and collapsible
//! `su-spoiler` titles.

use crate::article::dom::ElementRef;

use super::{class_starts_with, Outlet, Role};

pub struct Cdt;

impl Outlet for Cdt {
    fn name(&self) -> &'static str {
        "cdt"
    }

    fn hosts(&self) -> &'static [&'static str] {
        &["chinadigitaltimes.net"]
    }

    fn role(&self, element: ElementRef<'_>) -> Option<Role> {
        if class_starts_with(
            element,
            &[
                "addtoany",
                "a2a_",
                "su-spoiler-icon",
                "sharedaddy",
                "jp-relatedposts",
            ],
        ) {
            return Some(Role::Skip);
        }
        if class_starts_with(element, &["wp-caption-text"]) {
            return Some(Role::Caption);
        }
        if class_starts_with(element, &["wp-caption"]) {
            return Some(Role::Figure);
        }
        None
    }
}
