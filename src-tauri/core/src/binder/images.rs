//! Screenshots and photos shown inline in the evidence section. Each is decoded,
//! scaled down to what a printed page can show, and stored compressed at once, so a
//! binder with a hundred screenshots holds a hundred small streams, not a hundred
//! decoded bitmaps.

use std::collections::BTreeMap;
use std::io::Write;

use printpdf::{DictItem, ExternalStream, ExternalXObject, Px};

/// Widest bitmap we keep: about 150 dpi across the text column.
const MAX_PX: u32 = 1000;
/// Bigger than this and we do not try to decode it (a decompression bomb, or a photo
/// far beyond what a page shows).
const MAX_SOURCE_PIXELS: u64 = 50_000_000;

#[derive(Debug)]
pub struct Image {
    pub name: String,
    pub xobject: ExternalXObject,
    pub width_px: u32,
    pub height_px: u32,
}

/// Decodes a PNG or JPEG into an image XObject, or says in plain words why not.
pub fn prepare(name: String, bytes: &[u8]) -> Result<Image, String> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| "the file could not be read as an image".to_owned())?;
    let (w, h) = reader.into_dimensions().map_err(|_| "the image is damaged or in an unsupported format".to_owned())?;
    if u64::from(w) * u64::from(h) > MAX_SOURCE_PIXELS {
        return Err(format!("the image is {w}×{h} pixels, too large to show inline"));
    }
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| "the file could not be read as an image".to_owned())?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|_| "the image is damaged or in an unsupported format".to_owned())?;
    let decoded = if decoded.width() > MAX_PX {
        decoded.resize(MAX_PX, u32::MAX, image::imageops::FilterType::Triangle)
    } else {
        decoded
    };
    let rgb = decoded.to_rgb8();
    let (width_px, height_px) = rgb.dimensions();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(rgb.as_raw()).map_err(|_| "the image could not be compressed".to_owned())?;
    let data = z.finish().map_err(|_| "the image could not be compressed".to_owned())?;
    let dict = BTreeMap::from([
        ("Type".to_owned(), DictItem::Name(b"XObject".to_vec())),
        ("Subtype".to_owned(), DictItem::Name(b"Image".to_vec())),
        ("Width".to_owned(), DictItem::Int(i64::from(width_px))),
        ("Height".to_owned(), DictItem::Int(i64::from(height_px))),
        ("ColorSpace".to_owned(), DictItem::Name(b"DeviceRGB".to_vec())),
        ("BitsPerComponent".to_owned(), DictItem::Int(8)),
        ("Filter".to_owned(), DictItem::Name(b"FlateDecode".to_vec())),
    ]);
    Ok(Image {
        name,
        xobject: ExternalXObject {
            stream: ExternalStream { dict, content: data, compress: false },
            width: Some(Px(width_px as usize)),
            height: Some(Px(height_px as usize)),
            dpi: None,
        },
        width_px,
        height_px,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn wide_screenshots_are_scaled_down_keeping_their_shape() {
        let img = prepare("Im1".into(), &png(2000, 1000)).unwrap();
        assert_eq!((img.width_px, img.height_px), (1000, 500));
        let small = prepare("Im2".into(), &png(300, 200)).unwrap();
        assert_eq!((small.width_px, small.height_px), (300, 200));
    }

    #[test]
    fn damaged_or_foreign_files_get_a_reason_not_a_panic() {
        let mut bytes = png(50, 50);
        bytes.truncate(60);
        assert!(prepare("Im1".into(), &bytes).unwrap_err().contains("damaged"));
        assert!(prepare("Im1".into(), b"not an image at all").is_err());
    }
}
