//! What kind of file a piece of evidence is, and how its bytes are shown: its media
//! type, decided from its first bytes where the format has a signature and from its
//! name otherwise, and the encodings a preview needs.
//!
//! The content wins over the name: a PNG renamed `.pdf` is shown as an image, and a
//! file named `.png` that is not one is not offered to the image viewer. Names only
//! decide what signatures cannot: which text format, and Word versus Excel versus a
//! plain ZIP archive.

use serde::Serialize;
use ts_rs::TS;

/// How many leading bytes `detect` looks at. Enough for every signature and to tell
/// text from binary with reasonable confidence.
pub const SNIFF_LEN: usize = 8192;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    Png,
    Jpeg,
    Gif,
    Webp,
    Pdf,
    PlainText,
    Csv,
    Markdown,
    Json,
    Docx,
    Xlsx,
    Zip,
    /// Anything else: kept and exported byte for byte, never interpreted.
    Unknown,
}

/// How the app can show a file without leaving it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PreviewKind {
    Image,
    Text,
    Pdf,
    Other,
}

impl MediaType {
    const ALL: [Self; 13] = [
        Self::Png,
        Self::Jpeg,
        Self::Gif,
        Self::Webp,
        Self::Pdf,
        Self::PlainText,
        Self::Csv,
        Self::Markdown,
        Self::Json,
        Self::Docx,
        Self::Xlsx,
        Self::Zip,
        Self::Unknown,
    ];

    /// The MIME type, as stored in the workbook.
    pub fn as_mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::Pdf => "application/pdf",
            Self::PlainText => "text/plain",
            Self::Csv => "text/csv",
            Self::Markdown => "text/markdown",
            Self::Json => "application/json",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Zip => "application/zip",
            Self::Unknown => "application/octet-stream",
        }
    }

    /// Reads a stored MIME type back; one this build does not know (written by a newer
    /// app) is treated as unknown bytes rather than guessed.
    pub fn from_mime(mime: &str) -> Self {
        Self::ALL.into_iter().find(|m| m.as_mime() == mime).unwrap_or(Self::Unknown)
    }

    pub fn preview_kind(self) -> PreviewKind {
        match self {
            Self::Png | Self::Jpeg | Self::Gif | Self::Webp => PreviewKind::Image,
            Self::PlainText | Self::Csv | Self::Markdown | Self::Json => PreviewKind::Text,
            Self::Pdf => PreviewKind::Pdf,
            Self::Docx | Self::Xlsx | Self::Zip | Self::Unknown => PreviewKind::Other,
        }
    }

    /// The media type of a file called `file_name` whose first bytes are `head` (up to
    /// `SNIFF_LEN` of them; fewer only if the file is shorter).
    pub fn detect(file_name: &str, head: &[u8]) -> Self {
        let ext = extension(file_name);
        if let Some(by_signature) = signature(head) {
            // Office documents are ZIP archives inside; only the name tells them apart.
            return match (by_signature, ext.as_deref()) {
                (Self::Zip, Some("docx")) => Self::Docx,
                (Self::Zip, Some("xlsx")) => Self::Xlsx,
                (found, _) => found,
            };
        }
        let by_name = match ext.as_deref() {
            Some("txt" | "log") => Self::PlainText,
            Some("csv") => Self::Csv,
            Some("md" | "markdown") => Self::Markdown,
            Some("json") => Self::Json,
            _ => return Self::Unknown,
        };
        if looks_like_text(head) {
            by_name
        } else {
            Self::Unknown
        }
    }
}

fn extension(file_name: &str) -> Option<String> {
    let (stem, ext) = file_name.rsplit_once('.')?;
    // ".txt" alone is a hidden file's name, not an extension.
    if stem.is_empty() || ext.is_empty() {
        return None;
    }
    Some(ext.to_ascii_lowercase())
}

fn signature(head: &[u8]) -> Option<MediaType> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if head.starts_with(PNG) {
        Some(MediaType::Png)
    } else if head.starts_with(b"\xff\xd8\xff") {
        Some(MediaType::Jpeg)
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Some(MediaType::Gif)
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some(MediaType::Webp)
    } else if head.starts_with(b"%PDF-") {
        Some(MediaType::Pdf)
    } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        // The second form is an empty archive.
        Some(MediaType::Zip)
    } else {
        None
    }
}

/// Text has no NUL bytes and is UTF-8, except that the sniffed window may end in the
/// middle of a character. Latin-1 exports and the like are shown as bytes to download
/// rather than as mojibake.
fn looks_like_text(head: &[u8]) -> bool {
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        // `error_len() == None`: the input ended inside a character, which is expected
        // when `head` is a cut of a longer file.
        Err(e) => e.error_len().is_none(),
    }
}

/// Drops a character cut in half at the end of a prefix, so a preview does not end in
/// a replacement mark that is not in the file.
pub(super) fn without_partial_last_char(bytes: &[u8]) -> &[u8] {
    let tail_start = bytes.len().saturating_sub(4);
    for i in (tail_start..bytes.len()).rev() {
        let b = bytes[i];
        if b & 0b1100_0000 != 0b1000_0000 {
            let needed = match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            return if bytes.len() - i < needed { &bytes[..i] } else { bytes };
        }
    }
    bytes
}

/// Standard base64 with padding, for images handed to the web view as data URLs.
pub(super) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = match *group {
            [a, b, c] => u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c),
            [a, b] => u32::from(a) << 16 | u32::from(b) << 8,
            [a] => u32::from(a) << 16,
            _ => 0,
        };
        for i in 0..4 {
            if i <= group.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::MediaType as M;
    use super::*;

    #[test]
    fn signatures_decide_over_names() {
        assert_eq!(M::detect("screenshot.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), M::Png);
        assert_eq!(M::detect("renamed.pdf", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), M::Png);
        assert_eq!(M::detect("photo.JPG", b"\xff\xd8\xff\xe0\0\x10JFIF"), M::Jpeg);
        assert_eq!(M::detect("a.gif", b"GIF89a\x01\0"), M::Gif);
        assert_eq!(M::detect("a.webp", b"RIFF\x24\0\0\0WEBPVP8 "), M::Webp);
        assert_eq!(M::detect("policy", b"%PDF-1.7\n"), M::Pdf);
    }

    #[test]
    fn zip_archives_are_told_apart_by_name() {
        let zip = b"PK\x03\x04\x14\0\x06\0";
        assert_eq!(M::detect("Access Policy.docx", zip), M::Docx);
        assert_eq!(M::detect("users.XLSX", zip), M::Xlsx);
        assert_eq!(M::detect("export.zip", zip), M::Zip);
        assert_eq!(M::detect("no-extension", zip), M::Zip);
    }

    #[test]
    fn text_formats_come_from_the_name_when_the_bytes_are_text() {
        assert_eq!(M::detect("notes.txt", b"hello"), M::PlainText);
        assert_eq!(M::detect("syslog.log", b"Jan 1 boot"), M::PlainText);
        assert_eq!(M::detect("users.csv", b"name,email\n"), M::Csv);
        assert_eq!(M::detect("README.md", "# Überblick".as_bytes()), M::Markdown);
        assert_eq!(M::detect("config.json", b"{}"), M::Json);
        // Cut in the middle of "é": still text.
        assert_eq!(M::detect("cut.txt", &"café".as_bytes()[..4]), M::PlainText);
    }

    #[test]
    fn files_that_are_not_what_their_name_says_are_unknown() {
        assert_eq!(M::detect("fake.png", b"not a png"), M::Unknown);
        assert_eq!(M::detect("binary.txt", b"abc\0def"), M::Unknown);
        assert_eq!(M::detect("latin1.csv", b"caf\xe9,1\n"), M::Unknown);
        assert_eq!(M::detect(".txt", b"hidden file"), M::Unknown);
        assert_eq!(M::detect("archive.tar.gz", b"\x1f\x8b\x08"), M::Unknown);
    }

    #[test]
    fn mime_types_round_trip_and_unknown_ones_stay_unknown() {
        for m in M::ALL {
            assert_eq!(M::from_mime(m.as_mime()), m);
        }
        assert_eq!(M::from_mime("video/mp4"), M::Unknown);
        assert_eq!(M::Unknown.as_mime(), "application/octet-stream");
    }

    #[test]
    fn preview_kinds() {
        assert_eq!(M::Webp.preview_kind(), PreviewKind::Image);
        assert_eq!(M::Csv.preview_kind(), PreviewKind::Text);
        assert_eq!(M::Pdf.preview_kind(), PreviewKind::Pdf);
        assert_eq!(M::Docx.preview_kind(), PreviewKind::Other);
    }

    #[test]
    fn base64_matches_rfc_4648_test_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }

    #[test]
    fn a_character_cut_in_half_is_dropped_from_the_end() {
        let s = "ab€".as_bytes(); // € is 3 bytes
        assert_eq!(without_partial_last_char(&s[..4]), b"ab");
        assert_eq!(without_partial_last_char(&s[..3]), b"ab");
        assert_eq!(without_partial_last_char(s), s);
        assert_eq!(without_partial_last_char(b"plain"), b"plain");
        assert_eq!(without_partial_last_char(&"😀".as_bytes()[..3]), b"");
    }
}
