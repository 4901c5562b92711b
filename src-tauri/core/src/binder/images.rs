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

/// An image XObject for a PNG or JPEG, or a plain-words reason why not. Ordinary 8-bit
/// RGB or grey PNGs go in as they are (PDF reads PNG's compressed data directly), after
/// checking every chunk and that the data inflates to exactly the expected size;
/// anything else is decoded, scaled down if wide, and recompressed.
pub fn prepare(name: String, bytes: &[u8]) -> Result<Image, String> {
    if let Some(png) = png_passthrough(bytes) {
        return Ok(image_xobject(name, png.width, png.height, png.colors, png.data, Some(png.width)));
    }
    decode(name, bytes)
}

struct PlainPng {
    width: u32,
    height: u32,
    colors: u8,
    data: Vec<u8>,
}

/// The concatenated IDAT data of a non-interlaced 8-bit greyscale or RGB PNG whose
/// chunks all pass their CRC and whose data inflates to the size the header implies.
fn png_passthrough(bytes: &[u8]) -> Option<PlainPng> {
    let rest = bytes.strip_prefix(b"\x89PNG\r\n\x1a\n")?;
    let mut pos = 0usize;
    let mut header: Option<(u32, u32, u8)> = None;
    let mut data = Vec::new();
    loop {
        let len = u32::from_be_bytes(rest.get(pos..pos + 4)?.try_into().ok()?) as usize;
        let kind = rest.get(pos + 4..pos + 8)?;
        let body = rest.get(pos + 8..pos + 8 + len)?;
        let crc = u32::from_be_bytes(rest.get(pos + 8 + len..pos + 12 + len)?.try_into().ok()?);
        let mut check = flate2::Crc::new();
        check.update(kind);
        check.update(body);
        if check.sum() != crc {
            return None;
        }
        match kind {
            b"IHDR" => {
                let w = u32::from_be_bytes(body.get(0..4)?.try_into().ok()?);
                let h = u32::from_be_bytes(body.get(4..8)?.try_into().ok()?);
                let (depth, color, interlace) = (*body.get(8)?, *body.get(9)?, *body.get(12)?);
                let colors = match color {
                    0 => 1,
                    2 => 3,
                    _ => return None,
                };
                if depth != 8 || interlace != 0 || w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_SOURCE_PIXELS {
                    return None;
                }
                header = Some((w, h, colors));
            }
            b"IDAT" => data.extend_from_slice(body),
            b"IEND" => break,
            // Colour profiles, gamma and text chunks do not change the pixels.
            _ => {}
        }
        pos += 12 + len;
    }
    let (width, height, colors) = header?;
    let expected = u64::from(height) * (1 + u64::from(width) * u64::from(colors));
    let mut sink = CountingSink(0);
    let mut z = flate2::write::ZlibDecoder::new(&mut sink);
    z.write_all(&data).ok()?;
    z.finish().ok()?;
    (sink.0 == expected).then_some(PlainPng { width, height, colors, data })
}

struct CountingSink(u64);

impl Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn image_xobject(
    name: String,
    width_px: u32,
    height_px: u32,
    colors: u8,
    data: Vec<u8>,
    png_columns: Option<u32>,
) -> Image {
    let mut dict = BTreeMap::from([
        ("Type".to_owned(), DictItem::Name(b"XObject".to_vec())),
        ("Subtype".to_owned(), DictItem::Name(b"Image".to_vec())),
        ("Width".to_owned(), DictItem::Int(i64::from(width_px))),
        ("Height".to_owned(), DictItem::Int(i64::from(height_px))),
        (
            "ColorSpace".to_owned(),
            DictItem::Name(if colors == 1 { b"DeviceGray".to_vec() } else { b"DeviceRGB".to_vec() }),
        ),
        ("BitsPerComponent".to_owned(), DictItem::Int(8)),
        ("Filter".to_owned(), DictItem::Name(b"FlateDecode".to_vec())),
    ]);
    if let Some(columns) = png_columns {
        // PNG rows carry a filter byte each: the PNG predictors undo them.
        dict.insert(
            "DecodeParms".to_owned(),
            DictItem::Dict {
                map: BTreeMap::from([
                    ("Predictor".to_owned(), DictItem::Int(15)),
                    ("Colors".to_owned(), DictItem::Int(i64::from(colors))),
                    ("BitsPerComponent".to_owned(), DictItem::Int(8)),
                    ("Columns".to_owned(), DictItem::Int(i64::from(columns))),
                ]),
            },
        );
    }
    Image {
        name,
        xobject: ExternalXObject {
            stream: ExternalStream { dict, content: data, compress: false },
            width: Some(Px(width_px as usize)),
            height: Some(Px(height_px as usize)),
            dpi: None,
        },
        width_px,
        height_px,
    }
}

fn decode(name: String, bytes: &[u8]) -> Result<Image, String> {
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
    Ok(image_xobject(name, width_px, height_px, 3, data, None))
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

    fn rgba_png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([(x % 256) as u8, 40, 90, 255]));
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn plain_rgb_pngs_go_in_as_they_are() {
        let bytes = png(300, 200);
        let img = prepare("Im1".into(), &bytes).unwrap();
        assert_eq!((img.width_px, img.height_px), (300, 200));
        assert!(img.xobject.stream.dict.contains_key("DecodeParms"), "PNG predictors are declared");
        assert!(img.xobject.stream.content.len() < bytes.len(), "only the image data, not the whole file");
    }

    #[test]
    fn other_pngs_are_decoded_and_wide_ones_scaled_down_keeping_their_shape() {
        let img = prepare("Im1".into(), &rgba_png(2000, 1000)).unwrap();
        assert_eq!((img.width_px, img.height_px), (1000, 500));
        assert!(!img.xobject.stream.dict.contains_key("DecodeParms"));
    }

    #[test]
    fn a_png_with_a_bad_checksum_is_not_passed_through() {
        let mut bytes = png(40, 30);
        let idat = bytes.windows(4).position(|w| w == b"IDAT").unwrap();
        bytes[idat + 6] ^= 0xFF;
        assert!(png_passthrough(&bytes).is_none());
    }

    #[test]
    fn damaged_or_foreign_files_get_a_reason_not_a_panic() {
        let mut bytes = png(50, 50);
        bytes.truncate(60);
        assert!(prepare("Im1".into(), &bytes).unwrap_err().contains("damaged"));
        assert!(prepare("Im1".into(), b"not an image at all").is_err());
    }
}
