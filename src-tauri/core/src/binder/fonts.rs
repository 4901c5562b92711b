//! The binder's typefaces: DejaVu Sans (regular and bold) for text and DejaVu Sans Mono
//! for hashes, shipped in `assets/fonts` under the Bitstream Vera licence, which allows
//! embedding. Widths come from the fonts' own metrics so wrapping is exact.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{FontId, ParsedFont};
use sha2::{Digest, Sha256};

use super::BinderError;

const REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");
const MONO: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSansMono.ttf");

/// Shown in place of a character none of our fonts can draw.
pub const MISSING: char = '\u{25A1}'; // WHITE SQUARE

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Bold,
    Mono,
}

impl Face {
    /// Fixed resource names keep the output byte-identical from run to run.
    pub fn id(self) -> FontId {
        FontId(
            match self {
                Face::Regular => "F1",
                Face::Bold => "F2",
                Face::Mono => "F3",
            }
            .to_owned(),
        )
    }

    /// The PostScript name the subset is embedded under (after its `XXXXXX+` tag).
    fn font_name(self) -> &'static str {
        match self {
            Face::Regular => "DejaVuSans",
            Face::Bold => "DejaVuSans-Bold",
            Face::Mono => "DejaVuSansMono",
        }
    }
}

pub struct Metrics {
    units_per_em: f32,
    widths: BTreeMap<u32, u16>,
    default_width: u16,
}

impl Metrics {
    fn new(font: &ParsedFont) -> Self {
        let widths = font
            .codepoint_to_glyph
            .iter()
            .filter_map(|(cp, gid)| font.glyph_widths.get(gid).map(|w| (*cp, *w)))
            .collect();
        let default_width = font.glyph_widths.get(&0).copied().unwrap_or(font.units_per_em / 2);
        Self { units_per_em: f32::from(font.units_per_em.max(1)), widths, default_width }
    }

    pub fn has(&self, c: char) -> bool {
        self.widths.contains_key(&(c as u32))
    }

    fn width(&self, c: char) -> f32 {
        f32::from(self.widths.get(&(c as u32)).copied().unwrap_or(self.default_width)) / self.units_per_em
    }
}

/// The parsed fonts and their metrics, loaded once per export.
pub struct Fonts {
    parsed: Vec<(Face, ParsedFont)>,
    regular: Metrics,
    bold: Metrics,
    mono: Metrics,
}

impl Fonts {
    pub fn load() -> Result<Self, BinderError> {
        let mut parsed = Vec::new();
        for (face, bytes) in [(Face::Regular, REGULAR), (Face::Bold, BOLD), (Face::Mono, MONO)] {
            let mut warnings = Vec::new();
            let font = ParsedFont::from_bytes(bytes, 0, &mut warnings)
                .ok_or_else(|| BinderError::Internal(format!("the built-in font {face:?} could not be read")))?;
            parsed.push((face, font));
        }
        let metrics = |f: Face| parsed.iter().find(|(face, _)| *face == f).map(|(_, p)| Metrics::new(p));
        let (Some(regular), Some(bold), Some(mono)) =
            (metrics(Face::Regular), metrics(Face::Bold), metrics(Face::Mono))
        else {
            return Err(BinderError::Internal("the built-in fonts are incomplete".to_owned()));
        };
        Ok(Self { parsed, regular, bold, mono })
    }

    /// Each face cut down to the characters in `used` (plus the "missing glyph"), for
    /// embedding: the three whole fonts weigh about 1 MB in every binder, their subsets a
    /// few dozen KB. allsorts does the cutting (the subsetter printpdf's own, optional,
    /// path uses); here the glyphs are renumbered and the face named `XXXXXX+Name`, the
    /// tag PDF readers (and `pdffonts`) know a subset by. Deterministic: the tag comes
    /// from the glyphs kept, so the same text gives the same bytes.
    pub fn subsets(&self, used: &BTreeMap<Face, BTreeSet<char>>) -> Result<Vec<(Face, ParsedFont)>, BinderError> {
        let none = BTreeSet::new();
        self.parsed
            .iter()
            .map(|(face, full)| Ok((*face, subset(*face, full, used.get(face).unwrap_or(&none))?)))
            .collect()
    }

    pub fn metrics(&self, face: Face) -> &Metrics {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::Mono => &self.mono,
        }
    }

    /// Width of `text` in points at `size`.
    pub fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        let m = self.metrics(face);
        text.chars().map(|c| m.width(c)).sum::<f32>() * size
    }

    /// `text` made drawable: control characters become spaces, characters the face cannot
    /// draw become `MISSING`, and right-to-left runs are put in visual order. The flag
    /// says whether anything had to be replaced, so the caller can say so on the page.
    pub fn drawable(&self, text: &str, face: Face) -> (String, bool) {
        let m = self.metrics(face);
        let mut replaced = false;
        let cleaned: String = text
            .chars()
            .map(|c| {
                if c == '\t' {
                    ' '
                } else if c == '\n' {
                    c
                } else if c.is_control() || is_invisible(c) {
                    '\u{0}'
                } else if m.has(c) {
                    c
                } else {
                    replaced = true;
                    MISSING
                }
            })
            .filter(|c| *c != '\u{0}')
            .collect();
        (visual_order(&cleaned), replaced)
    }
}

fn subset(face: Face, full: &ParsedFont, chars: &BTreeSet<char>) -> Result<ParsedFont, BinderError> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};

    let fail = |e: String| BinderError::Internal(format!("the {face:?} font could not be subset: {e}"));
    // Glyph 0 (.notdef) must come first; the rest in glyph order, each once.
    let kept: BTreeSet<u16> = chars.iter().filter_map(|c| full.codepoint_to_glyph.get(&(*c as u32)).copied()).collect();
    let ids: Vec<u16> = std::iter::once(0).chain(kept.iter().copied().filter(|g| *g != 0)).collect();
    let scope = ReadScope::new(&full.original_bytes);
    let data = scope.read::<FontData<'_>>().map_err(|e| fail(e.to_string()))?;
    let provider = data.table_provider(0).map_err(|e| fail(e.to_string()))?;
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| fail(e.to_string()))?;
    // allsorts numbers the kept glyphs by their position in `ids`.
    let renumber: BTreeMap<u16, u16> = ids.iter().enumerate().map(|(new, old)| (*old, new as u16)).collect();
    let mut out = full.clone();
    out.original_bytes = bytes;
    out.codepoint_to_glyph = full
        .codepoint_to_glyph
        .iter()
        .filter(|(cp, _)| char::from_u32(**cp).is_some_and(|c| chars.contains(&c)))
        .filter_map(|(cp, gid)| renumber.get(gid).map(|new| (*cp, *new)))
        .collect();
    out.glyph_widths =
        full.glyph_widths.iter().filter_map(|(gid, w)| renumber.get(gid).map(|new| (*new, *w))).collect();
    let digest = Sha256::digest(ids.iter().flat_map(|g| g.to_be_bytes()).collect::<Vec<u8>>());
    let tag: String = digest.iter().take(6).map(|b| char::from(b'A' + b % 26)).collect();
    out.font_name = Some(format!("{tag}+{}", face.font_name()));
    Ok(out)
}

/// Format characters (bidi marks, zero-width joiners, BOM) have no glyph and no width.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Reverses each run of right-to-left words so a line reads correctly when drawn left
/// to right. A simplification of the Unicode bidi algorithm that is right for names and
/// short phrases (what workbooks hold); Arabic letters are shown in their isolated forms.
fn visual_order(text: &str) -> String {
    if !text.chars().any(is_rtl) {
        return text.to_owned();
    }
    if text.contains('\n') {
        return text.split('\n').map(visual_order).collect::<Vec<_>>().join("\n");
    }
    let words: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut run: Vec<String> = Vec::new();
    for w in words {
        if w.chars().any(is_rtl) {
            run.push(w.chars().rev().collect());
        } else {
            out.extend(run.drain(..).rev());
            out.push(w.to_owned());
        }
    }
    out.extend(run.drain(..).rev());
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font_and_scale_with_size() {
        let f = Fonts::load().unwrap();
        let w10 = f.width("Readiness", Face::Regular, 10.0);
        assert!(w10 > 30.0 && w10 < 60.0, "{w10}");
        assert!((f.width("Readiness", Face::Regular, 20.0) - 2.0 * w10).abs() < 0.01);
        assert!(f.width("WWW", Face::Bold, 10.0) > f.width("iii", Face::Bold, 10.0));
        let mono = f.width("0123456789abcdef", Face::Mono, 10.0);
        assert!((mono - 16.0 * f.width("0", Face::Mono, 10.0)).abs() < 0.01);
    }

    #[test]
    fn characters_the_font_lacks_are_replaced_and_reported() {
        let f = Fonts::load().unwrap();
        let (text, replaced) = f.drawable("Zoë Müller", Face::Regular);
        assert_eq!((text.as_str(), replaced), ("Zoë Müller", false));
        let (text, replaced) = f.drawable("田中 太郎", Face::Regular);
        assert!(replaced);
        assert_eq!(text.chars().filter(|c| *c == MISSING).count(), 4);
        let (text, _) = f.drawable("tab\there\u{7}\nnext", Face::Regular);
        assert_eq!(text, "tab here\nnext");
    }

    #[test]
    fn right_to_left_words_are_put_in_visual_order() {
        assert_eq!(visual_order("Owner: שלום עולם"), "Owner: םלוע םולש");
        assert_eq!(visual_order("plain"), "plain");
    }
}
