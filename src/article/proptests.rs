//! Property tests, also the fuzzing harness: any bytes, any tag soup and any
//! mutation of a real archive file parse to an article or an error, never a
//! panic; a parsed article's text holds only non-empty, trimmed paragraphs.
//!
//! The default run is short; a long fuzzing run sets the case count:
//! `PROPTEST_CASES=2000000 cargo test --release --lib article::proptests`.
//! Failures proptest finds are kept in `proptest-regressions/` and replayed
//! by every later run.

use proptest::prelude::*;

use super::{parse_article, parse_bytes, EncodingErrors};

const HEADER: &str =
    "<!--1654614058000-->\n[标题](https://www.rfa.org/mandarin/yataibaodao/a-1.html)\n------\n\n";

/// Real bodies from every outlet's markup, for mutation.
const BODIES: &[&str] = &[
    r#"<p></p><p>中国外长王毅结束访问后，<a href="/x">赴哈萨克斯坦</a>。</p><ul><li><span class="result-title"><a href="https://www.rfa.org/a.html"><strong>王毅到访</strong></a></span></li></ul><p><figure class="image-richtext"><img alt="王毅（美联社）" src="/a.jpg"/><figcaption class="image-caption">王毅（美联社）</figcaption><div id="zoomattribute"><a href="x"><img src="/++plone++rfa-resources/img/icon-zoom.png"/></a></div></figure></p><blockquote class="twitter-tweet"><p>text<br/>more</p>— MFA (@MFA_KZ) <a href="https://twitter.com/MFA_KZ/status/1">May 27, 2022</a></blockquote><p>自由亚洲电台记者黄春梅 台北报道 责编 许书婷 网编 瑞哲</p>"#,
    r#"<main><div class="StyledByline-uounnc-2"><ul><li class="Name-sc-1">保罗</li><li class="Title-sc">BBC记者</li></ul></div><div class="Figure-sc-6a3dhy-0"><img alt="a" src="x.jpg"/><p class="Copyright-sc"><span class="VisuallyHiddenText-sc">图像来源，</span><span>Reuters</span></p><p>说明</p></div><section data-e2e="advertisement"><div></div></section><p class="Paragraph">正文</p></main>"#,
    r#"<div><i>Thomas Latschan<br>2025-02-15T08:03:55.243Z</i></div><img src="https://x/y.jpg" width="100%"><div><small style="color: #999;">说明</small></div><p>（德国之声中文网）正文<br /><br />第二段</p><p>©2025年德国之声版权声明</p>"#,
    r#"<address>DAVID</address><time>2025年</time><figure><img src="a.jpg"><figcaption>说明 <cite>Credit</cite></figcaption></figure><section><p>正文</p></section><footer><p>翻译</p></footer>"#,
];

/// Tag soup: fragments of markup and text in any order, unbalanced.
fn tag_soup() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[\u{4E00}-\u{9FD5}，。：（）]{1,8}",
        "[a-zA-Z0-9 <>/=\"'&;#-]{1,8}",
        Just("<p>".to_owned()),
        Just("</p>".to_owned()),
        Just("<div>".to_owned()),
        Just("</div>".to_owned()),
        Just("<br/>".to_owned()),
        Just("<div/>".to_owned()),
        Just("<svg/>".to_owned()),
        Just("<path/>".to_owned()),
        Just("<figure><img src=\"a.jpg\">".to_owned()),
        Just("<figcaption>".to_owned()),
        Just("</figure>".to_owned()),
        Just("<blockquote class=\"twitter-tweet\">".to_owned()),
        Just("<ul><li><span class=\"result-title\"><a href=\"x\">".to_owned()),
        Just("<i>".to_owned()),
        Just("<small>".to_owned()),
        Just("<b>".to_owned()),
        Just("<table><tr><td>".to_owned()),
        Just("<svg><math>".to_owned()),
        Just("<!--".to_owned()),
        Just("-->".to_owned()),
        Just("<!-->".to_owned()),
        Just("--!>".to_owned()),
        Just("<![CDATA[".to_owned()),
        Just("]]>".to_owned()),
        Just("<textarea>".to_owned()),
        Just("</textarea>".to_owned()),
        Just("<plaintext>".to_owned()),
        Just("</b>".to_owned()),
        Just("</i>".to_owned()),
        Just("<span>".to_owned()),
        Just("<template>".to_owned()),
        Just("</template>".to_owned()),
        Just("<ol><li>".to_owned()),
        Just("<ul class=\"BulletedList\"><li><a href=\"y\">".to_owned()),
        Just("<div><i>".to_owned()),
        Just("<div><small>".to_owned()),
        Just("<caption>".to_owned()),
        Just("<table><caption>".to_owned()),
        Just("<colgroup><col>".to_owned()),
        Just("<form><input name=q>".to_owned()),
        Just("<button>".to_owned()),
        Just("<nobr>".to_owned()),
        Just("<object>".to_owned()),
        Just("<ruby><rt>".to_owned()),
        Just("<html lang=zh><body class=x>".to_owned()),
        Just("<svg><foreignObject>".to_owned()),
        Just("<select><option>".to_owned()),
        Just("<a href=\"z\">".to_owned()),
        Just("</a>".to_owned()),
        Just("</span>".to_owned()),
        Just("</li></ul>".to_owned()),
        Just("<script>".to_owned()),
        Just("</script>".to_owned()),
        Just("记者：".to_owned()),
        Just("责编：".to_owned()),
        Just("网编".to_owned()),
        Just("报道".to_owned()),
        Just("/p&gt;".to_owned()),
        Just("（".to_owned()),
        Just("）".to_owned()),
    ];
    proptest::collection::vec(pieces, 0..60).prop_map(|p| p.concat())
}

/// A real body with a few bytes overwritten, inserted or removed.
fn mutated_body() -> impl Strategy<Value = Vec<u8>> {
    (
        0..BODIES.len(),
        proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 1..8),
    )
        .prop_map(|(which, edits)| {
            let mut bytes = HEADER.as_bytes().to_vec();
            bytes.extend_from_slice(BODIES[which].as_bytes());
            for (at, byte, op) in edits {
                let len = bytes.len();
                let at = (HEADER.len() + at % (len - HEADER.len()).max(1)).min(len - 1);
                match op {
                    0 => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    _ => {
                        if at < bytes.len() {
                            bytes.remove(at);
                        }
                    }
                }
            }
            bytes
        })
}

/// How deep the HTML5 tree builder nests `html`'s elements.
fn tree_depth(html: &str) -> usize {
    let dom = super::dom::Dom::parse_fragment(html).unwrap();
    // Below the fragment's <html> element, which sits below the document.
    let mut depth = 0usize;
    let mut deepest = 0;
    for edge in dom.traverse_all() {
        match edge {
            super::dom::Edge::Open(_) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            super::dom::Edge::Close(_) => depth -= 1,
        }
    }
    deepest.saturating_sub(3)
}

/// The shape's estimate of how deep `html` nests, without a nesting limit.
fn estimated_depth(html: &str) -> usize {
    let mut shape = super::shape::Shape::new(html.len(), usize::MAX);
    super::dom::Dom::parse_fragment_with(html, &mut shape).expect("no attribute limit in soup");
    shape.deepest()
}

fn check_clean(article: &super::Article) {
    for paragraph in &article.paragraphs {
        assert!(!paragraph.is_empty());
        assert_eq!(paragraph.trim(), paragraph);
    }
}

/// Shapes on which fuzzing found the estimate short of the tree's depth.
#[test]
fn shape_fuzz_findings() {
    for body in [
        "<svg><math><script><ul><li><span><a href=\"x\"><table><tr><td><ul><li>",
        "<!--><span><table><tr><td>记者：",
        "<!---><span><table><tr><td>x",
        "<script><!--<script></script><textarea></script><ul><li><span><a href=\"x\">",
        "<script><!--><script></script><table><tr><td><p><ul><li><span><a href=\"x\">",
    ] {
        let estimate = estimated_depth(body);
        assert!(tree_depth(body) <= 4 * (estimate + 1), "{body}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_bytes_parse_or_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for encoding in [EncodingErrors::Strict, EncodingErrors::Replace] {
            if let Ok(article) = parse_bytes(&bytes, Some("x/y.md"), encoding) {
                check_clean(&article);
            }
        }
    }

    #[test]
    fn tag_soup_bodies_parse(body in tag_soup()) {
        let article = parse_article(&format!("{HEADER}{body}"), None);
        let article = article.expect("a valid header with any body parses");
        check_clean(&article);
    }

    #[test]
    fn shape_never_underestimates_depth(body in tag_soup()) {
        // The estimate guards the tree builder against deep nesting only if
        // the tree is never deeper than the estimate says.
        let estimate = estimated_depth(&body);
        prop_assert!(tree_depth(&body) <= 4 * (estimate + 1), "tree {} > estimate {}", tree_depth(&body), estimate);
    }

    #[test]
    fn the_tree_builder_leaves_the_arena_consistent(body in tag_soup()) {
        // Misnesting, foster parenting and the adoption agency move nodes
        // around (remove, reparent, insert before): every link must still
        // agree with its reverse, and the walk must see each node once.
        use super::dom::{Dom, Edge};
        let dom = Dom::parse_fragment(&body).unwrap();
        let mut opened = std::collections::HashSet::new();
        let mut depth = 0i64;
        for edge in dom.traverse_all() {
            match edge {
                Edge::Open(id) => {
                    prop_assert!(opened.insert(id), "{:?} walked twice", id);
                    depth += 1;
                }
                Edge::Close(_) => depth -= 1,
            }
            prop_assert!(depth >= 0);
        }
        prop_assert_eq!(depth, 0);
        for element in dom.elements() {
            prop_assert_eq!(element.children().count(), element.children_count());
            for child in element.children() {
                prop_assert_eq!(child.parent().map(|p| p.id()), Some(element.id()));
            }
            let first = element.texts().find(|t| !t.trim().is_empty());
            prop_assert_eq!(element.first_text(), first);
        }
    }

    #[test]
    fn mutated_archive_files_parse_or_fail_cleanly(bytes in mutated_body()) {
        if let Ok(article) = parse_bytes(&bytes, None, EncodingErrors::Replace) {
            check_clean(&article);
        }
    }

    #[test]
    fn any_header_line_is_accepted_or_named(first in "[ -~]{0,30}", second in "[ -~\u{4E00}-\u{4E10}]{0,30}") {
        if let Err(err) = parse_article(&format!("{first}\n{second}\n------\n\n<p>x</p>"), None) {
            let message = err.to_string();
            prop_assert!(message.starts_with("line ") || message.contains("empty"), "{}", message);
        }
    }
}
