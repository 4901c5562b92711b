//! Turning laid-out pages into PDF bytes. printpdf writes the pages, fonts and images;
//! the parts it does not offer (nested bookmarks, contents links, embedded files, our
//! metadata, a stable document id) are added on its lopdf document before saving.
//! Nothing random or clock-based goes in, so the same input gives the same bytes.
//! Last, each page's digest is added to the metadata and the whole file is signed with
//! the workbook's seal (`sigfield`, `signing`); the signature is deterministic too.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use printpdf::{Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, TextItem, XObject, XObjectId};

use super::canvas::{Canvas, PAGE_H, PAGE_W};
use super::fonts::{Face, Fonts};
use super::images::Image;
use super::sigfield::{self, FieldText};
use super::signing::Seal;
use super::BinderError;

/// The metadata key under which each page's digest is kept (see `pages`).
pub const PAGES_KEY: &str = "ReadinessPages";

/// A bookmark: its title, nesting level (1 = section) and target.
pub struct Mark {
    pub title: String,
    pub level: u8,
    pub page: usize,
    pub y: f32,
}

/// A clickable area on one page that jumps to another page.
pub struct Link {
    pub page: usize,
    pub rect: [f32; 4],
    pub target_page: usize,
    pub target_y: f32,
}

pub struct Attachment {
    /// Unique, sortable name shown in the viewer's attachment list, e.g. "E-0007 scan.pdf".
    pub name: String,
    pub description: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

pub struct Info {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// PDF date string, D:YYYYMMDDHHmmSSZ.
    pub created: String,
    /// Extra keys stored in the document information dictionary.
    pub custom: Vec<(String, String)>,
    /// Sixteen bytes that identify this binder (derived from its fingerprint).
    pub id: [u8; 16],
}

pub struct Parts {
    pub pages: Vec<Canvas>,
    pub images: Vec<Image>,
    pub marks: Vec<Mark>,
    pub links: Vec<Link>,
    pub attachments: Vec<Attachment>,
    pub info: Info,
}

pub struct Written {
    pub bytes: Vec<u8>,
    /// Time spent on the seal: page digests, hashing the file, signing.
    pub signing: std::time::Duration,
}

/// Writes the binder and signs it with `seal`.
pub fn write(fonts: &Fonts, parts: Parts, seal: &Seal, field: &FieldText) -> Result<Written, BinderError> {
    let mut doc = PdfDocument::new(&parts.info.title);
    let pages: Vec<Vec<Op>> = parts.pages.into_iter().map(Canvas::into_ops).collect();
    for (face, parsed) in fonts.subsets(&used_characters(&pages))? {
        doc.resources.fonts.map.insert(face.id(), printpdf::PdfFont::new(parsed));
    }
    for image in parts.images {
        doc.resources.xobjects.map.insert(XObjectId(image.name.clone()), XObject::External(image.xobject));
    }
    let pages: Vec<PdfPage> =
        pages.into_iter().map(|ops| PdfPage::new(Mm(PAGE_W * 25.4 / 72.0), Mm(PAGE_H * 25.4 / 72.0), ops)).collect();
    doc.with_pages(pages);
    let opts = PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    drop(doc);

    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    literal_text_strings(&mut lo, &page_ids);
    add_links(&mut lo, &page_ids, &parts.links)?;
    add_outline(&mut lo, &page_ids, &parts.marks)?;
    add_attachments(&mut lo, parts.attachments)?;
    let info_id = set_info(&mut lo, &parts.info)?;
    // printpdf's own information dictionary is replaced above; drop the orphan.
    lo.prune_objects();
    lo.compress();
    // What each page shows, in the signed metadata, so a checker can name changed pages.
    let started = std::time::Instant::now();
    let digests = super::pages::digests(&lo);
    let json = serde_json::to_string(&digests)
        .map_err(|e| BinderError::Internal(format!("the page digests could not be written: {e}")))?;
    if let Ok(Object::Dictionary(d)) = lo.get_object_mut(info_id) {
        // Hex digests and numbers only: plain ASCII, a quarter of the bytes of UTF-16 hex.
        d.set(PAGES_KEY, Object::String(json.into_bytes(), StringFormat::Literal));
    }
    let cover = page_ref(&page_ids, 0)?;
    sigfield::add_field(&mut lo, cover, field, seal)?;
    let mut signing = started.elapsed();
    let mut out = Vec::new();
    // Object streams (PDF 1.5) pack the hundreds of small dictionaries (pages, outline
    // entries, links) into a few compressed streams: about a fifth of a text binder. The
    // signature dictionary stays outside them (`sigfield`), where its placeholders can be
    // filled in.
    let options =
        lopdf::SaveOptions::builder().use_object_streams(true).use_xref_streams(true).compression_level(9).build();
    lo.save_with_options(&mut out, options)
        .map_err(|e| BinderError::Internal(format!("the PDF could not be written: {e}")))?;
    let started = std::time::Instant::now();
    sigfield::sign(&mut out, seal)?;
    signing += started.elapsed();
    Ok(Written { bytes: out, signing })
}

/// printpdf writes each run's glyph codes as a hex string, four characters per glyph;
/// as a literal string they take two bytes, and the compressed page is about 7 % smaller.
/// The streams are still uncompressed here (`optimize: false`), so this is one pass over
/// their bytes.
fn literal_text_strings(lo: &mut lopdf::Document, page_ids: &[ObjectId]) {
    let contents: Vec<ObjectId> = page_ids
        .iter()
        .filter_map(|id| lo.get_dictionary(*id).ok()?.get(b"Contents").ok()?.as_reference().ok())
        .collect();
    for id in contents {
        if let Ok(Object::Stream(stream)) = lo.get_object_mut(id) {
            if stream.dict.get(b"Filter").is_err() {
                let rewritten = hex_to_literal(&stream.content);
                stream.set_content(rewritten);
            }
        }
    }
}

/// Rewrites every `<hex> Tj` of a content stream as `(bytes) Tj`, escaping what a
/// literal string must escape (backslash, parentheses, and line ends, which readers
/// would otherwise normalise).
fn hex_to_literal(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len());
    let mut i = 0;
    while i < content.len() {
        if content[i] == b'<' {
            let digits = content[i + 1..].iter().take_while(|b| b.is_ascii_hexdigit()).count();
            let end = i + 1 + digits;
            let tail = content.get(end..end + 4);
            if digits % 2 == 0 && tail == Some(b"> Tj".as_slice()) {
                out.push(b'(');
                for pair in content[i + 1..end].chunks(2) {
                    let byte =
                        pair.iter().fold(0u8, |acc, d| (acc << 4) | (*d as char).to_digit(16).unwrap_or(0) as u8);
                    match byte {
                        b'\\' | b'(' | b')' => out.extend([b'\\', byte]),
                        b'\r' => out.extend(b"\\r"),
                        b'\n' => out.extend(b"\\n"),
                        _ => out.push(byte),
                    }
                }
                out.push(b')');
                i = end + 1;
                continue;
            }
        }
        out.push(content[i]);
        i += 1;
    }
    out
}

/// Every character drawn, by face: what each font is cut down to.
fn used_characters(pages: &[Vec<Op>]) -> BTreeMap<Face, BTreeSet<char>> {
    let faces = [Face::Regular, Face::Bold, Face::Mono];
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for page in pages {
        let mut current = None;
        for op in page {
            match op {
                Op::SetFont { font: PdfFontHandle::External(id), .. } => {
                    current = faces.iter().copied().find(|f| f.id() == *id);
                }
                Op::ShowText { items } => {
                    let Some(face) = current else { continue };
                    let set = used.entry(face).or_default();
                    for item in items {
                        if let TextItem::Text(t) = item {
                            set.extend(t.chars());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    used
}

fn text(s: &str) -> Object {
    // UTF-16BE with a byte-order mark: the PDF encoding for any language.
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn page_ref(page_ids: &[ObjectId], page: usize) -> Result<ObjectId, BinderError> {
    page_ids.get(page).copied().ok_or_else(|| BinderError::Internal(format!("page {page} does not exist")))
}

fn dest(page_ids: &[ObjectId], page: usize, y: f32) -> Result<Object, BinderError> {
    Ok(Object::Array(vec![
        Object::Reference(page_ref(page_ids, page)?),
        Object::Name(b"XYZ".to_vec()),
        Object::Null,
        Object::Real(y),
        Object::Null,
    ]))
}

fn catalog_id(lo: &lopdf::Document) -> Result<ObjectId, BinderError> {
    lo.trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| BinderError::Internal("the PDF has no catalog".to_owned()))
}

fn catalog_mut(lo: &mut lopdf::Document) -> Result<&mut Dictionary, BinderError> {
    let id = catalog_id(lo)?;
    lo.get_object_mut(id)
        .and_then(Object::as_dict_mut)
        .map_err(|_| BinderError::Internal("the PDF catalog is not a dictionary".to_owned()))
}

fn add_links(lo: &mut lopdf::Document, page_ids: &[ObjectId], links: &[Link]) -> Result<(), BinderError> {
    let mut by_page: BTreeMap<usize, Vec<Object>> = BTreeMap::new();
    for link in links {
        let annot = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Link".to_vec())),
            ("Rect", Object::Array(link.rect.iter().map(|v| Object::Real(*v)).collect())),
            ("Border", Object::Array(vec![0.into(), 0.into(), 0.into()])),
            ("Dest", dest(page_ids, link.target_page, link.target_y)?),
        ]);
        let id = lo.add_object(annot);
        by_page.entry(link.page).or_default().push(Object::Reference(id));
    }
    for (page, annots) in by_page {
        let pid = page_ref(page_ids, page)?;
        let dict = lo
            .get_object_mut(pid)
            .and_then(Object::as_dict_mut)
            .map_err(|_| BinderError::Internal("a page is not a dictionary".to_owned()))?;
        dict.set("Annots", Object::Array(annots));
    }
    Ok(())
}

/// Nested outline: level-1 marks at the top, each following level-2 mark under the
/// level-1 mark before it.
fn add_outline(lo: &mut lopdf::Document, page_ids: &[ObjectId], marks: &[Mark]) -> Result<(), BinderError> {
    if marks.is_empty() {
        return Ok(());
    }
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = marks.iter().map(|_| lo.new_object_id()).collect();
    // Parent index for each mark: None means the root.
    let mut parents: Vec<Option<usize>> = Vec::with_capacity(marks.len());
    let mut last_top: Option<usize> = None;
    for (i, m) in marks.iter().enumerate() {
        if m.level <= 1 || last_top.is_none() {
            parents.push(None);
            last_top = Some(i);
        } else {
            parents.push(last_top);
        }
    }
    let children = |p: Option<usize>| -> Vec<usize> { (0..marks.len()).filter(|i| parents[*i] == p).collect() };
    for (i, m) in marks.iter().enumerate() {
        let siblings = children(parents[i]);
        let pos = siblings.iter().position(|s| *s == i).unwrap_or(0);
        let mut d = Dictionary::from_iter(vec![
            ("Title", text(&m.title)),
            ("Parent", Object::Reference(parents[i].map(|p| ids[p]).unwrap_or(root))),
            ("Dest", dest(page_ids, m.page, m.y)?),
        ]);
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(next) = siblings.get(pos + 1) {
            d.set("Next", Object::Reference(ids[*next]));
        }
        let kids = children(Some(i));
        if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[*first]));
            d.set("Last", Object::Reference(ids[*last]));
            // Negative: closed by default, so the panel opens on the section list.
            d.set("Count", Object::Integer(-(kids.len() as i64)));
        }
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    let tops = children(None);
    let (Some(first), Some(last)) = (tops.first(), tops.last()) else {
        return Ok(());
    };
    lo.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Outlines".to_vec())),
            ("First", Object::Reference(ids[*first])),
            ("Last", Object::Reference(ids[*last])),
            ("Count", Object::Integer(tops.len() as i64)),
        ])),
    );
    let catalog = catalog_mut(lo)?;
    catalog.set("Outlines", Object::Reference(root));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}

fn add_attachments(lo: &mut lopdf::Document, mut files: Vec<Attachment>) -> Result<(), BinderError> {
    if files.is_empty() {
        return Ok(());
    }
    // The name tree must be sorted by name.
    files.sort_by(|a, b| a.name.cmp(&b.name));
    let mut names = Vec::with_capacity(files.len() * 2);
    let mut specs = Vec::with_capacity(files.len());
    for f in files {
        let size = f.bytes.len() as i64;
        let subtype = f.media_type.replace('/', "#2F");
        let stream = Stream::new(
            Dictionary::from_iter(vec![
                ("Type", Object::Name(b"EmbeddedFile".to_vec())),
                ("Subtype", Object::Name(subtype.into_bytes())),
                ("Params", Object::Dictionary(Dictionary::from_iter(vec![("Size", Object::Integer(size))]))),
            ]),
            f.bytes,
        );
        let stream_id = lo.add_object(stream);
        let spec = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Filespec".to_vec())),
            ("F", text(&f.name)),
            ("UF", text(&f.name)),
            ("Desc", text(&f.description)),
            ("AFRelationship", Object::Name(b"Source".to_vec())),
            ("EF", Object::Dictionary(Dictionary::from_iter(vec![("F", Object::Reference(stream_id))]))),
        ]);
        let spec_id = lo.add_object(spec);
        names.push(text(&f.name));
        names.push(Object::Reference(spec_id));
        specs.push(Object::Reference(spec_id));
    }
    let tree = lo.add_object(Dictionary::from_iter(vec![("Names", Object::Array(names))]));
    let catalog = catalog_mut(lo)?;
    catalog.set("Names", Object::Dictionary(Dictionary::from_iter(vec![("EmbeddedFiles", Object::Reference(tree))])));
    catalog.set("AF", Object::Array(specs));
    Ok(())
}

fn set_info(lo: &mut lopdf::Document, info: &Info) -> Result<ObjectId, BinderError> {
    let mut d = Dictionary::from_iter(vec![
        ("Title", text(&info.title)),
        ("Author", text(&info.author)),
        ("Subject", text(&info.subject)),
        ("Creator", text(&format!("Readiness Workbook {}", env!("CARGO_PKG_VERSION")))),
        ("Producer", text("Readiness Workbook (printpdf)")),
        ("CreationDate", Object::String(info.created.clone().into_bytes(), StringFormat::Literal)),
        ("ModDate", Object::String(info.created.clone().into_bytes(), StringFormat::Literal)),
    ]);
    for (k, v) in &info.custom {
        d.set(k.as_bytes().to_vec(), text(v));
    }
    let info_id = lo.add_object(d);
    lo.trailer.set("Info", Object::Reference(info_id));
    let id = Object::String(info.id.to_vec(), StringFormat::Hexadecimal);
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(info_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_text_becomes_literal_with_the_bytes_a_literal_string_must_escape() {
        // Glyph codes 0x0028 "(", 0x005c "\\", 0x000d and 0x000a (line ends), 0x0029 ")".
        let content = b"BT\n/F1 9 Tf\n<0028005c000d000a0029> Tj\n<0041> Tj\nET";
        let out = hex_to_literal(content);
        assert_eq!(out, b"BT\n/F1 9 Tf\n(\0\\(\0\\\\\0\\r\0\\n\0\\)) Tj\n(\0A) Tj\nET".to_vec());
        // Anything else is left alone: a hex string not shown with Tj, an odd digit count.
        for other in [b"<0041> TJ".as_slice(), b"<041> Tj", b"<< /A 1 >>"] {
            assert_eq!(hex_to_literal(other), other);
        }
    }
}
