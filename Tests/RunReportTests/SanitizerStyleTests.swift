import Foundation
@testable import RunReport
import XCTest

/// Rule 6: embedded HTML cannot restyle the page. `style` keeps only allowlisted declarations
/// of a strict grammar, written anew; nothing else that could reach the page's CSS survives;
/// the run's HTML sits in a box that clips it.
final class SanitizerStyleTests: XCTestCase {
    private func style(_ value: String) -> String { InlineStyle.sanitize(value) }

    private func styleAttribute(of html: String) -> String? {
        let out = HTMLSanitizer.sanitize(html)
        guard let start = out.range(of: "style=\"") else { return nil }
        return String(out[start.upperBound...].prefix { $0 != "\"" })
    }

    func testTheTakeoverOfTheIssueKeepsOnlyItsHarmlessDeclarations() {
        let html = #"<div style="position:fixed; top:0; left:0; width:100%; height:100%; z-index:99999; background-color:#fff">mine</div>"#
        XCTAssertEqual(HTMLSanitizer.sanitize(html), #"<div style="width: 100%; height: 100%; background-color: #fff">mine</div>"#)
    }

    func testPropertiesThatMoveCoverOrLoadAreDropped() {
        for declaration in ["position: absolute", "z-index: 2", "inset: 0", "top: 0", "left: 1px", "right: 0", "bottom: 0",
                            "transform: translate(0px, 0px)", "translate: 10px", "float: left", "display: none",
                            "visibility: hidden", "opacity: 0", "clip-path: circle(0)", "content: x", "cursor: none",
                            "pointer-events: none", "word-brea\u{212A}: normal", "\u{0130}ndent: 0", "background: red", "background-image: none", "border-image: none",
                            "list-style: none", "list-style-image: none", "mask: none", "filter: none", "behavior: x",
                            "-moz-binding: x", "animation: x", "transition: x", "min-width: 1px", "max-height: 1px",
                            "outline: 9999px solid red", "box-shadow: 0 0 9999px red", "font: 12px serif", "--var: 1", "columns: 2"] {
            XCTAssertEqual(style(declaration), "", declaration)
        }
    }

    func testValuesOutsideTheGrammarDropTheirDeclaration() {
        for value in ["color: url(x)", "color: URL(x)", "color: expression(alert(1))", "color: red !important",
                      "color: re\\64", "col\\6fr: red", "color: /* */ red", "color: red/**/", "color: \"red\"", "color: 'red'",
                      "width: calc(100vw)", "width: 100vw", "height: 100vh", "margin: -10px", "margin-top: -1em",
                      "width: 1e9px", "width: 9999999px", "color: image-set(x)", "color: var(--x)", "color: attr(x)",
                      "color: @import", "color: {}", "color: red}", "color: <b>", "color: r\u{0}ed", "color: ｒｅｄ",
                      "color: \u{212A}", "color: rgb(1,2,3", "color: rgb(rgb(1,2,3))", "color: ,red", "color: red,",
                      "color: rgb()", "color: rgb(,1)", "color: #12", "color: #ggg", "color: -webkit-x", "color:",
                      "color: .", "width: 1.2.3px", "width: 1px2", "color: red =x"] {
            XCTAssertEqual(style(value), "", value)
        }
    }

    func testAllowedDeclarationsAreWrittenCanonically() {
        XCTAssertEqual(style("COLOR:RED;;  Font-Weight : BOLD ;text-align:center;"), "color: red; font-weight: bold; text-align: center")
        XCTAssertEqual(style("border: 1px  solid   #ABCDEF"), "border: 1px solid #abcdef")
        XCTAssertEqual(style("color: rgba( 1 , 2,3 ,0.5 )"), "color: rgba(1,2,3,0.5)")
        XCTAssertEqual(style("padding: 0 .5em 1.25rem 10%"), "padding: 0 .5em 1.25rem 10%")
        XCTAssertEqual(style("position: fixed; color: red; z-index: 9"), "color: red")
        XCTAssertTrue(InlineStyle.isAllowed("color: red; width: 10px"))
        XCTAssertFalse(InlineStyle.isAllowed("color: red; position: fixed"))
        XCTAssertFalse(InlineStyle.isAllowed("color:red"), "not canonical")
    }

    func testEntitiesAndSplitsCannotSmuggleADeclarationPast() {
        // Entities are decoded by the parser before the check, so they hide nothing.
        XCTAssertNil(styleAttribute(of: #"<p style="&#112;osition: fixed">x</p>"#))
        XCTAssertNil(styleAttribute(of: #"<p style="position&#58; fixed">x</p>"#))
        XCTAssertEqual(styleAttribute(of: #"<p style="color: red&#59; position: fixed">x</p>"#), "color: red")
        // A newline or tab is white space, not a way around the split.
        XCTAssertEqual(styleAttribute(of: "<p style=\"color:\nred;\tposition:\nfixed\">x</p>"), "color: red")
        // The second style attribute libxml2 sees is checked like the first, or dropped.
        let twice = HTMLSanitizer.sanitize(#"<p style="color: red" style="position: fixed">x</p>"#)
        XCTAssertFalse(twice.contains("position"), twice)
        // A declaration hidden inside a quoted string does not carry its neighbours.
        XCTAssertEqual(styleAttribute(of: #"<p style="font-family: 'a;position:fixed'; color: blue">x</p>"#), "color: blue")
        XCTAssertNil(styleAttribute(of: #"<p style="  ;  ; ">x</p>"#), "an empty list leaves no attribute")
    }

    func testNothingElseThatCouldReachThePagesCSSSurvives() {
        let html = #"<style>body{display:none}</style><link rel=stylesheet href="https://e.example/x.css"><base href="https://e.example/">"#
            + #"<meta http-equiv="refresh" content="0;url=https://e.example"><form action="https://e.example"><input name=a></form>"#
            + #"<p class="tip index" id="run-table" name="x" style="color: red">t</p><svg><style>*{}</style></svg>"#
            + #"<div xmlns="http://www.w3.org/1999/xhtml" data-x="1" hidden>h</div>"#
        XCTAssertEqual(HTMLSanitizer.sanitize(html), #"<p style="color: red">t</p><div>h</div>"#)
    }

    /// The box the run's HTML goes in clips it and makes it the containing block of anything
    /// fixed inside (contain: paint), so nothing inside can cover the rest of the page.
    func testTheRunsHTMLSitsInABoxThatClipsIt() throws {
        let css = try XCTUnwrap(DefaultTemplates.files["style.css"])
        let rule = try XCTUnwrap(css.split(separator: "\n").first { $0.hasPrefix(".user-html {") })
        for declaration in ["position: relative", "overflow: auto", "max-height: 80vh", "contain: paint", "isolation: isolate"] {
            XCTAssertTrue(rule.contains(declaration), declaration)
        }
        let samples = try XCTUnwrap(DefaultTemplates.files["samples.mustache"])
        XCTAssertTrue(samples.contains(#"<div class="user-html">{{{.}}}</div>"#), "the sanitized HTML goes in that box only")
        XCTAssertEqual(DefaultTemplates.files.values.filter { $0.contains("{{{.}}}</div>") && $0.contains("html") }.count, 1)
    }
}
