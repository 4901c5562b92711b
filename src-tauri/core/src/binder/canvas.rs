//! Drawing on one page: the page geometry, colours, and the printpdf operations for
//! text, rules, boxes and images. Coordinates are PDF points from the bottom left.

use printpdf::{
    Color, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem, WindingOrder, XObjectId,
    XObjectTransform,
};

use super::fonts::{Face, Fonts};

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const MARGIN_X: f32 = 56.0;
/// Where body text starts (below the running header) and must end (above the footer).
pub const BODY_TOP: f32 = PAGE_H - 64.0;
pub const BODY_BOTTOM: f32 = 58.0;
pub const BODY_W: f32 = PAGE_W - 2.0 * MARGIN_X;

pub type Rgb3 = (f32, f32, f32);

/// How text is drawn: face, size in points, colour.
#[derive(Debug, Clone, Copy)]
pub struct Pen(pub Face, pub f32, pub Rgb3);
pub const INK: Rgb3 = (0.13, 0.15, 0.18);
pub const MUTED: Rgb3 = (0.40, 0.43, 0.48);
pub const ACCENT: Rgb3 = (0.11, 0.30, 0.55);
pub const WARNING: Rgb3 = (0.62, 0.22, 0.08);
pub const RULE: Rgb3 = (0.80, 0.82, 0.85);
pub const SHADE: Rgb3 = (0.93, 0.94, 0.96);

fn color(c: Rgb3) -> Color {
    Color::Rgb(Rgb { r: c.0, g: c.1, b: c.2, icc_profile: None })
}

/// The operations of one page, with helpers that keep every drawing call one line.
#[derive(Default)]
pub struct Canvas {
    pub ops: Vec<Op>,
}

impl Canvas {
    /// Draws `text` (already made drawable) with its baseline at `y`.
    pub fn text(&mut self, x: f32, y: f32, pen: Pen, text: &str) {
        let Pen(face, size, ink) = pen;
        if text.is_empty() {
            return;
        }
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: color(ink) },
            Op::SetFont { font: PdfFontHandle::External(face.id()), size: Pt(size) },
            Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(y) } },
            Op::ShowText { items: vec![TextItem::Text(text.to_owned())] },
            Op::EndTextSection,
        ]);
    }

    /// Text made drawable first; returns its width.
    pub fn label(&mut self, fonts: &Fonts, x: f32, y: f32, pen: Pen, text: &str) -> f32 {
        let (t, _) = fonts.drawable(text, pen.0);
        self.text(x, y, pen, &t);
        fonts.width(&t, pen.0, pen.1)
    }

    pub fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, ink: Rgb3) {
        self.ops.extend([
            Op::SetOutlineColor { col: color(ink) },
            Op::SetOutlineThickness { pt: Pt(width) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint { p: Point { x: Pt(x1), y: Pt(y1) }, bezier: false },
                        LinePoint { p: Point { x: Pt(x2), y: Pt(y2) }, bezier: false },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, ink: Rgb3) {
        self.ops.extend([
            Op::SetFillColor { col: color(ink) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(y),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            },
        ]);
    }

    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, ink: Rgb3) {
        self.ops.extend([
            Op::SetOutlineColor { col: color(ink) },
            Op::SetOutlineThickness { pt: Pt(0.6) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(y),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Stroke),
                    winding_order: Some(WindingOrder::NonZero),
                },
            },
        ]);
    }

    /// Paints an image XObject into the box with bottom-left corner (x, y).
    pub fn image(&mut self, name: &str, x: f32, y: f32, w: f32, h: f32) {
        self.ops.push(Op::UseXobject {
            id: XObjectId(name.to_owned()),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(y)),
                scale_x: Some(w),
                scale_y: Some(h),
                no_auto_scale: true,
                ..Default::default()
            },
        });
    }
}
