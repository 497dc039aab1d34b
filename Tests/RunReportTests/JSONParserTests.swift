@testable import RunReport
import XCTest

/// The lenient JSON reader for plot_str.
final class JSONParserTests: XCTestCase {
    func testAnUnpairedSurrogateIsAReplacementNotATrap() throws {
        XCTAssertEqual(try JSONParser.parse(#""\ud92d\u0041""#).stringValue, "\u{FFFD}A")
        XCTAssertEqual(try JSONParser.parse(#""\ud83d\ude00""#).stringValue, "😀")
        XCTAssertEqual(try JSONParser.parse(#""\ud92d""#).stringValue, "\u{FFFD}")
    }

    func testValuesAndPythonsNonFiniteTokens() throws {
        let value = try JSONParser.parse(#" {"a": [1, -2.5e3, NaN, Infinity, -Infinity, null, true, "x\"\u00e9\ud83c\udf89"], "b": {}} "#)
        let items = try XCTUnwrap(value["a"]?.arrayValue)
        XCTAssertEqual(items.count, 8)
        XCTAssertEqual(items[0].numberValue, 1)
        XCTAssertEqual(items[1].numberValue, -2500)
        XCTAssertTrue(items[2].numberValue?.isNaN == true)
        XCTAssertEqual(items[3].numberValue, .infinity)
        XCTAssertEqual(items[4].numberValue, -.infinity)
        XCTAssertTrue(items[5].numberValue?.isNaN == true, "null is a gap")
        XCTAssertEqual(items[7].stringValue, "x\"é🎉")
        XCTAssertEqual(value["b"]?.serialized(), "{}")
    }

    func testPlotlyStringsForNonFiniteNumbers() {
        XCTAssertTrue(JSONValue.string("nan").numberValue?.isNaN == true)
        XCTAssertEqual(JSONValue.string("-inf").numberValue, -.infinity)
        XCTAssertNil(JSONValue.string("cat").numberValue)
    }

    func testMalformedAndHostileInputIsAnError() {
        for text in ["", "{", "[1,]", #"{"a" 1}"#, "[1] 2", "\"open", "-", "nul", "[\"\\u12\"]"] {
            XCTAssertThrowsError(try JSONParser.parse(text), text)
        }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertThrowsError(try JSONParser.parse(deep)) { error in
            XCTAssertEqual(error as? JSONParser.ParseError, .tooDeep(offset: 256))
        }
    }

    func testEveryPlotOfTheSmallSampleParses() throws {
        let run = try XCTUnwrap(RunLoader().load(paths: [samplePath("clearml/small")]).runs.first)
        XCTAssertEqual(run.plots.count, 8)
        for plot in run.plots {
            let figure = try JSONParser.parse(plot.plotJSON)
            XCTAssertNotNil(figure["data"]?.arrayValue, "\(plot.position.metric)")
            XCTAssertNotNil(figure["layout"], "\(plot.position.metric)")
        }
    }
}
