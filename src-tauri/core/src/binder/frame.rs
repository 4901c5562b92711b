//! The binder's frame around the sections: the cover, the contents pages with page
//! numbers and links, and the running header and footer on every page after the cover.
//!
//! Page numbers in the contents are known only once the body is laid out, and the body's
//! numbers depend on how many contents pages there are. Contents lines never wrap, so
//! their page count depends only on how many entries there are: lay the body out,
//! count, then number.

use super::canvas::{
    Canvas, Pen, ACCENT, BODY_BOTTOM, BODY_TOP, BODY_W, INK, MARGIN_X, MUTED, PAGE_H, PAGE_W, RULE, SHADE,
};
use super::doc::Section;
use super::fonts::{Face, Fonts};
use super::layout::{Anchor, Flow};
use super::manifest::Manifest;
use super::pdf::{Link, Mark};
use super::sections::Ctx;
use super::BinderError;

pub struct Framed {
    pub pages: Vec<Canvas>,
    pub marks: Vec<Mark>,
    pub links: Vec<Link>,
}

const TOC_SIZE: f32 = 9.5;

pub fn assemble(
    fonts: &Fonts,
    ctx: &Ctx<'_>,
    sections: &[Section],
    manifest: &Manifest,
    fingerprint: &str,
) -> Result<Framed, BinderError> {
    let mut body = Flow::new(fonts);
    body.redact = ctx.redact;
    for s in sections {
        body.section(s);
    }
    let entries: Vec<&Anchor> = body.anchors.iter().filter(|a| a.contents).collect();
    let toc_pages = contents_page_count(entries.len());
    let first_body = 1 + toc_pages;

    let mut pages = vec![cover(fonts, ctx, manifest, fingerprint)];
    let mut marks = vec![Mark { title: "Cover".to_owned(), level: 1, page: 0, y: PAGE_H }];
    marks.push(Mark { title: "Contents".to_owned(), level: 1, page: 1, y: PAGE_H });
    let (toc, links) = contents(fonts, &entries, first_body);
    debug_assert_eq!(toc.len(), toc_pages);
    pages.extend(toc);
    let mut section_of_page = vec![String::new(), "Contents".to_owned()];
    section_of_page.resize(first_body, "Contents".to_owned());
    for a in &body.anchors {
        if a.bookmark {
            marks.push(Mark { title: a.title.clone(), level: a.level, page: a.page + first_body, y: a.y });
        }
    }
    for page in body.pages {
        section_of_page.push(page.section);
        pages.push(page.canvas);
    }
    let total = pages.len();
    let org = ctx.org_name();
    for (i, canvas) in pages.iter_mut().enumerate().skip(1) {
        running_header_footer(fonts, canvas, &org, &section_of_page[i], i + 1, total);
    }
    Ok(Framed { pages, marks, links })
}

fn lines_per_contents_page(first: bool) -> usize {
    let room = BODY_TOP - BODY_BOTTOM - if first { 40.0 } else { 0.0 };
    (room / (TOC_SIZE * 1.7)).floor() as usize
}

fn contents_page_count(entries: usize) -> usize {
    let first = lines_per_contents_page(true);
    if entries <= first {
        1
    } else {
        1 + (entries - first).div_ceil(lines_per_contents_page(false))
    }
}

fn contents(fonts: &Fonts, entries: &[&Anchor], first_body: usize) -> (Vec<Canvas>, Vec<Link>) {
    let mut pages = vec![Canvas::default()];
    let mut links = Vec::new();
    let mut y = BODY_TOP - 18.0;
    pages[0].label(fonts, MARGIN_X, y, Pen(Face::Bold, 18.0, ACCENT), "Contents");
    y -= 10.0;
    pages[0].rule(MARGIN_X, y, MARGIN_X + BODY_W, y, 1.2, ACCENT);
    y -= 12.0;
    let mut on_page = 0;
    for entry in entries {
        let limit = lines_per_contents_page(pages.len() == 1);
        if on_page == limit {
            pages.push(Canvas::default());
            y = BODY_TOP;
            on_page = 0;
        }
        on_page += 1;
        y -= TOC_SIZE * 1.7;
        let page_no = entry.page + first_body + 1;
        let number = page_no.to_string();
        let (face, indent, ink) = if entry.level <= 1 { (Face::Bold, 0.0, INK) } else { (Face::Regular, 14.0, INK) };
        let num_w = fonts.width(&number, Face::Regular, TOC_SIZE);
        let x = MARGIN_X + indent;
        let room = BODY_W - indent - num_w - 24.0;
        let title = fit(fonts, &entry.title, face, TOC_SIZE, room);
        // Contents pages follow the cover, so this page's index in the binder is its count.
        let link_page = pages.len();
        let Some(canvas) = pages.last_mut() else { continue };
        let title_w = canvas.label(fonts, x, y, Pen(face, TOC_SIZE, ink), &title);
        // Dotted leader from the title to the page number.
        let pair_w = fonts.width(". ", Face::Regular, TOC_SIZE);
        let from = x + title_w + 6.0;
        let to = MARGIN_X + BODY_W - num_w - 6.0;
        if to > from + pair_w {
            let dots = ((to - from) / pair_w).floor() as usize;
            // Right-aligned so the leaders line up down the page.
            let start = to - dots as f32 * pair_w;
            canvas.text(start, y, Pen(Face::Regular, TOC_SIZE, MUTED), &". ".repeat(dots));
        }
        canvas.text(MARGIN_X + BODY_W - num_w, y, Pen(Face::Regular, TOC_SIZE, ink), &number);
        links.push(Link {
            page: link_page,
            rect: [MARGIN_X, y - 3.0, MARGIN_X + BODY_W, y + TOC_SIZE],
            target_page: entry.page + first_body,
            target_y: entry.y,
        });
    }
    (pages, links)
}

/// `text` shortened with an ellipsis to fit `width`.
fn fit(fonts: &Fonts, text: &str, face: Face, size: f32, width: f32) -> String {
    let (text, _) = fonts.drawable(text, face);
    if fonts.width(&text, face, size) <= width {
        return text;
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if fonts.width(&out, face, size) + fonts.width("\u{2026}", face, size) > width {
            out.pop();
            break;
        }
    }
    format!("{}\u{2026}", out.trim_end())
}

fn running_header_footer(fonts: &Fonts, c: &mut Canvas, org: &str, section: &str, page: usize, total: usize) {
    let top = PAGE_H - 36.0;
    let left = format!("{org} \u{b7} Evidence binder");
    let left = fit(fonts, &left, Face::Regular, 7.5, BODY_W * 0.55);
    c.text(MARGIN_X, top, Pen(Face::Regular, 7.5, MUTED), &left);
    let right = fit(fonts, section, Face::Regular, 7.5, BODY_W * 0.42);
    let rw = fonts.width(&right, Face::Regular, 7.5);
    c.text(MARGIN_X + BODY_W - rw, top, Pen(Face::Regular, 7.5, MUTED), &right);
    c.rule(MARGIN_X, top - 5.0, MARGIN_X + BODY_W, top - 5.0, 0.4, RULE);
    let footer =
        fit(fonts, &format!("{org} \u{b7} Evidence binder \u{b7} page {page} of {total}"), Face::Regular, 7.5, BODY_W);
    let fw = fonts.width(&footer, Face::Regular, 7.5);
    c.rule(MARGIN_X, 40.0, MARGIN_X + BODY_W, 40.0, 0.4, RULE);
    c.text((PAGE_W - fw) / 2.0, 28.0, Pen(Face::Regular, 7.5, MUTED), &footer);
}

fn cover(fonts: &Fonts, ctx: &Ctx<'_>, manifest: &Manifest, fingerprint: &str) -> Canvas {
    let mut c = Canvas::default();
    c.fill(0.0, PAGE_H - 200.0, PAGE_W, 200.0, ACCENT);
    let white = (1.0, 1.0, 1.0);
    c.label(fonts, MARGIN_X, PAGE_H - 90.0, Pen(Face::Regular, 12.0, (0.85, 0.9, 0.97)), "EVIDENCE BINDER");
    let mut flow = Flow::new(fonts);
    flow.redact = ctx.redact;
    let (title, _) = fonts.drawable(&ctx.org_name(), Face::Bold);
    let title = fit(fonts, &title, Face::Bold, 26.0, BODY_W);
    c.text(MARGIN_X, PAGE_H - 128.0, Pen(Face::Bold, 26.0, white), &title);
    let system = fit(fonts, &ctx.system_name(), Face::Regular, 13.0, BODY_W);
    c.text(MARGIN_X, PAGE_H - 155.0, Pen(Face::Regular, 13.0, white), &system);

    let mut y = PAGE_H - 250.0;
    let rows = [
        ("Report", ctx.report_label()),
        ("As of", ctx.as_of_label()),
        ("Generated at", manifest.generated_at.clone()),
        ("Workbook id", manifest.workbook_id.clone()),
        ("Change-log entries", manifest.log_entries.to_string()),
        ("Change-log head", manifest.log_head.clone()),
        ("Evidence files", manifest.evidence.len().to_string()),
    ];
    for (label, value) in rows {
        c.label(fonts, MARGIN_X, y, Pen(Face::Regular, 9.0, MUTED), label);
        let face = if value.len() == 64 && value.chars().all(|ch| ch.is_ascii_hexdigit()) {
            Face::Mono
        } else {
            Face::Regular
        };
        let v = fit(fonts, &value, face, 9.0, BODY_W - 120.0);
        c.text(MARGIN_X + 120.0, y, Pen(face, 9.0, INK), &v);
        y -= 18.0;
    }
    y -= 12.0;
    c.fill(MARGIN_X, y - 88.0, BODY_W, 100.0, SHADE);
    c.label(fonts, MARGIN_X + 12.0, y - 6.0, Pen(Face::Bold, 9.5, INK), "Binder fingerprint (SHA-256 of the manifest)");
    c.text(MARGIN_X + 12.0, y - 24.0, Pen(Face::Mono, 8.6, INK), fingerprint);
    // The seal: the client sends this fingerprint to the auditor by another channel.
    c.label(
        fonts,
        MARGIN_X + 12.0,
        y - 42.0,
        Pen(Face::Bold, 9.5, INK),
        "Signing certificate (SHA-256): the organisation confirms it to you separately",
    );
    c.text(MARGIN_X + 12.0, y - 60.0, Pen(Face::Mono, 8.6, INK), &manifest.signer_certificate);
    c.label(
        fonts,
        MARGIN_X + 12.0,
        y - 76.0,
        Pen(Face::Regular, 7.8, MUTED),
        "Check it with: pdfsig BINDER.pdf, or readiness binder verify BINDER.pdf --workbook WORKBOOK.soc2wb",
    );
    let note = "Prepared with Readiness Workbook from the organisation's own workbook. It records the state of \
                the readiness programme at the time shown; the manifest at the end lists every evidence file \
                with its SHA-256 so each can be checked against the original.";
    flow.y = y - 116.0;
    flow.pages.push(super::layout::Page { canvas: std::mem::take(&mut c), section: String::new() });
    let readiness = crate::readiness::cover_sentence(&ctx.readiness);
    flow.paragraph(&[super::doc::Span::bold(&readiness)], 9.0, MARGIN_X, BODY_W, INK);
    flow.y -= 6.0;
    flow.paragraph(&[super::doc::Span::plain(note)], 8.5, MARGIN_X, BODY_W, MUTED);
    flow.pages.pop().map(|p| p.canvas).unwrap_or_default()
}
