//! The New York Times 中文网: `<address>` and `<time>` (generic rules), figures
//! with `<figcaption>…<cite>credit</cite>`, and a `<footer>` of author bios and
//! translation credits followed by an RSS block, neither of which is article text.

use crate::article::dom::ElementRef;
use html5ever::local_name;

use super::{Outlet, Role};

pub struct Nyt;

impl Outlet for Nyt {
    fn name(&self) -> &'static str {
        "nyt"
    }

    fn hosts(&self) -> &'static [&'static str] {
        &["nytimes.com", "nytimes.cn", "nytchina.com"]
    }

    fn role(&self, element: ElementRef<'_>) -> Option<Role> {
        let e = element;
        if matches!(*e.local_name(), local_name!("footer") | local_name!("hr")) {
            return Some(Role::Skip);
        }
        let rss = *e.local_name() == local_name!("div")
            && element
                .first_text()
                .is_some_and(|t| t.trim_start().starts_with("获取更多RSS"));
        rss.then_some(Role::Skip)
    }
}
