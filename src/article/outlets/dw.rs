//! Deutsche Welle 中文: the archive's wrapper (`<div><i>author<br>date</i></div>`, then
//! `<div><small>caption</small></div>` after each image) is handled by the
//! generic rules; its URLs carry no section.

use super::Outlet;

pub struct Dw;

impl Outlet for Dw {
    fn name(&self) -> &'static str {
        "dw"
    }

    fn hosts(&self) -> &'static [&'static str] {
        &["dw.com", "dw.de"]
    }

    fn section(&self, _segments: &[String]) -> String {
        String::new()
    }

    fn is_boilerplate(&self, paragraph: &str) -> bool {
        // `DW中文有Instagram！欢迎搜寻dw.chinese…` and similar channel promos.
        paragraph.starts_with("DW中文有") || paragraph.contains("dw.chinese")
    }
}
