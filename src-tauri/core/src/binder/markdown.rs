//! Policy markdown as binder blocks: headings, paragraphs with bold and code, nested
//! lists, tables and quotes. Raw HTML is dropped, as in the app's sanitised preview;
//! links keep their text only (a printed binder cannot follow them).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::doc::{Block, Column, Span, Table, Tone};
use super::fonts::Face;

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    spans: Vec<Span>,
    bold: u32,
    code_block: bool,
    quote: u32,
    /// One entry per open list: the next number for ordered lists.
    lists: Vec<Option<u64>>,
    heading: Option<HeadingLevel>,
    table: Option<Table>,
    row: Vec<String>,
    cell: String,
    in_cell: bool,
}

impl Builder {
    fn face(&self) -> Face {
        if self.bold > 0 {
            Face::Bold
        } else {
            Face::Regular
        }
    }

    fn push_text(&mut self, text: &str, face: Face) {
        if self.in_cell {
            self.cell.push_str(text);
            return;
        }
        match self.spans.last_mut() {
            Some(last) if last.face == face => last.text.push_str(text),
            _ => self.spans.push(Span { text: text.to_owned(), face }),
        }
    }

    fn flush(&mut self) {
        let spans: Vec<Span> = std::mem::take(&mut self.spans);
        if spans.iter().all(|s| s.text.trim().is_empty()) {
            return;
        }
        if let Some(level) = self.heading {
            let text: String = spans.iter().map(|s| s.text.as_str()).collect();
            if matches!(level, HeadingLevel::H1 | HeadingLevel::H2) {
                self.blocks.push(Block::h3(text.trim()));
            } else {
                self.blocks.push(Block::Paragraph { spans: vec![Span::bold(text.trim())], tone: Tone::Normal });
            }
            return;
        }
        if !self.lists.is_empty() {
            let depth = (self.lists.len() - 1).min(4) as u8;
            self.blocks.push(Block::Bullet { spans, depth });
            return;
        }
        let tone = if self.quote > 0 { Tone::Muted } else { Tone::Normal };
        self.blocks.push(Block::Paragraph { spans, tone });
    }
}

pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut b = Builder::default();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                b.flush();
                b.heading = Some(level);
            }
            Event::End(TagEnd::Heading(_)) => {
                b.flush();
                b.heading = None;
            }
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => b.flush(),
            Event::Start(Tag::Strong) => b.bold += 1,
            Event::End(TagEnd::Strong) => b.bold = b.bold.saturating_sub(1),
            Event::Start(Tag::BlockQuote(_)) => {
                b.flush();
                b.quote += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                b.flush();
                b.quote = b.quote.saturating_sub(1);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                b.flush();
                b.code_block = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                let text: String = std::mem::take(&mut b.spans).into_iter().map(|s| s.text).collect();
                b.blocks.push(Block::Paragraph { spans: vec![Span::mono(text.trim_end())], tone: Tone::Normal });
                b.code_block = false;
            }
            Event::Start(Tag::List(first)) => {
                b.flush();
                b.lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                b.flush();
                b.lists.pop();
            }
            Event::Start(Tag::Item) => {
                b.flush();
                if let Some(Some(n)) = b.lists.last_mut() {
                    let label = format!("{n}. ");
                    *n += 1;
                    b.push_text(&label, Face::Regular);
                }
            }
            Event::End(TagEnd::Item) => b.flush(),
            Event::Start(Tag::Table(aligns)) => {
                b.flush();
                b.table =
                    Some(Table { columns: Vec::with_capacity(aligns.len()), rows: Vec::new(), empty: String::new() });
            }
            Event::End(TagEnd::Table) => {
                if let Some(mut t) = b.table.take() {
                    let n = t.columns.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(0));
                    while t.columns.len() < n {
                        t.columns.push(Column::new("", 1.0));
                    }
                    b.blocks.push(Block::Table(t));
                }
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => b.row.clear(),
            Event::End(TagEnd::TableHead) => {
                let row = std::mem::take(&mut b.row);
                if let Some(t) = b.table.as_mut() {
                    t.columns = row.iter().map(|h| Column::new(h, 1.0 + (h.len() as f32 / 12.0).min(2.0))).collect();
                }
            }
            Event::End(TagEnd::TableRow) => {
                let row = std::mem::take(&mut b.row);
                if let Some(t) = b.table.as_mut() {
                    t.rows.push(row);
                }
            }
            Event::Start(Tag::TableCell) => {
                b.in_cell = true;
                b.cell.clear();
            }
            Event::End(TagEnd::TableCell) => {
                b.in_cell = false;
                let cell = std::mem::take(&mut b.cell);
                b.row.push(cell.trim().to_owned());
            }
            Event::Text(t) => {
                let face = if b.code_block { Face::Mono } else { b.face() };
                b.push_text(&t, face);
            }
            Event::Code(t) => b.push_text(&t, Face::Mono),
            Event::SoftBreak => b.push_text(" ", b.face()),
            Event::HardBreak => b.push_text("\n", b.face()),
            Event::Rule => {
                b.flush();
                b.blocks.push(Block::Space(6.0));
            }
            // Raw HTML, footnotes, math: not part of our templates; dropped like the preview does.
            _ => {}
        }
    }
    b.flush();
    b.blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_lists_and_tables_become_blocks() {
        let md = "# Access Control Policy\n\nIntro with **bold** and `code`.\n\n- one\n- two\n  1. nested\n\n| Role | Who |\n|---|---|\n| Owner | Dana |\n\n<script>alert(1)</script>\n";
        let blocks = blocks(md);
        assert!(matches!(&blocks[0], Block::Heading { text, .. } if text == "Access Control Policy"));
        let Block::Paragraph { spans, .. } = &blocks[1] else { panic!("{:?}", blocks[1]) };
        assert_eq!(
            spans.iter().map(|s| s.face).collect::<Vec<_>>(),
            vec![Face::Regular, Face::Bold, Face::Regular, Face::Mono, Face::Regular]
        );
        let bullets: Vec<_> = blocks
            .iter()
            .filter_map(|b| {
                if let Block::Bullet { spans, depth } = b {
                    Some((spans[0].text.clone(), *depth))
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(bullets, vec![("one".into(), 0), ("two".into(), 0), ("1. nested".into(), 1)]);
        let table = blocks.iter().find_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).unwrap();
        assert_eq!(table.columns.len(), 2);
        assert_eq!(table.rows, vec![vec!["Owner".to_owned(), "Dana".to_owned()]]);
        assert!(!format!("{blocks:?}").contains("alert"), "raw HTML is dropped");
    }
}
