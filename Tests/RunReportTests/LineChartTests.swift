import CLibXML2
import Foundation
@testable import RunReport
import XCTest

/// The SVG line chart, parsed back with libxml2.
final class LineChartTests: XCTestCase {
    /// Element names and attribute names of a parsed XML document, in document order.
    private func structure(of svg: String) throws -> (elements: [String], attributes: Set<String>, texts: [String]) {
        let bytes = Array(svg.utf8)
        let document = try XCTUnwrap(bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "chart.svg", "UTF-8", Int32(XML_PARSE_NONET.rawValue))
            }
        }, "the SVG is not well-formed XML")
        defer { xmlFreeDoc(document) }
        var elements: [String] = [], attributes = Set<String>(), texts: [String] = []
        func walk(_ node: xmlNodePtr?) {
            var node = node
            while let current = node {
                if current.pointee.type == XML_ELEMENT_NODE {
                    elements.append(String(cString: current.pointee.name))
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
        walk(xmlDocGetRootElement(document))
        return (elements, attributes, texts)
    }

    func testHostileNamesStayText() throws {
        let evil = #"<script>alert(1)</script>" onload="x" &amp; ']]>"#
        var chart = LineChart(title: evil, series: [LineChart.Series(name: evil, x: [0, 1, 2], y: [1, .nan, 3]),
                                                   LineChart.Series(name: "b<img src=x onerror=alert(1)>", x: [0, 1, 2], y: [2, 2, 1])])
        chart.smoothing = 0.6
        let svg = chart.svg()
        let parsed = try structure(of: svg)
        XCTAssertEqual(parsed.elements.first, "svg")
        XCTAssertFalse(parsed.elements.contains("script"))
        XCTAssertFalse(parsed.elements.contains("img"))
        XCTAssertTrue(parsed.attributes.isDisjoint(with: ["onload", "onerror"]))
        XCTAssertEqual(Set(parsed.elements), ["svg", "title", "desc", "g", "line", "text", "path", "rect"])
        XCTAssertTrue(parsed.texts.contains(evil), "the name reads back as the text it was")
        XCTAssertTrue(parsed.texts.contains("NaN"), "the NaN is marked")
        XCTAssertEqual(svg, chart.svg(), "byte-identical")
        XCTAssertTrue(svg.contains(#"role="img""#))
    }

    func testASpikeReachesTheTopOfThePlot() throws {
        let x = (0..<100_000).map(Double.init)
        var y = x.map { _ in 0.5 }
        y[54_321] = 100
        let svg = LineChart(title: "loss", series: [LineChart.Series(name: "train", x: x, y: y)]).svg()
        // y ticks run 0…100; the plot's top edge is y = 16 (the top margin).
        XCTAssertTrue(svg.contains(" 16L") || svg.contains(" 16\""), "the spike is drawn at the top")
        XCTAssertLessThan(svg.utf8.count, 60_000, "M4 keeps about 4 points a pixel column, not 100,000")
    }
}
