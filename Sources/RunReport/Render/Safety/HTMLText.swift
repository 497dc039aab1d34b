import Mustache

/// The escaping of every `{{value}}` in the templates: `& < > " '` as entities, decided per
/// Unicode scalar. swift-mustache's own HTML escaping compares whole Characters, so a quote
/// followed by a combining mark (one Character, `"` + U+0301) went out raw and could close an
/// attribute (`alt="{{caption}}"`, `aria-label`, `data-sort`). TemplateSet puts `pragma` at the
/// top of every template, overrides included.
enum HTMLText {
    static let contentTypeName = "RUNREPORT_HTML"
    static let pragma = "{{% CONTENT_TYPE: \(contentTypeName) }}\n"

    /// Registers the content type with Mustache, once.
    static let registered: Void = MustacheContentTypes.register(Escaping(), named: contentTypeName)

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private struct Escaping: MustacheContentType {
        func escapeText(_ text: String) -> String { HTMLText.escape(text) }
    }
}
