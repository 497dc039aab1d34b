import CLibXML2

/// Makes untrusted HTML (Comet's `html` messages) safe to show inside a report: libxml2's HTML
/// parser reads it the way a browser would, and a new document is written from the parse,
/// keeping only allowlisted elements and attributes. Script, style, frames, forms and embedded
/// objects go with their content; other unknown elements are dropped and their content kept.
/// Links must pass `LinkPolicy`; images must be `data:` images (the page's CSP allows no other);
/// `style` attributes keep only the declarations `InlineStyle` allows (nothing that moves, covers
/// or loads). No `class` or `id` passes, so nothing can match the page's own CSS.
public enum HTMLSanitizer {
    /// The elements the output may hold.
    public static let elements: Set<String> = [
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "b", "i", "em", "strong", "u", "s", "sub", "sup", "small",
        "mark", "code", "pre", "kbd", "samp", "var", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead",
        "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "span", "div", "a", "img", "figure",
        "figcaption", "details", "summary", "abbr", "cite", "q", "time", "section", "article", "header", "footer",
    ]
    /// Dropped together with everything inside them.
    static let dropped: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "template", "svg",
        "math", "form", "input", "button", "select", "textarea", "option", "link", "meta", "base", "title", "head",
        "audio", "video", "source", "track", "canvas", "portal", "dialog", "noembed", "noframes", "xmp", "plaintext",
    ]
    static let attributes: Set<String> = [
        "title", "lang", "dir", "colspan", "rowspan", "alt", "width", "height", "scope", "abbr", "start", "reversed",
        "datetime", "open", "align", "valign", "style", "href", "src",
    ]
    static let voidElements: Set<String> = ["br", "hr", "img", "col"]

    /// The sanitized HTML of a fragment.
    public static func sanitize(_ html: String) -> String {
        let bytes = Array(("<!doctype html><html><body>" + html).utf8)
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        guard let document = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), "fragment.html", "UTF-8", options)
            }
        }) else { return "" }
        defer { xmlFreeDoc(document) }
        var out = ""
        var node = xmlDocGetRootElement(document)?.pointee.children
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE, name(of: current) == "body" {
                write(children: current, into: &out, depth: 0)
            }
            node = current.pointee.next
        }
        return out
    }

    private static func name(of node: xmlNodePtr) -> String {
        String(cString: node.pointee.name).lowercased()
    }

    private static func write(children parent: xmlNodePtr, into out: inout String, depth: Int) {
        guard depth < 200 else { return }
        var node = parent.pointee.children
        while let current = node {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = xmlNodeGetContent(current) {
                    out += XMLEscape.text(String(cString: content))
                    xmlFree(content)
                }
            case XML_ELEMENT_NODE:
                let element = name(of: current)
                if dropped.contains(element) { break }
                guard elements.contains(element) else {
                    write(children: current, into: &out, depth: depth + 1)
                    break
                }
                out += "<" + element + attributes(of: current, element: element) + ">"
                if !voidElements.contains(element) {
                    write(children: current, into: &out, depth: depth + 1)
                    out += "</" + element + ">"
                }
            default:
                break  // comments, processing instructions, entities' declarations
            }
            node = current.pointee.next
        }
    }

    private static func attributes(of node: xmlNodePtr, element: String) -> String {
        var out = ""
        var attribute = node.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            let name = String(cString: current.pointee.name).lowercased()
            guard attributes.contains(name), let raw = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)) else { continue }
            var value = String(cString: raw)
            xmlFree(raw)
            switch name {
            case "href": guard element == "a", LinkPolicy.allows(value) else { continue }
            case "src": guard element == "img", isEmbeddedImage(value) else { continue }
            case "style":
                value = InlineStyle.sanitize(value)
                guard !value.isEmpty else { continue }
            default: break
            }
            out += " " + name + "=\"" + XMLEscape.text(value) + "\""
        }
        if element == "a" { out += " rel=\"noreferrer noopener\"" }
        return out
    }

    /// `data:image/png|jpeg|gif|webp;base64,…` only.
    static func isEmbeddedImage(_ value: String) -> Bool {
        let lower = value.lowercased()
        return ["png", "jpeg", "jpg", "gif", "webp"].contains { lower.hasPrefix("data:image/\($0);base64,") }
            && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
    }
}
