//! The page's frame: the document head with its inline style sheet, the
//! header, a table of contents, sections, figures with embedded images, and
//! the footer.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::markup::escape;

/// The style sheet, inlined into every page.
const STYLE: &str = include_str!("style.css");

/// A page under construction: a header, then sections in order.
#[derive(Debug, Default)]
pub struct Page {
    title: String,
    header: String,
    sections: Vec<(String, String, String)>,
}

impl Page {
    /// A page whose `<title>` is `title` (plain text; escaped here).
    pub fn new(title: &str) -> Page {
        Page {
            title: title.to_owned(),
            ..Page::default()
        }
    }

    /// Sets the header's HTML (already escaped).
    pub fn header(&mut self, html: String) {
        self.header = html;
    }

    /// Adds a section with anchor `id`, heading `heading` (plain text) and
    /// body `html` (already escaped). Empty bodies are left out.
    pub fn section(&mut self, id: &str, heading: &str, html: String) {
        if !html.trim().is_empty() {
            self.sections
                .push((id.to_owned(), heading.to_owned(), html));
        }
    }

    /// The whole document.
    pub fn finish(self) -> String {
        let mut out = String::with_capacity(
            self.sections.iter().map(|s| s.2.len()).sum::<usize>() + STYLE.len() + 4096,
        );
        out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.push_str("<meta name=\"generator\" content=\"lobbysim report\">\n");
        out.push_str(&format!("<title>{}</title>\n", escape(&self.title)));
        out.push_str("<style>\n");
        out.push_str(STYLE);
        out.push_str("</style>\n</head>\n<body>\n<header>\n");
        out.push_str(&self.header);
        if self.sections.len() > 1 {
            out.push_str("<nav aria-label=\"Contents\">");
            for (id, heading, _) in &self.sections {
                out.push_str(&format!(
                    "<a href=\"#{}\">{}</a>",
                    escape(id),
                    escape(heading)
                ));
            }
            out.push_str("</nav>\n");
        }
        out.push_str("</header>\n<main>\n");
        for (id, heading, body) in &self.sections {
            out.push_str(&format!(
                "<section id=\"{}\">\n<h2>{}</h2>\n",
                escape(id),
                escape(heading)
            ));
            out.push_str(body);
            out.push_str("</section>\n");
        }
        out.push_str(
            "</main>\n<footer>Made by <code>lobbysim report</code> from the files in this folder; \
                      the page needs no network and no script.</footer>\n</body>\n</html>\n",
        );
        out
    }
}

/// The media type of an image file, by its extension.
pub fn image_type(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".png") {
        Some("image/png")
    } else if lower.ends_with(".svg") {
        Some("image/svg+xml")
    } else {
        None
    }
}

/// A figure with the image `bytes` of media type `mime` embedded as a
/// `data:` URI, captioned `caption` (plain text) and its file name.
pub fn figure(bytes: &[u8], mime: &str, caption: &str, file: &str) -> String {
    format!(
        "<figure>\n<img src=\"data:{mime};base64,{}\" alt=\"{}\">\n\
         <figcaption>{} <span class=\"file\">({})</span></figcaption>\n</figure>\n",
        STANDARD.encode(bytes),
        escape(caption),
        escape(caption),
        escape(file)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_has_one_document_with_its_sections() {
        let mut page = Page::new("A <title>");
        page.header("<h1>H</h1>".to_owned());
        page.section("one", "One & two", "<p>x</p>".to_owned());
        page.section("empty", "Empty", "  ".to_owned());
        page.section("three", "Three", "<p>y</p>".to_owned());
        let html = page.finish();
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(html.contains("<title>A &lt;title&gt;</title>"));
        assert!(html.contains("<h2>One &amp; two</h2>"));
        assert!(!html.contains("Empty"));
        assert!(html.contains("<a href=\"#three\">Three</a>"));
        assert!(html.trim_end().ends_with("</html>"));
    }

    #[test]
    fn figures_embed_their_bytes() {
        let html = figure(b"abc", "image/png", "A \"chart\"", "a.png");
        assert!(
            html.contains("src=\"data:image/png;base64,YWJj\""),
            "{html}"
        );
        assert!(html.contains("alt=\"A &quot;chart&quot;\""), "{html}");
        assert_eq!(image_type("x.PNG"), Some("image/png"));
        assert_eq!(image_type("x.svg"), Some("image/svg+xml"));
        assert_eq!(image_type("x.csv"), None);
    }
}
