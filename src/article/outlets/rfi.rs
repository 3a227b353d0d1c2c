//! Radio France Internationale 中文: hidden self-promotion blocks
//! (newsletter, app) sit between paragraphs; the dateline `<div>` that opens
//! the body is dropped by the generic rules.

use crate::article::dom::ElementRef;

use super::{class_starts_with, Outlet, Role};
use crate::article::Image;

pub struct Rfi;

impl Outlet for Rfi {
    fn name(&self) -> &'static str {
        "rfi"
    }

    fn hosts(&self) -> &'static [&'static str] {
        &["rfi.fr"]
    }

    fn role(&self, element: ElementRef<'_>) -> Option<Role> {
        class_starts_with(element, &["o-self-promo", "t-copyright"]).then_some(Role::Skip)
    }

    fn keep_image(&self, image: &Image) -> bool {
        // The site's social-card logo, not a photo.
        !image.src.contains("meta_og")
    }
}
