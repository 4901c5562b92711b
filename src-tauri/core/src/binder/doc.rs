//! What a binder section is made of, before it is laid out on pages: headings,
//! paragraphs, label/value lists, tables and images. Sections build these from workbook
//! data; `layout` turns them into positioned text and lines.

use super::fonts::Face;

#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub face: Face,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Self {
        Self { text: text.into(), face: Face::Regular }
    }
    pub fn bold(text: impl Into<String>) -> Self {
        Self { text: text.into(), face: Face::Bold }
    }
    pub fn mono(text: impl Into<String>) -> Self {
        Self { text: text.into(), face: Face::Mono }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Normal,
    /// Secondary text: captions, notes, "none recorded".
    Muted,
    /// Something an auditor should look at: gaps, expired reports.
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Share of the table's width, relative to the other columns.
    pub weight: f32,
    pub face: Face,
    pub align: Align,
    /// Font size in points.
    pub size: f32,
    /// Set the first line of each cell in bold (a title above its details).
    pub lead: bool,
}

impl Column {
    pub fn new(title: &str, weight: f32) -> Self {
        Self { title: title.to_owned(), weight, face: Face::Regular, align: Align::Left, size: 7.8, lead: false }
    }
    /// Monospaced and a little smaller, so a 64-digit SHA-256 stays on one line.
    pub fn mono(mut self) -> Self {
        self.face = Face::Mono;
        self.size = 6.8;
        self
    }
    pub fn lead(mut self) -> Self {
        self.lead = true;
        self
    }
    pub fn right(mut self) -> Self {
        self.align = Align::Right;
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// Shown instead of an empty table.
    pub empty: String,
}

/// A 5×5 grid of counts (likelihood up, impact across), drawn as a heat map.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    pub title: String,
    /// counts[likelihood - 1][impact - 1]
    pub counts: [[u32; 5]; 5],
    /// Cells scoring above this are framed as over the appetite.
    pub appetite: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImageBlock {
    /// The XObject resource name the image was registered under.
    pub name: String,
    pub width_px: u32,
    pub height_px: u32,
    pub caption: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 2 and 3 headings inside a section; `bookmark` adds it to the outline under
    /// the section, and `contents` lists it in the table of contents too.
    Heading {
        level: u8,
        text: String,
        bookmark: bool,
        contents: bool,
    },
    Paragraph {
        spans: Vec<Span>,
        tone: Tone,
    },
    Bullet {
        spans: Vec<Span>,
        depth: u8,
    },
    /// Label and value pairs, e.g. "Approved by: Dana Reyes".
    Fields(Vec<(String, String)>),
    Table(Table),
    HeatMaps(Vec<HeatMap>),
    Image(ImageBlock),
    /// A framed note, e.g. "This image could not be shown".
    Notice(String),
    Space(f32),
}

impl Block {
    pub fn text(text: impl Into<String>) -> Self {
        Block::Paragraph { spans: vec![Span::plain(text)], tone: Tone::Normal }
    }
    pub fn muted(text: impl Into<String>) -> Self {
        Block::Paragraph { spans: vec![Span::plain(text)], tone: Tone::Muted }
    }
    pub fn warning(text: impl Into<String>) -> Self {
        Block::Paragraph { spans: vec![Span::plain(text)], tone: Tone::Warning }
    }
    pub fn h2(text: impl Into<String>) -> Self {
        Block::Heading { level: 2, text: text.into(), bookmark: true, contents: false }
    }
    pub fn h3(text: impl Into<String>) -> Self {
        Block::Heading { level: 3, text: text.into(), bookmark: false, contents: false }
    }
    pub fn fields(pairs: &[(&str, String)]) -> Self {
        Block::Fields(pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
    }
}

/// One part of the binder: starts on a new page, has its own contents entry and bookmark.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Section {
    pub fn new(title: impl Into<String>) -> Self {
        Self { title: title.into(), blocks: Vec::new() }
    }
    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }
}
