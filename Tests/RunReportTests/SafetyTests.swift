@testable import RunReport
import XCTest

/// Console colours, the link allowlist, and SHA-256.
final class SafetyTests: XCTestCase {
    func testANSIColoursBecomeStyledRuns() {
        let text = ANSIText("\u{1B}[31mred\u{1B}[0m plain \u{1B}[1;92mbright\u{1B}[22m\u{1B}[39m \u{1B}[38;5;4mblue\u{1B}[0m")
        XCTAssertEqual(text.runs.map(\.text), ["red", " plain ", "bright", " ", "blue"])
        XCTAssertEqual(text.runs[0].style.classes, ["fg-1"])
        XCTAssertEqual(text.runs[1].style.classes, [])
        XCTAssertEqual(text.runs[2].style.classes, ["fg-10", "b"])
        XCTAssertEqual(text.runs[4].style.classes, ["fg-4"])
    }

    func testOtherEscapesAndControlsAreDropped() {
        let text = ANSIText("a\u{1B}]0;title\u{7}b\u{1B}[2Jc\u{1B}[10;5Hd\u{0}e\u{8}f\tg")
        XCTAssertEqual(text.plain, "abcdef\tg")
    }

    func testCarriageReturnsKeepAProgressBarsLastState() {
        XCTAssertEqual(ANSIText("start\n10%\r50%\r\u{1B}[32m100%\u{1B}[0m\nend\r\n").plain, "start\n100%\nend\n")
    }

    func testLinkPolicy() {
        for good in ["https://example.com/a.png", "http://host:8080/x?y=1#z", "HTTPS://EXAMPLE.COM"] {
            XCTAssertTrue(LinkPolicy.allows(good), good)
        }
        for bad in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:image/png;base64,AAAA", "file:///etc/passwd",
                    "vbscript:x", "/home/user/x.png", "//evil.example/x", "https://user:pass@host/x", "https:///nohost",
                    " https://x.org", "https://x.org/\u{0}", "https://x.org/a\nb", "https:\\\\evil"] {
            XCTAssertFalse(LinkPolicy.allows(bad), bad)
        }
    }

    func testSHA256Vectors() {
        XCTAssertEqual(SHA256.hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var split = SHA256()
        split.update(Array("abcdbcdecdefdefgefghfghighijhij".utf8))
        split.update(Array("kijkljklmklmnlmnomnopnopq".utf8))
        XCTAssertEqual(split.finalize(), SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
    }
}
