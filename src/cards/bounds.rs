//! How much work drawing a card may take. resvg has no budget of its own: one
//! `<feTurbulence numOctaves="100000">`, a pattern of tiny tiles, or `<use>` fanned out level by
//! level draws for days. So a parsed card is measured before it is drawn, and refused past these
//! bounds with the reason (`card-svg-invalid`).

use resvg::usvg;

/// Elements a card may draw, counted after `<use>` is expanded (a card of text and shapes has
/// far fewer: each line of text is one).
const MAX_CARD_NODES: usize = 2_000;
/// Width and height of a PNG a card may embed.
const MAX_CARD_IMAGE: u32 = 4_096;

/// Whether drawing `tree` takes bounded work: resvg has no budget, and one `<feTurbulence
/// numOctaves="100000">`, a pattern of tiny tiles or `<use>` fanned out level by level draws
/// for days. So a card has no filters and no patterns, at most [`MAX_CARD_NODES`] elements,
/// and embeds only PNG images of at most [`MAX_CARD_IMAGE`] pixels a side, or SVG ones held to
/// the same rules.
pub(super) fn bounded(tree: &usvg::Tree) -> Result<(), String> {
    if !tree.filters().is_empty() {
        return Err(
            "a card has no filters (`<filter>`, `filter=`): drawing one has no bound".into(),
        );
    }
    if !tree.patterns().is_empty() {
        return Err("a card has no patterns (`<pattern>`): drawing one has no bound".into());
    }
    let mut nodes = 0;
    count_nodes(tree.root(), &mut nodes)?;
    Ok(())
}

fn count_nodes(group: &usvg::Group, nodes: &mut usize) -> Result<(), String> {
    one_more(nodes)?;
    if let Some(clip) = group.clip_path() {
        count_nodes(clip.root(), nodes)?;
    }
    let mut mask = group.mask();
    while let Some(m) = mask {
        count_nodes(m.root(), nodes)?;
        mask = m.mask();
    }
    for child in group.children() {
        match child {
            usvg::Node::Group(g) => count_nodes(g, nodes)?,
            usvg::Node::Text(t) => count_nodes(t.flattened(), nodes)?,
            usvg::Node::Path(_) => one_more(nodes)?,
            usvg::Node::Image(image) => {
                one_more(nodes)?;
                embedded(image.kind())?;
            }
        }
    }
    Ok(())
}

fn one_more(nodes: &mut usize) -> Result<(), String> {
    *nodes += 1;
    if *nodes > MAX_CARD_NODES {
        return Err(format!(
            "a card draws at most {MAX_CARD_NODES} elements (`<use>` counts what it repeats)"
        ));
    }
    Ok(())
}

/// An image a card embeds: a PNG of bounded size, or an SVG held to the card's own rules.
fn embedded(kind: &usvg::ImageKind) -> Result<(), String> {
    match kind {
        usvg::ImageKind::PNG(data) => {
            let decoder = png::Decoder::new(std::io::Cursor::new(data.as_slice()));
            let info = decoder
                .read_info()
                .map_err(|e| format!("an embedded PNG: {e}"))?;
            let (w, h) = (info.info().width, info.info().height);
            if w > MAX_CARD_IMAGE || h > MAX_CARD_IMAGE {
                return Err(format!(
                    "an embedded PNG is {w}×{h}; a card embeds images of at most {MAX_CARD_IMAGE} pixels a side"
                ));
            }
            Ok(())
        }
        usvg::ImageKind::SVG(tree) => bounded(tree),
        _ => Err("a card embeds PNG or SVG images only".into()),
    }
}
