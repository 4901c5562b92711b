//! The signature as ISO 32000 places it in the file: a `/Sig` dictionary whose
//! `/ByteRange` covers every byte of the file except its own `/Contents` hex string,
//! which holds the CMS signature (see `signing`); an invisible widget on the cover page
//! that is the signature field; and the catalog's `/AcroForm` listing it.
//!
//! Writing is in two steps: the document is saved with placeholders of fixed width, then
//! the byte range is written over its placeholder, the bytes it covers are hashed and
//! signed, and the signature's hex is written over the zeros. Nothing moves, so the
//! offsets in the cross-reference table stay right.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

use super::signing::Seal;
use super::BinderError;

/// Room left beyond the signature's own length (which is the same for every binder of
/// a workbook: same certificate, same key size, same attributes), as a margin.
const CONTENTS_SLACK: usize = 32;
/// The name in the signature's build properties, as it appears in the file.
pub const APP_MARK: &[u8] = b"/ReadinessWorkbook";
/// Ten digits a number: room for any offset in a binder (files up to 9.3 GB).
const RANGE_PLACEHOLDER: &[u8] = b"[0 9999999999 9999999999 9999999999]";

/// What the signature dictionary says besides the signature.
pub struct FieldText {
    /// The signer, e.g. the organisation.
    pub name: String,
    pub reason: String,
    /// PDF date, D:YYYYMMDDHHmmSSZ: the binder's generated-at (PAdES keeps the time here).
    pub signed_at: String,
}

fn text(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Adds the signature dictionary with placeholders, its field and widget on `cover`,
/// and the catalog's `/AcroForm`. Call last before saving: the signature dictionary must
/// be the last object written (see `sign`). `seal` is asked how long its signature is,
/// so the zeros waiting for it take no more room than it needs (written as hex, every
/// spare byte costs two in every binder).
pub fn add_field(lo: &mut Document, cover: ObjectId, field: &FieldText, seal: &Seal) -> Result<(), BinderError> {
    let contents_len = seal.sign(&[0u8; 32])?.len() + CONTENTS_SLACK;
    let placeholder: Vec<Object> =
        vec![0.into(), 9_999_999_999i64.into(), 9_999_999_999i64.into(), 9_999_999_999i64.into()];
    let widget_id = lo.new_object_id();
    // The widget is added first so the signature dictionary gets the highest number.
    let sig = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Sig".to_vec())),
        ("Filter", Object::Name(b"Adobe.PPKLite".to_vec())),
        ("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec())),
        ("Name", text(&field.name)),
        ("Reason", text(&field.reason)),
        ("M", Object::String(field.signed_at.clone().into_bytes(), StringFormat::Literal)),
        ("ByteRange", Object::Array(placeholder)),
        ("Contents", Object::String(vec![0u8; contents_len], StringFormat::Hexadecimal)),
        // The signature's build properties name the app. The dictionary is written out in
        // the open (the rest of the metadata is compressed), so a binder damaged past
        // parsing still shows whose it is (see `verify`).
        (
            "Prop_Build",
            Object::Dictionary(Dictionary::from_iter(vec![(
                "App",
                Object::Dictionary(Dictionary::from_iter(vec![("Name", Object::Name(APP_MARK[1..].to_vec()))])),
            )])),
        ),
    ]);
    let widget = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Widget".to_vec())),
        ("FT", Object::Name(b"Sig".to_vec())),
        ("T", text("Binder seal")),
        ("Rect", Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()])),
        // Print + Locked: invisible, and not something a viewer offers to edit.
        ("F", Object::Integer(132)),
        ("P", Object::Reference(cover)),
    ]);
    lo.objects.insert(widget_id, Object::Dictionary(widget));
    // Generation 1: the binder is saved with object streams, which may hold only objects
    // of generation 0, so this one is written out in the open, where `sign` can fill in
    // its byte range and signature.
    let sig_id = (lo.new_object_id().0, 1);
    lo.objects.insert(sig_id, Object::Dictionary(sig));
    if let Ok(Object::Dictionary(w)) = lo.get_object_mut(widget_id) {
        w.set("V", Object::Reference(sig_id));
    }
    let page = lo
        .get_object_mut(cover)
        .and_then(Object::as_dict_mut)
        .map_err(|_| BinderError::Internal("the cover page is not a dictionary".to_owned()))?;
    match page.get_mut(b"Annots") {
        Ok(Object::Array(annots)) => annots.push(Object::Reference(widget_id)),
        _ => page.set("Annots", Object::Array(vec![Object::Reference(widget_id)])),
    }
    let root = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| BinderError::Internal("the PDF has no catalog".to_owned()))?;
    let catalog = lo
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|_| BinderError::Internal("the PDF catalog is not a dictionary".to_owned()))?;
    catalog.set(
        "AcroForm",
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Fields", Object::Array(vec![Object::Reference(widget_id)])),
            // SignaturesExist + AppendOnly.
            ("SigFlags", Object::Integer(3)),
        ])),
    );
    Ok(())
}

/// Fills in the byte range and the signature of a binder saved with `add_field`'s
/// placeholders.
pub fn sign(bytes: &mut [u8], seal: &Seal) -> Result<(), BinderError> {
    let missing = || BinderError::Internal("the signature placeholder is not in the saved PDF".to_owned());
    // The signature dictionary is the last object, so its placeholder is the last match.
    let range_at = rfind(bytes, RANGE_PLACEHOLDER).ok_or_else(missing)?;
    let after = range_at + RANGE_PLACEHOLDER.len();
    let key = b"/Contents<";
    if bytes.get(after..after + key.len()) != Some(key.as_slice()) {
        return Err(missing());
    }
    let start = after + key.len() - 1; // the '<'
    let digits = bytes[start + 1..].iter().take_while(|b| b.is_ascii_hexdigit()).count();
    let end = start + 1 + digits + 1; // after the '>'
    if bytes.get(end - 1) != Some(&b'>') {
        return Err(missing());
    }
    let room = digits / 2;
    let range = [0, start, end, bytes.len() - end];
    let mut written = format!("[0 {} {} {}", range[1], range[2], range[3]).into_bytes();
    if written.len() + 1 > RANGE_PLACEHOLDER.len() {
        return Err(BinderError::Internal("the binder is too large to sign".to_owned()));
    }
    written.resize(RANGE_PLACEHOLDER.len() - 1, b' ');
    written.push(b']');
    bytes[range_at..after].copy_from_slice(&written);

    let mut h = Sha256::new();
    h.update(&bytes[..start]);
    h.update(&bytes[end..]);
    let cms = seal.sign(&h.finalize())?;
    if cms.len() > room {
        return Err(BinderError::Internal(format!("the signature ({} bytes) does not fit its place", cms.len())));
    }
    let hex = hex::encode_upper(&cms);
    bytes[start + 1..start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(())
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The signature dictionaries of a document's signature fields.
pub fn signatures(doc: &Document) -> Vec<&Dictionary> {
    fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
        match o {
            Object::Reference(id) => doc.get_object(*id).ok(),
            other => Some(other),
        }
    }
    let deref = |o| resolve(doc, o);
    let Ok(catalog) = doc.catalog() else { return Vec::new() };
    let Some(Object::Dictionary(form)) = catalog.get(b"AcroForm").ok().and_then(deref) else { return Vec::new() };
    let Some(Object::Array(fields)) = form.get(b"Fields").ok().and_then(deref) else { return Vec::new() };
    fields
        .iter()
        .filter_map(|f| deref(f)?.as_dict().ok())
        .filter(|f| f.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig".as_slice()))
        .filter_map(|f| deref(f.get(b"V").ok()?)?.as_dict().ok())
        .collect()
}

/// A signature dictionary's byte range, if it is four non-negative numbers.
pub fn byte_range(sig: &Dictionary) -> Option<[usize; 4]> {
    let Ok(Object::Array(a)) = sig.get(b"ByteRange") else { return None };
    let nums: Vec<usize> = a.iter().filter_map(|o| o.as_i64().ok()).filter_map(|n| usize::try_from(n).ok()).collect();
    nums.try_into().ok()
}

/// The last byte range written in the file, found without parsing the PDF: for a file
/// too damaged to open, to tell a binder that was changed from something else.
pub fn scan_byte_range(bytes: &[u8]) -> Option<[usize; 4]> {
    let at = rfind(bytes, b"/ByteRange")? + b"/ByteRange".len();
    let rest = bytes.get(at..bytes.len().min(at + 64))?;
    let open = rest.iter().position(|b| *b == b'[')?;
    let close = rest.iter().position(|b| *b == b']')?;
    let inner = std::str::from_utf8(rest.get(open + 1..close)?).ok()?;
    let nums: Vec<usize> = inner.split_ascii_whitespace().filter_map(|w| w.parse().ok()).collect();
    nums.try_into().ok()
}

/// Why a byte range does not cover the file as a binder's does.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeFault {
    #[error("the file is shorter than the part that was signed: it was cut")]
    Truncated,
    #[error("the signature's byte range no longer lines up with the file")]
    Misplaced,
    #[error("the space that holds the signature was edited after signing")]
    Altered,
}

/// The part of a file a byte range signs.
pub struct Signed {
    /// SHA-256 of the bytes the range covers.
    pub digest: [u8; 32],
    /// The bytes in the range's gap: the CMS signature, zero-padded.
    pub contents: Vec<u8>,
    /// Bytes after the range's end (an incremental update, or anything appended).
    pub appended: usize,
}

/// What `range` signs, after checking that it starts at the beginning of the file and
/// leaves out exactly one hex string.
pub fn signed_part(bytes: &[u8], range: [usize; 4]) -> Result<Signed, RangeFault> {
    let [from, len1, gap_end, len2] = range;
    if from != 0 || gap_end <= len1.saturating_add(1) {
        return Err(RangeFault::Misplaced);
    }
    let end = gap_end.checked_add(len2).ok_or(RangeFault::Misplaced)?;
    if end > bytes.len() {
        return Err(RangeFault::Truncated);
    }
    let gap = &bytes[len1..gap_end];
    let hex_digits = &gap[1..gap.len() - 1];
    if gap.first() != Some(&b'<') || gap.last() != Some(&b'>') || !hex_digits.len().is_multiple_of(2) {
        return Err(RangeFault::Misplaced);
    }
    let contents = hex::decode(hex_digits).map_err(|_| RangeFault::Misplaced)?;
    // `sign` writes upper-case hex; a digit's case changed is a changed byte too.
    if hex::encode_upper(&contents).as_bytes() != hex_digits {
        return Err(RangeFault::Altered);
    }
    let mut h = Sha256::new();
    h.update(&bytes[..len1]);
    h.update(&bytes[gap_end..end]);
    Ok(Signed { digest: h.finalize().into(), contents, appended: bytes.len() - end })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_range_must_fit_the_file_and_leave_out_one_upper_case_hex_string() {
        let file = b"head<00AB00>tail";
        let part = signed_part(file, [0, 4, 12, 4]).unwrap();
        assert_eq!(part.contents, [0x00, 0xAB, 0x00]);
        assert_eq!(part.appended, 0);
        assert_eq!(part.digest, <[u8; 32]>::from(Sha256::digest(b"headtail")));

        let mut longer = file.to_vec();
        longer.extend(b"more");
        assert_eq!(signed_part(&longer, [0, 4, 12, 4]).map(|p| p.appended).ok(), Some(4));
        assert_eq!(signed_part(&file[..14], [0, 4, 12, 4]).err(), Some(RangeFault::Truncated));
        assert_eq!(signed_part(file, [1, 4, 12, 4]).err(), Some(RangeFault::Misplaced));
        assert_eq!(signed_part(file, [0, 3, 12, 4]).err(), Some(RangeFault::Misplaced));
        assert_eq!(signed_part(b"head<00ab00>tail", [0, 4, 12, 4]).err(), Some(RangeFault::Altered));
        assert_eq!(signed_part(file, [0, usize::MAX, 12, 4]).err(), Some(RangeFault::Misplaced));
    }

    #[test]
    fn the_byte_range_is_found_without_parsing() {
        assert_eq!(scan_byte_range(b"x/ByteRange [0 10 20 30]/Contents<00>"), Some([0, 10, 20, 30]));
        assert_eq!(scan_byte_range(b"x/ByteRange [0 10 20]"), None);
        assert_eq!(scan_byte_range(b"no range"), None);
    }
}
