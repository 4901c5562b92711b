//! Flowing blocks onto pages: wrapping with real font metrics, keeping headings with
//! what follows, splitting tables across pages with their header repeated, and
//! remembering where every heading landed for the contents and the bookmarks.

use super::canvas::{Canvas, Pen, Rgb3, ACCENT, BODY_BOTTOM, BODY_TOP, BODY_W, INK, MARGIN_X, MUTED, RULE, WARNING};
use super::doc::{Block, ImageBlock, Section, Span, Tone};
use super::fonts::{Face, Fonts};
use super::{heatmap, table};

pub const BODY_SIZE: f32 = 9.5;
pub const LEADING: f32 = 1.38;

/// A heading's place, for the contents page and the outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    pub title: String,
    /// 1 for a section, 2 for a heading inside it.
    pub level: u8,
    pub contents: bool,
    pub bookmark: bool,
    /// Index into the laid-out pages.
    pub page: usize,
    /// Top of the heading, in points from the bottom of the page.
    pub y: f32,
}

pub struct Page {
    pub canvas: Canvas,
    /// The section the page belongs to, for the running header.
    pub section: String,
}

pub struct Flow<'f> {
    pub fonts: &'f Fonts,
    pub pages: Vec<Page>,
    pub anchors: Vec<Anchor>,
    /// Baseline room left: the y below which nothing may be drawn is BODY_BOTTOM.
    pub y: f32,
    /// Mask email addresses in everything drawn through this flow.
    pub redact: bool,
    section: String,
}

/// A wrapped line: pieces of text, each in one face, drawn one after another.
pub type Line = Vec<(String, Face)>;

impl<'f> Flow<'f> {
    pub fn new(fonts: &'f Fonts) -> Self {
        Self { fonts, pages: Vec::new(), anchors: Vec::new(), y: BODY_TOP, redact: false, section: String::new() }
    }

    pub fn canvas(&mut self) -> &mut Canvas {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last].canvas
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page { canvas: Canvas::default(), section: self.section.clone() });
        self.y = BODY_TOP;
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.pages.is_empty() || self.y - height < BODY_BOTTOM {
            self.new_page();
        }
    }

    pub fn at_top(&self) -> bool {
        (self.y - BODY_TOP).abs() < 0.01
    }

    pub fn section(&mut self, section: &Section) {
        self.section = section.title.clone();
        self.new_page();
        self.anchors.push(Anchor {
            title: section.title.clone(),
            level: 1,
            contents: true,
            bookmark: true,
            page: self.pages.len() - 1,
            y: self.y + 4.0,
        });
        let size = 18.0;
        let (title, _) = self.drawable(&[Span::bold(&section.title)]);
        let lines = self.wrap(&title, size, BODY_W);
        for line in lines {
            self.y -= size * 1.2;
            self.draw_line(&line, MARGIN_X, size, ACCENT);
        }
        self.y -= 6.0;
        let y = self.y;
        self.canvas().rule(MARGIN_X, y, MARGIN_X + BODY_W, y, 1.2, ACCENT);
        self.y -= 14.0;
        for block in &section.blocks {
            self.block(block);
        }
    }

    pub fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, text, bookmark, contents } => self.heading(*level, text, *bookmark, *contents),
            Block::Paragraph { spans, tone } => {
                let ink = match tone {
                    Tone::Normal => INK,
                    Tone::Muted => MUTED,
                    Tone::Warning => WARNING,
                };
                self.paragraph(spans, BODY_SIZE, MARGIN_X, BODY_W, ink);
                self.y -= 4.0;
            }
            Block::Bullet { spans, depth } => {
                let indent = 12.0 * f32::from(*depth + 1);
                let x = MARGIN_X + indent;
                self.ensure(BODY_SIZE * LEADING);
                let first_baseline = self.y - BODY_SIZE * LEADING;
                self.canvas().text(x - 9.0, first_baseline, Pen(Face::Regular, BODY_SIZE, INK), "\u{2022}");
                self.paragraph(spans, BODY_SIZE, x, BODY_W - indent, INK);
                self.y -= 1.5;
            }
            Block::Fields(pairs) => self.fields(pairs),
            Block::Table(t) => table::draw(self, t),
            Block::HeatMaps(maps) => heatmap::draw(self, maps),
            Block::Image(img) => self.image(img),
            Block::Notice(text) => self.notice(text),
            Block::Space(h) => self.y -= h,
        }
    }

    fn heading(&mut self, level: u8, text: &str, bookmark: bool, contents: bool) {
        let size = if level <= 2 { 12.5 } else { 10.5 };
        let (spans, _) = self.drawable(&[Span::bold(text)]);
        let lines = self.wrap(&spans, size, BODY_W);
        let height = lines.len() as f32 * size * 1.25 + 10.0;
        // Keep the heading with at least three lines of what follows.
        if !self.at_top() {
            self.y -= if level <= 2 { 10.0 } else { 5.0 };
        }
        self.ensure(height + 3.0 * BODY_SIZE * LEADING);
        self.anchors.push(Anchor {
            title: text.to_owned(),
            level: 2,
            contents,
            bookmark,
            page: self.pages.len() - 1,
            y: self.y + 2.0,
        });
        let ink = if level <= 2 { ACCENT } else { INK };
        for line in lines {
            self.y -= size * 1.25;
            self.draw_line(&line, MARGIN_X, size, ink);
        }
        self.y -= 5.0;
    }

    /// Wraps and draws spans, moving to a new page line by line as needed.
    pub fn paragraph(&mut self, spans: &[Span], size: f32, x: f32, width: f32, ink: Rgb3) {
        let (spans, replaced) = self.drawable(spans);
        let lines = self.wrap(&spans, size, width);
        for line in &lines {
            let lh = size * LEADING;
            self.ensure(lh);
            self.y -= lh;
            self.draw_line(line, x, size, ink);
        }
        if replaced {
            self.missing_note(x, width);
        }
    }

    /// Says, once, that some characters of the text above could not be drawn.
    pub fn missing_note(&mut self, x: f32, width: f32) {
        let note = [Span::plain(
            "\u{25A1} marks characters this binder's font cannot show; the workbook holds the original text.",
        )];
        let lines = self.wrap(&note, 7.0, width);
        for line in &lines {
            self.ensure(9.0);
            self.y -= 9.0;
            self.draw_line(line, x, 7.0, MUTED);
        }
    }

    pub fn draw_line(&mut self, line: &Line, x: f32, size: f32, ink: Rgb3) {
        let y = self.y;
        let mut cx = x;
        for (text, face) in line {
            let w = self.fonts.width(text, *face, size);
            self.canvas().text(cx, y, Pen(*face, size, ink), text);
            cx += w;
        }
    }

    /// Spans with undrawable characters replaced; true if any were.
    pub fn drawable(&self, spans: &[Span]) -> (Vec<Span>, bool) {
        let mut any = false;
        let out = spans
            .iter()
            .map(|s| {
                let source = if self.redact { super::redact::emails(&s.text) } else { s.text.clone() };
                let (text, replaced) = self.fonts.drawable(&source, s.face);
                any |= replaced;
                Span { text, face: s.face }
            })
            .collect();
        (out, any)
    }

    /// Greedy line filling by measured width. Words longer than a line are broken
    /// between characters so nothing ever runs past the margin; `\n` forces a break.
    pub fn wrap(&self, spans: &[Span], size: f32, width: f32) -> Vec<Line> {
        let mut lines: Vec<Line> = Vec::new();
        let mut line: Line = Vec::new();
        let mut line_w = 0.0f32;
        let mut pending_space = false;
        for span in spans {
            let face = span.face;
            let space_w = self.fonts.width(" ", face, size);
            let mut word = String::new();
            let mut chars = span.text.chars().peekable();
            loop {
                let c = chars.next();
                let boundary = matches!(c, None | Some(' ') | Some('\n') | Some('\r'));
                if !boundary {
                    if let Some(c) = c {
                        word.push(c);
                    }
                    continue;
                }
                if !word.is_empty() {
                    self.place_word(
                        &mut lines,
                        &mut line,
                        &mut line_w,
                        &word,
                        face,
                        size,
                        width,
                        pending_space,
                        space_w,
                    );
                    word.clear();
                    pending_space = false;
                }
                match c {
                    None => break,
                    Some('\n') => {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                        pending_space = false;
                    }
                    Some(_) => pending_space = !line.is_empty(),
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    #[allow(clippy::too_many_arguments)]
    fn place_word(
        &self,
        lines: &mut Vec<Line>,
        line: &mut Line,
        line_w: &mut f32,
        word: &str,
        face: Face,
        size: f32,
        width: f32,
        space: bool,
        space_w: f32,
    ) {
        let w = self.fonts.width(word, face, size);
        let gap = if space && !line.is_empty() { space_w } else { 0.0 };
        if *line_w + gap + w <= width {
            push_piece(line, if gap > 0.0 { format!(" {word}") } else { word.to_owned() }, face);
            *line_w += gap + w;
            return;
        }
        if w <= width {
            lines.push(std::mem::take(line));
            push_piece(line, word.to_owned(), face);
            *line_w = w;
            return;
        }
        // Longer than a whole line: break it between characters.
        if !line.is_empty() {
            lines.push(std::mem::take(line));
            *line_w = 0.0;
        }
        let mut part = String::new();
        let mut part_w = 0.0;
        for c in word.chars() {
            let cw = self.fonts.width(c.encode_utf8(&mut [0; 4]), face, size);
            if part_w + cw > width && !part.is_empty() {
                lines.push(vec![(std::mem::take(&mut part), face)]);
                part_w = 0.0;
            }
            part.push(c);
            part_w += cw;
        }
        push_piece(line, part, face);
        *line_w = part_w;
    }

    fn fields(&mut self, pairs: &[(String, String)]) {
        let label_w = 130.0;
        for (label, value) in pairs {
            let (label_spans, _) = self.drawable(&[Span::bold(label)]);
            let (value_spans, replaced) = self.drawable(&[Span::plain(if value.is_empty() { "—" } else { value })]);
            let left = self.wrap(&label_spans, BODY_SIZE, label_w - 8.0);
            let right = self.wrap(&value_spans, BODY_SIZE, BODY_W - label_w);
            let lh = BODY_SIZE * LEADING;
            for i in 0..left.len().max(right.len()) {
                self.ensure(lh);
                self.y -= lh;
                if let Some(l) = left.get(i) {
                    self.draw_line(l, MARGIN_X, BODY_SIZE, MUTED);
                }
                if let Some(r) = right.get(i) {
                    self.draw_line(r, MARGIN_X + label_w, BODY_SIZE, INK);
                }
            }
            if replaced {
                self.missing_note(MARGIN_X + label_w, BODY_W - label_w);
            }
            self.y -= 1.5;
        }
        self.y -= 4.0;
    }

    fn notice(&mut self, text: &str) {
        let (spans, _) = self.drawable(&[Span::plain(text)]);
        let lines = self.wrap(&spans, 8.5, BODY_W - 16.0);
        let lh = 8.5 * LEADING;
        let h = lines.len() as f32 * lh + 10.0;
        self.ensure(h.min(BODY_TOP - BODY_BOTTOM));
        let top = self.y;
        self.canvas().frame(MARGIN_X, (top - h).max(BODY_BOTTOM), BODY_W, h.min(top - BODY_BOTTOM), RULE);
        self.y -= 4.0;
        for line in &lines {
            self.ensure(lh);
            self.y -= lh;
            self.draw_line(line, MARGIN_X + 8.0, 8.5, MUTED);
        }
        self.y -= 10.0;
    }

    fn image(&mut self, img: &ImageBlock) {
        let max_h = (BODY_TOP - BODY_BOTTOM) * 0.55;
        let (pw, ph) = (img.width_px.max(1) as f32, img.height_px.max(1) as f32);
        // 96 dpi is how screenshots were taken; never enlarge past that.
        let natural_w = pw * 0.75;
        let mut w = natural_w.min(BODY_W);
        let mut h = w * ph / pw;
        if h > max_h {
            h = max_h;
            w = h * pw / ph;
        }
        self.ensure(h + 22.0);
        self.y -= h + 4.0;
        let y = self.y;
        self.canvas().image(&img.name, MARGIN_X, y, w, h);
        self.canvas().frame(MARGIN_X, y, w, h, RULE);
        self.paragraph(&[Span::plain(&img.caption)], 7.5, MARGIN_X, BODY_W, MUTED);
        self.y -= 8.0;
    }
}

fn push_piece(line: &mut Line, text: String, face: Face) {
    if let Some((last, last_face)) = line.last_mut() {
        if *last_face == face {
            last.push_str(&text);
            return;
        }
    }
    line.push((text, face));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(line: &Line) -> String {
        line.iter().map(|(t, _)| t.as_str()).collect()
    }

    #[test]
    fn wrapping_fills_lines_without_passing_the_width() {
        let fonts = Fonts::load().unwrap();
        let flow = Flow::new(&fonts);
        let text = "An auditor reads every page of this binder, so lines must break between words and never run past the margin.";
        let lines = flow.wrap(&[Span::plain(text)], 10.0, 150.0);
        assert!(lines.len() > 3);
        for l in &lines {
            assert!(fonts.width(&text_of(l), Face::Regular, 10.0) <= 150.0 + 0.01, "{}", text_of(l));
        }
        let joined: Vec<String> = lines.iter().map(text_of).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken_between_characters() {
        let fonts = Fonts::load().unwrap();
        let flow = Flow::new(&fonts);
        let word = "x".repeat(400);
        let lines = flow.wrap(&[Span::plain(&word)], 10.0, 100.0);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| fonts.width(&text_of(l), Face::Regular, 10.0) <= 100.0 + 0.01));
        assert_eq!(lines.iter().map(text_of).collect::<String>(), word);
    }

    #[test]
    fn mixed_faces_keep_their_spacing_and_newlines_break() {
        let fonts = Fonts::load().unwrap();
        let flow = Flow::new(&fonts);
        let lines = flow.wrap(&[Span::bold("Owner:"), Span::plain(" Dana Reyes\nSecond line")], 10.0, 400.0);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], vec![("Owner:".to_owned(), Face::Bold), (" Dana Reyes".to_owned(), Face::Regular)]);
        assert_eq!(text_of(&lines[1]), "Second line");
    }
}
