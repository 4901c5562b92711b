//! Policy markdown to HTML that is safe to show and print: raw HTML is shown as text,
//! links only to the web or mail, and no images (nothing remote is ever loaded).

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct Heading {
    pub level: u8,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Rendered {
    pub html: String,
    pub outline: Vec<Heading>,
    pub words: u32,
}

fn safe_link(dest: &str) -> bool {
    let d = dest.trim().to_ascii_lowercase();
    d.starts_with("https://") || d.starts_with("http://") || d.starts_with("mailto:") || d.starts_with('#')
}

pub fn render(markdown: &str) -> Rendered {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut outline = Vec::new();
    let mut heading: Option<(u8, String)> = None;
    let mut words = 0u32;
    // Links whose target is unsafe are dropped; their text stays.
    let mut dropped_links = 0usize;
    let mut events = Vec::new();
    for event in parser {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                if link_type == LinkType::Email || safe_link(&dest_url) {
                    events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                } else {
                    dropped_links += 1;
                }
            }
            Event::End(TagEnd::Link) if dropped_links > 0 => dropped_links -= 1,
            Event::Start(Tag::Image { dest_url, .. }) => {
                events.push(Event::Text(CowStr::from(format!("[image not shown: {dest_url}] "))));
                events.push(Event::Start(Tag::Emphasis));
            }
            Event::End(TagEnd::Image) => events.push(Event::End(TagEnd::Emphasis)),
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((heading_level(level), String::new()));
                events.push(event);
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading.take() {
                    outline.push(Heading { level, text });
                }
                events.push(event);
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                words += t.split_whitespace().count() as u32;
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(t);
                }
                events.push(event);
            }
            other => events.push(other),
        }
    }
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    Rendered { html: out, outline, words }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn scripts_raw_html_and_javascript_links_are_inert() {
        let r = render(
            "# Title\n\n<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> [click](javascript:alert(1)) \
             [ok](https://example.com) ![logo](https://evil.example/x.png)\n",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(r.html.contains(r#"<a href="https://example.com">ok</a>"#), "{}", r.html);
        assert!(r.html.contains("click"), "the unsafe link's text stays");
        assert_eq!(r.outline.len(), 1);
        assert_eq!(r.outline[0].text, "Title");
        assert!(r.words > 3);
    }
}
