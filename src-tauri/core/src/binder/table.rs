//! Tables that read like a printed report: a shaded header row repeated on every page
//! the table reaches, wrapped cells, thin row rules, and rows taller than a page split
//! line by line rather than cut off.

use super::canvas::{BODY_BOTTOM, BODY_TOP, BODY_W, INK, MARGIN_X, MUTED, RULE, SHADE};
use super::doc::{Align, Span, Table};
use super::fonts::Face;
use super::layout::{Flow, Line};

const SIZE: f32 = 7.8;
const PAD: f32 = 3.0;
const LH: f32 = SIZE * 1.3;

struct Laid {
    widths: Vec<f32>,
    header: Vec<Vec<Line>>,
    header_h: f32,
}

pub fn draw(flow: &mut Flow<'_>, table: &Table) {
    if table.rows.is_empty() {
        flow.block(&super::doc::Block::muted(&table.empty));
        return;
    }
    let widths = column_widths(flow, table);
    let header: Vec<Vec<Line>> = table
        .columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| flow.wrap(&flow.drawable(&[Span::bold(&c.title)]).0, SIZE, w - 2.0 * PAD))
        .collect();
    let header_h = header.iter().map(Vec::len).max().unwrap_or(1) as f32 * LH + 2.0 * PAD;
    let laid = Laid { widths, header, header_h };

    // Start on a new page if not even the header and one line fit.
    flow.ensure(laid.header_h + LH + 2.0 * PAD);
    draw_header(flow, &laid);
    let mut replaced_any = false;
    for row in &table.rows {
        let mut cells: Vec<Vec<Line>> = Vec::with_capacity(row.len());
        for (i, col) in table.columns.iter().enumerate() {
            let text = row.get(i).map(String::as_str).unwrap_or("");
            let source = match text.split_once('\n') {
                Some((first, rest)) if col.lead => {
                    vec![
                        Span { text: first.to_owned(), face: Face::Bold },
                        Span { text: format!("\n{rest}"), face: col.face },
                    ]
                }
                _ if col.lead => vec![Span { text: text.to_owned(), face: Face::Bold }],
                _ => vec![Span { text: text.to_owned(), face: col.face }],
            };
            let (spans, replaced) = flow.drawable(&source);
            replaced_any |= replaced;
            cells.push(flow.wrap(&spans, col.size, laid.widths[i] - 2.0 * PAD));
        }
        draw_row(flow, table, &laid, &cells);
    }
    flow.y -= 8.0;
    if replaced_any {
        flow.missing_note(MARGIN_X, BODY_W);
        flow.y -= 4.0;
    }
}

/// Column widths the way a browser sizes an automatic table: every column gets at least
/// its longest word (so words are not split when they can fit), and the remaining width
/// goes to columns in proportion to how much more their full text wants, times their
/// weight. Falls back on
/// the columns' weights when even the longest words cannot all fit.
fn column_widths(flow: &Flow<'_>, table: &Table) -> Vec<f32> {
    let n = table.columns.len();
    let mut min = vec![0.0f32; n];
    let mut natural = vec![0.0f32; n];
    for (i, col) in table.columns.iter().enumerate() {
        let cells = std::iter::once((col.title.as_str(), Face::Bold, SIZE))
            .chain(table.rows.iter().map(|r| (r.get(i).map(String::as_str).unwrap_or(""), col.face, col.size)));
        for (text, face, size) in cells {
            for line in text.split('\n') {
                natural[i] = natural[i].max(flow.fonts.width(line, face, size));
                for word in line.split(' ') {
                    min[i] = min[i].max(flow.fonts.width(word, face, size));
                }
            }
        }
        min[i] = (min[i] + 2.0 * PAD + 0.5).min(BODY_W * 0.45);
        natural[i] = (natural[i] + 2.0 * PAD + 0.5).min(BODY_W).max(min[i]);
    }
    let min_sum: f32 = min.iter().sum();
    let natural_sum: f32 = natural.iter().sum();
    if natural_sum <= BODY_W {
        let extra = (BODY_W - natural_sum) / n.max(1) as f32;
        return natural.iter().map(|w| w + extra).collect();
    }
    if min_sum <= BODY_W {
        // What each column still wants beyond its longest word, scaled by its weight so
        // the column the section calls most important gets the most room.
        let want: Vec<f32> =
            table.columns.iter().enumerate().map(|(i, c)| (natural[i] - min[i]) * c.weight.max(0.01)).collect();
        let total_want = want.iter().sum::<f32>().max(0.001);
        let spare = BODY_W - min_sum;
        let widths: Vec<f32> = min.iter().zip(&want).map(|(m, w)| m + spare * w / total_want).collect();
        return widths;
    }
    let total: f32 = table.columns.iter().map(|c| c.weight).sum::<f32>().max(0.001);
    table.columns.iter().map(|c| BODY_W * c.weight / total).collect()
}

fn draw_header(flow: &mut Flow<'_>, laid: &Laid) {
    let top = flow.y;
    flow.canvas().fill(MARGIN_X, top - laid.header_h, BODY_W, laid.header_h, SHADE);
    let mut x = MARGIN_X;
    for (lines, w) in laid.header.iter().zip(&laid.widths) {
        let mut y = top - PAD;
        for line in lines {
            y -= LH;
            flow.y = y + 2.0;
            flow.draw_line(line, x + PAD, SIZE, INK);
        }
        x += w;
    }
    flow.y = top - laid.header_h;
    let y = flow.y;
    flow.canvas().rule(MARGIN_X, y, MARGIN_X + BODY_W, y, 0.6, MUTED);
}

/// Draws one row, continuing on the next page (header repeated) when it does not fit.
fn draw_row(flow: &mut Flow<'_>, table: &Table, laid: &Laid, cells: &[Vec<Line>]) {
    let lines_needed = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let row_h = lines_needed as f32 * LH + 2.0 * PAD;
    let page_room = BODY_TOP - BODY_BOTTOM - laid.header_h;
    if flow.y - row_h < BODY_BOTTOM && row_h <= page_room {
        flow.new_page();
        draw_header(flow, laid);
    }
    let mut first = 0;
    while first < lines_needed {
        if flow.y - (LH + 2.0 * PAD) < BODY_BOTTOM {
            flow.new_page();
            draw_header(flow, laid);
        }
        let fit = (((flow.y - BODY_BOTTOM - 2.0 * PAD) / LH).floor() as usize).max(1);
        let last = (first + fit).min(lines_needed);
        let top = flow.y;
        let mut x = MARGIN_X;
        for (i, lines) in cells.iter().enumerate() {
            let w = laid.widths[i];
            let right = table.columns.get(i).is_some_and(|c| c.align == Align::Right);
            let size = table.columns.get(i).map_or(SIZE, |c| c.size);
            let mut y = top - PAD;
            for line in lines.iter().take(last).skip(first) {
                y -= LH;
                let lx = if right {
                    let lw: f32 = line.iter().map(|(t, f)| flow.fonts.width(t, *f, size)).sum();
                    x + w - PAD - lw
                } else {
                    x + PAD
                };
                flow.y = y + 2.0;
                flow.draw_line(line, lx, size, if line_face_is_mono(line) { MUTED } else { INK });
            }
            x += w;
        }
        flow.y = top - (last - first) as f32 * LH - 2.0 * PAD;
        let y = flow.y;
        flow.canvas().rule(MARGIN_X, y, MARGIN_X + BODY_W, y, 0.3, RULE);
        first = last;
    }
}

fn line_face_is_mono(line: &Line) -> bool {
    line.first().is_some_and(|(_, f)| *f == Face::Mono)
}
