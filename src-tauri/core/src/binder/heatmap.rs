//! 5×5 risk heat maps side by side: likelihood up the side, impact along the bottom,
//! each cell shaded by its score and showing how many risks sit in it.

use super::canvas::{Pen, Rgb3, BODY_W, INK, MARGIN_X, MUTED, RULE};
use super::doc::HeatMap;
use super::fonts::Face;
use super::layout::Flow;

const CELL: f32 = 30.0;

/// The register's bands (low 1–4, medium 5–9, high 10–14, critical 15–25) as light
/// shades, so black numbers stay readable and a black-and-white print still shows four
/// distinct greys.
fn shade(score: u32) -> Rgb3 {
    match score {
        0..=4 => (0.80, 0.91, 0.78),
        5..=9 => (0.99, 0.92, 0.66),
        10..=14 => (0.97, 0.76, 0.56),
        _ => (0.93, 0.58, 0.55),
    }
}

pub fn draw(flow: &mut Flow<'_>, maps: &[HeatMap]) {
    let grid = 5.0 * CELL;
    let block_h = grid + 62.0;
    flow.ensure(block_h);
    let top = flow.y - 14.0;
    let per = BODY_W / maps.len().max(1) as f32;
    for (i, map) in maps.iter().enumerate() {
        let left = MARGIN_X + per * i as f32 + 24.0;
        let fonts = flow.fonts;
        let c = flow.canvas();
        c.label(fonts, left, top, Pen(Face::Bold, 9.5, INK), &map.title);
        let grid_top = top - 10.0;
        for likelihood in 1..=5u32 {
            let row_y = grid_top - (6 - likelihood) as f32 * CELL;
            c.label(
                fonts,
                left - 14.0,
                row_y + CELL / 2.0 - 3.0,
                Pen(Face::Regular, 7.5, MUTED),
                &likelihood.to_string(),
            );
            for impact in 1..=5u32 {
                let x = left + (impact - 1) as f32 * CELL;
                let score = likelihood * impact;
                c.fill(x, row_y, CELL, CELL, shade(score));
                c.frame(x, row_y, CELL, CELL, RULE);
                if score > map.appetite {
                    // Over the appetite: a darker inner frame, readable without colour.
                    c.frame(x + 2.0, row_y + 2.0, CELL - 4.0, CELL - 4.0, INK);
                }
                let n = map.counts[(likelihood - 1) as usize][(impact - 1) as usize];
                if n > 0 {
                    let t = n.to_string();
                    let w = fonts.width(&t, Face::Bold, 10.0);
                    c.text(x + (CELL - w) / 2.0, row_y + CELL / 2.0 - 3.5, Pen(Face::Bold, 10.0, INK), &t);
                }
            }
        }
        let base = grid_top - grid;
        for impact in 1..=5u32 {
            let x = left + (impact - 1) as f32 * CELL + CELL / 2.0 - 2.0;
            c.label(fonts, x, base - 10.0, Pen(Face::Regular, 7.5, MUTED), &impact.to_string());
        }
        c.label(
            fonts,
            left,
            base - 21.0,
            Pen(Face::Regular, 7.5, MUTED),
            "Impact \u{2192}   (rows: likelihood, 5 at the top)",
        );
        c.label(fonts, left, base - 31.0, Pen(Face::Regular, 7.5, MUTED), "Framed cells are above the risk appetite");
    }
    flow.y = top - 10.0 - grid - 40.0;
}
