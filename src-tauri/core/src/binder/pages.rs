//! What each page shows, as a digest: SHA-256 of the page's content stream (decoded)
//! followed by the digest of every image it draws. Recorded for every page in the
//! binder's signed metadata at export, recomputed by `verify`, so a checker can name the
//! pages that were removed, moved or replaced rather than only say "changed".
//!
//! Every binder page is unique (the running footer numbers it), so a digest also says
//! where a page went.

use std::collections::{BTreeMap, HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};
use sha2::{Digest, Sha256};

/// Pages larger than this once decoded are not binder pages; read no further.
const MAX_PAGE_CONTENT: usize = 64 * 1024 * 1024;

/// One digest per page, in page order.
pub fn digests(doc: &Document) -> Vec<String> {
    let mut images: HashMap<ObjectId, [u8; 32]> = HashMap::new();
    doc.page_iter().map(|page| digest(doc, page, &mut images)).collect()
}

fn digest(doc: &Document, page: ObjectId, images: &mut HashMap<ObjectId, [u8; 32]>) -> String {
    let content = doc.get_page_content_with_limit(page, MAX_PAGE_CONTENT).unwrap_or_default();
    let mut h = Sha256::new();
    h.update(Sha256::digest(&content));
    // Every binder page lists all of the binder's images as resources; only the ones it
    // paints count, found in one pass over the content rather than one per image.
    let painted = painted(&content);
    for (name, id) in xobjects(doc, page) {
        if !painted.contains(name.as_slice()) {
            continue;
        }
        let d = images.entry(id).or_insert_with(|| {
            let bytes = doc
                .get_object(id)
                .and_then(Object::as_stream)
                .map(|s| s.decompressed_content().unwrap_or_else(|_| s.content.clone()))
                .unwrap_or_default();
            Sha256::digest(bytes).into()
        });
        h.update(&name);
        h.update(*d);
    }
    hex::encode(h.finalize())
}

/// The page's XObjects by name (own or inherited resources), sorted by name.
fn xobjects(doc: &Document, page: ObjectId) -> BTreeMap<Vec<u8>, ObjectId> {
    let mut out = BTreeMap::new();
    let Ok((own, inherited)) = doc.get_page_resources(page) else { return out };
    let dicts = own.into_iter().chain(inherited.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
    for resources in dicts {
        let xobj = match resources.get(b"XObject") {
            Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok(),
            Ok(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        for (name, obj) in xobj.map(Dictionary::iter).into_iter().flatten() {
            if let Ok(id) = obj.as_reference() {
                out.entry(name.clone()).or_insert(id);
            }
        }
    }
    out
}

/// The names of the XObjects `content` paints: each `/Name Do` in it.
fn painted(content: &[u8]) -> HashSet<&[u8]> {
    let is_delimiter = |b: u8| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b);
    let mut names = HashSet::new();
    let mut i = 0;
    while let Some(slash) = content.get(i..).and_then(|rest| rest.iter().position(|b| *b == b'/')) {
        let start = i + slash + 1;
        let end = start + content[start..].iter().position(|b| is_delimiter(*b)).unwrap_or(content.len() - start);
        let after = end + content[end..].iter().take_while(|b| b.is_ascii_whitespace()).count();
        if content.get(after..after + 2) == Some(b"Do") && content.get(after + 2).is_none_or(|b| is_delimiter(*b)) {
            names.insert(&content[start..end]);
        }
        i = end.max(start);
    }
    names
}

/// How the pages of a file compare with the digests recorded when it was signed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageChanges {
    /// Recorded pages (1-based) found nowhere in the file.
    pub missing: Vec<usize>,
    /// Recorded pages found in the file, but at another position: (was, now).
    pub moved: Vec<(usize, usize)>,
    /// Pages of the file (1-based) that the binder never had.
    pub foreign: Vec<usize>,
}

impl PageChanges {
    pub fn none(&self) -> bool {
        self.missing.is_empty() && self.moved.is_empty() && self.foreign.is_empty()
    }

    /// Plain words, e.g. "pages 35–40 were removed or changed after signing".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.missing.is_empty() {
            let verb = if self.missing.len() == 1 { "was" } else { "were" };
            parts.push(format!("{} {verb} removed or changed after signing", ranges(&self.missing)));
        }
        if !self.moved.is_empty() {
            let was: Vec<usize> = self.moved.iter().map(|(w, _)| *w).collect();
            let verb = if was.len() == 1 { "is" } else { "are" };
            parts.push(format!("{} {verb} no longer in the signed order", ranges(&was)));
        }
        if !self.foreign.is_empty() {
            let verb = if self.foreign.len() == 1 { "was" } else { "were" };
            parts.push(format!("{} of this file {verb} not in the signed binder", ranges(&self.foreign)));
        }
        parts.join("; ")
    }
}

pub fn compare(recorded: &[String], now: &[String]) -> PageChanges {
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (i, d) in now.iter().enumerate() {
        at.entry(d.as_str()).or_insert(i);
    }
    let known: std::collections::HashSet<&str> = recorded.iter().map(String::as_str).collect();
    let mut changes = PageChanges::default();
    for (i, d) in recorded.iter().enumerate() {
        match at.get(d.as_str()) {
            None => changes.missing.push(i + 1),
            Some(j) if *j != i => changes.moved.push((i + 1, j + 1)),
            Some(_) => {}
        }
    }
    // A page that only shifted because pages before it were removed or added is not
    // itself out of order: keep "moved" for pages whose neighbours changed order.
    let shifted_only = changes.moved.windows(2).all(|w| w[0].1 < w[1].1);
    if shifted_only {
        changes.moved.clear();
    }
    changes.foreign = now.iter().enumerate().filter(|(_, d)| !known.contains(d.as_str())).map(|(i, _)| i + 1).collect();
    changes
}

/// "page 7", "pages 35–40", "pages 3, 7 and 35–40".
pub fn ranges(pages: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &p in pages {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == p => *end = p,
            _ => runs.push((p, p)),
        }
    }
    // Two pages read better as "3 and 4" than as a range.
    let runs: Vec<(usize, usize)> =
        runs.into_iter().flat_map(|(a, b)| if b == a + 1 { vec![(a, a), (b, b)] } else { vec![(a, b)] }).collect();
    let words: Vec<String> =
        runs.iter().map(|(a, b)| if a == b { a.to_string() } else { format!("{a}\u{2013}{b}") }).collect();
    let noun = if pages.len() == 1 { "page" } else { "pages" };
    match words.as_slice() {
        [] => "no pages".to_owned(),
        [one] => format!("{noun} {one}"),
        [init @ .., last] => format!("{noun} {} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("d{i}")).collect()
    }

    #[test]
    fn removed_pages_are_named_as_one_range() {
        let before = pages(50);
        let after: Vec<String> =
            before.iter().enumerate().filter(|(i, _)| !(34..40).contains(i)).map(|(_, d)| d.clone()).collect();
        let c = compare(&before, &after);
        assert_eq!(c.missing, (35..=40).collect::<Vec<_>>());
        assert!(c.moved.is_empty() && c.foreign.is_empty(), "{c:?}");
        assert_eq!(c.describe(), "pages 35\u{2013}40 were removed or changed after signing");
    }

    #[test]
    fn reordered_replaced_and_added_pages_are_named() {
        let before = pages(10);
        let mut after = before.clone();
        after.swap(2, 6);
        let c = compare(&before, &after);
        assert_eq!(c.moved, vec![(3, 7), (7, 3)]);
        assert_eq!(c.describe(), "pages 3 and 7 are no longer in the signed order");

        let mut after = before.clone();
        after[4] = "other".into();
        after.push("extra".into());
        let c = compare(&before, &after);
        assert_eq!(c.missing, vec![5]);
        assert_eq!(c.foreign, vec![5, 11]);
        assert!(c.describe().starts_with("page 5 was removed or changed after signing"), "{}", c.describe());
        assert!(compare(&before, &before).none());
    }

    #[test]
    fn only_the_images_a_page_paints_count() {
        let content = b"q 100 0 0 50 10 10 cm /Im7 Do Q BT /F1 9 Tf (text) Tj ET q /Im12\nDo Q /Im3 /Im9 Do /Im10 Dox";
        let names = painted(content);
        let mut names: Vec<&[u8]> = names.into_iter().collect();
        names.sort();
        assert_eq!(names, [b"Im12".as_slice(), b"Im7", b"Im9"]);
    }

    #[test]
    fn ranges_read_naturally() {
        assert_eq!(ranges(&[7]), "page 7");
        assert_eq!(ranges(&[3, 7, 35, 36, 37]), "pages 3, 7 and 35\u{2013}37");
        assert_eq!(ranges(&[3, 4]), "pages 3 and 4");
    }
}
