import CLibXML2
import XCTest

/// A document parsed back with libxml2: its element names, attribute names and texts, in
/// document order. Throws when the text is not well-formed XML.
struct XMLStructure {
    var elements: [String] = []
    var attributes = Set<String>()
    var texts: [String] = []
    /// Each table row's cells (th and td) as their whole text.
    var rows: [[String]] = []

    struct NotWellFormed: Error {}

    init(_ xml: String, html: Bool = false) throws {
        let bytes = Array(xml.utf8)
        guard let document = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { text -> xmlDocPtr? in
                if html {
                    let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
                    return htmlReadMemory(text, Int32(buffer.count), "page.html", "UTF-8", options)
                }
                return xmlReadMemory(text, Int32(buffer.count), "document.xml", "UTF-8", Int32(XML_PARSE_NONET.rawValue))
            }
        }) else { throw NotWellFormed() }
        defer { xmlFreeDoc(document) }
        walk(xmlDocGetRootElement(document))
    }

    private static func cells(of row: xmlNodePtr) -> [String] {
        var cells: [String] = []
        var child = row.pointee.children
        while let cell = child {
            if cell.pointee.type == XML_ELEMENT_NODE, ["th", "td"].contains(String(cString: cell.pointee.name)),
               let content = xmlNodeGetContent(cell) {
                cells.append(String(cString: content))
                xmlFree(content)
            }
            child = cell.pointee.next
        }
        return cells
    }

    private mutating func walk(_ node: xmlNodePtr?) {
        var node = node
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE {
                let name = String(cString: current.pointee.name)
                elements.append(name)
                if name == "tr" { rows.append(Self.cells(of: current)) }
                var attribute = current.pointee.properties
                while let a = attribute {
                    attributes.insert(String(cString: a.pointee.name))
                    attribute = a.pointee.next
                }
            } else if current.pointee.type == XML_TEXT_NODE, let content = xmlNodeGetContent(current) {
                texts.append(String(cString: content))
                xmlFree(content)
            }
            walk(current.pointee.children)
            node = current.pointee.next
        }
    }
}
