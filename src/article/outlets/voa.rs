//! Voice of America 中文: the archive's wrapper (`<div><i>author<br>date</i></div>`, then
//! `<div><small>caption</small></div>` after each image) is handled by the
//! generic rules; its URLs carry no section.

use super::Outlet;

pub struct Voa;

impl Outlet for Voa {
    fn name(&self) -> &'static str {
        "voa"
    }

    fn hosts(&self) -> &'static [&'static str] {
        &["voachinese.com", "voanews.com", "voacantonese.com"]
    }

    fn section(&self, _segments: &[String]) -> String {
        String::new()
    }
}
