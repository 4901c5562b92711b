//! Evidence index: every file with its E-number, name, size, SHA-256, who collected it
//! and when, and the checklist items it supports; then screenshots and photos shown
//! inline, scaled to the page, each captioned with its reference and hash.

use std::ops::ControlFlow;

use super::{date, size, Ctx};
use crate::binder::doc::{Block, Column, ImageBlock, Section, Table};
use crate::binder::{images, BinderError, BinderProgress};

/// Images decoded at once: enough to keep every core busy, few enough that their
/// bytes in memory stay small.
const IMAGE_BATCH: usize = 8;

fn is_image(media_type: &str) -> bool {
    matches!(media_type, "image/png" | "image/jpeg")
}

pub fn build(
    ctx: &mut Ctx<'_>,
    s: &mut Section,
    progress: &mut dyn FnMut(BinderProgress) -> ControlFlow<()>,
) -> Result<(), BinderError> {
    s.push(Block::text(format!(
        "{} files. The SHA-256 is what `sha256sum` prints for the original file; the original files are attached \
         inside this PDF where their size allows (open your viewer's attachments panel), named by their reference.",
        ctx.evidence.len()
    )));
    let rows = ctx
        .evidence
        .iter()
        .map(|e| {
            let items: Vec<String> = e.item_ids.iter().map(|id| ctx.item_ref(id)).collect();
            vec![
                e.reference.to_string(),
                format!("{}\n{}", e.file_name, e.sha256),
                size(e.size),
                format!("{}\n{}", date(e.collected_at), e.collected_by),
                if items.is_empty() { "—".to_owned() } else { items.join(", ") },
            ]
        })
        .collect();
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("Ref", 0.75),
            Column::new("File and SHA-256", 5.0).mono(),
            Column::new("Size", 0.8).right(),
            Column::new("Collected", 1.3),
            Column::new("Supports", 0.9),
        ],
        rows,
        empty: "No evidence files are attached yet.".to_owned(),
    }));
    if !ctx.data_files.is_empty() {
        s.push(Block::h2("Data files made for this binder"));
        s.push(Block::text(
            "The complete account lists of the longest access reviews, attached as CSV (one row per account, with its \
             flags, decision, reason and how it was matched to a person).",
        ));
        s.push(Block::Table(Table {
            columns: vec![
                Column::new("Ref", 0.75),
                Column::new("File and SHA-256", 5.0).mono(),
                Column::new("Size", 0.8).right(),
                Column::new("What", 2.2),
            ],
            rows: ctx
                .data_files
                .iter()
                .map(|f| {
                    vec![
                        f.reference.clone(),
                        format!("{}\n{}", f.file_name, f.sha256),
                        size(f.bytes.len() as u64),
                        f.description.clone(),
                    ]
                })
                .collect(),
            empty: String::new(),
        }));
    }

    let shown: Vec<_> = ctx.evidence.iter().filter(|e| is_image(&e.media_type)).cloned().collect();
    if shown.is_empty() {
        return Ok(());
    }
    s.push(Block::h2("Screenshots and images"));
    let total = shown.len() as u32;
    // Images are read from the workbook one by one, then decoded a batch at a time on
    // every core; names are fixed by position first so the output does not depend on
    // which thread finishes first.
    for (batch_no, batch) in shown.chunks(IMAGE_BATCH).enumerate() {
        if let ControlFlow::Break(()) = progress(BinderProgress {
            stage: "Placing screenshots".to_owned(),
            done: (batch_no * IMAGE_BATCH) as u32,
            total,
        }) {
            return Err(BinderError::Cancelled);
        }
        let inputs: Vec<(String, Result<Vec<u8>, String>)> = batch
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let name = format!("Im{}", ctx.images.len() + i + 1);
                let bytes = if e.size > super::EMBED_MAX_FILE {
                    Err(format!("the file is {}, too large to show inline", size(e.size)))
                } else {
                    crate::evidence::read_all(ctx.wb.conn(), e).map_err(|err| err.to_string())
                };
                (name, bytes)
            })
            .collect();
        let prepared: Vec<Result<images::Image, String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = inputs
                .into_iter()
                .map(|(name, bytes)| scope.spawn(move || bytes.and_then(|b| images::prepare(name, &b))))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err("the image could not be decoded".to_owned())))
                .collect()
        });
        for (e, result) in batch.iter().zip(prepared) {
            s.push(Block::h3(format!("{} {}", e.reference, e.file_name)));
            let caption = format!("{} · {} · SHA-256 {}", e.reference, e.file_name, e.sha256);
            match result {
                Ok(img) => {
                    s.push(Block::Image(ImageBlock {
                        name: img.name.clone(),
                        width_px: img.width_px,
                        height_px: img.height_px,
                        caption,
                    }));
                    ctx.images.push(img);
                }
                Err(reason) => {
                    s.push(Block::Notice(format!(
                        "{} cannot be shown here: {reason}. Its hash is in the index above; open the original from \
                         the workbook.",
                        e.reference
                    )));
                    ctx.notes.push(format!("{} ({}) could not be shown inline: {reason}.", e.reference, e.file_name));
                }
            }
        }
    }
    Ok(())
}
