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

/// One run of text on a page.
struct Run {
    x: f32,
    y: f32,
    pen: Pen,
    text: String,
}

/// The operations of one page, with helpers that keep every drawing call one line.
///
/// Shapes and images are kept in drawing order; text is kept apart and written last, in
/// one text object, setting colour and font only when they change and moving from run to
/// run. Text goes on top of every box and rule, as it should, and a page's content stream
/// is much smaller than with a text object per run (the binder is mostly text).
#[derive(Default)]
pub struct Canvas {
    ops: Vec<Op>,
    runs: Vec<Run>,
    /// The stroke colour and width, and the fill colour, last set among the shapes: set
    /// again only when they change.
    stroke: Option<(Rgb3, f32)>,
    fill: Option<Rgb3>,
}

/// A coordinate to the hundredth of a point, which is what gets written: `672.77`
/// rather than the `672.76996` float arithmetic leaves.
fn hundredths(v: f32) -> Pt {
    Pt((v * 100.0).round() / 100.0)
}

impl Canvas {
    /// Draws `text` (already made drawable) with its baseline at `y`.
    pub fn text(&mut self, x: f32, y: f32, pen: Pen, text: &str) {
        if text.is_empty() {
            return;
        }
        self.runs.push(Run { x, y, pen, text: text.to_owned() });
    }

    /// The page's operations: shapes and images, then all of its text.
    pub fn into_ops(self) -> Vec<Op> {
        let mut ops = self.ops;
        if self.runs.is_empty() {
            return ops;
        }
        ops.push(Op::StartTextSection);
        let mut ink: Option<Rgb3> = None;
        let mut font: Option<(Face, f32)> = None;
        // Where the last run started, in hundredths of a point: each run moves there
        // from the last (Td), by a whole number of hundredths, so nothing drifts.
        let mut at = (0i64, 0i64);
        for Run { x, y, pen: Pen(face, size, run_ink), text } in self.runs {
            if ink != Some(run_ink) {
                ops.push(Op::SetFillColor { col: color(run_ink) });
                ink = Some(run_ink);
            }
            if font != Some((face, size)) {
                ops.push(Op::SetFont { font: PdfFontHandle::External(face.id()), size: Pt(size) });
                font = Some((face, size));
            }
            let to = ((x * 100.0).round() as i64, (y * 100.0).round() as i64);
            let step = |d: i64| Pt(d as f32 / 100.0);
            ops.push(Op::SetTextCursor { pos: Point { x: step(to.0 - at.0), y: step(to.1 - at.1) } });
            at = to;
            ops.push(Op::ShowText { items: vec![TextItem::Text(text)] });
        }
        ops.push(Op::EndTextSection);
        ops
    }

    /// Text made drawable first; returns its width.
    pub fn label(&mut self, fonts: &Fonts, x: f32, y: f32, pen: Pen, text: &str) -> f32 {
        let (t, _) = fonts.drawable(text, pen.0);
        self.text(x, y, pen, &t);
        fonts.width(&t, pen.0, pen.1)
    }

    fn set_stroke(&mut self, ink: Rgb3, width: f32) {
        if self.stroke != Some((ink, width)) {
            self.ops.extend([Op::SetOutlineColor { col: color(ink) }, Op::SetOutlineThickness { pt: Pt(width) }]);
            self.stroke = Some((ink, width));
        }
    }

    fn set_fill(&mut self, ink: Rgb3) {
        if self.fill != Some(ink) {
            self.ops.push(Op::SetFillColor { col: color(ink) });
            self.fill = Some(ink);
        }
    }

    pub fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, ink: Rgb3) {
        self.set_stroke(ink, width);
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint { p: Point { x: hundredths(x1), y: hundredths(y1) }, bezier: false },
                    LinePoint { p: Point { x: hundredths(x2), y: hundredths(y2) }, bezier: false },
                ],
                is_closed: false,
            },
        });
    }

    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, ink: Rgb3) {
        self.set_fill(ink);
        self.rectangle(x, y, w, h, PaintMode::Fill);
    }

    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, ink: Rgb3) {
        self.set_stroke(ink, 0.6);
        self.rectangle(x, y, w, h, PaintMode::Stroke);
    }

    fn rectangle(&mut self, x: f32, y: f32, w: f32, h: f32, mode: PaintMode) {
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: hundredths(x),
                y: hundredths(y),
                width: hundredths(w),
                height: hundredths(h),
                mode: Some(mode),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
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
