@testable import RunReport
import XCTest

/// The console's ANSI parsing on bytes, against the parser on Unicode scalars it replaced.
final class ConsoleTextTests: XCTestCase {
    /// ANSIText as it parsed before, a Unicode scalar at a time.
        static func runsAsBefore(_ text: String) -> [ANSIText.Run] {
            var runs: [ANSIText.Run] = []
            var style = ANSIText.Style()
            var current = ""
            var scalars = Array(text.unicodeScalars)[...]
            func flush() {
                guard !current.isEmpty else { return }
                if let last = runs.last, last.style == style { runs[runs.count - 1].text += current } else {
                    runs.append(ANSIText.Run(text: current, style: style))
                }
                current = ""
            }
            while let scalar = scalars.popFirst() {
                if scalar == "\u{1B}" {
                    guard scalars.first == "[" else {
                        // ESC ] … BEL/ST (titles), or a lone two-byte escape: dropped.
                        if scalars.first == "]" {
                            while let next = scalars.popFirst(), next != "\u{7}" {
                                if next == "\u{1B}", scalars.first == "\\" { scalars.removeFirst(); break }
                            }
                        } else {
                            _ = scalars.popFirst()
                        }
                        continue
                    }
                    scalars.removeFirst()
                    var parameters = ""
                    var final: Unicode.Scalar?
                    while let next = scalars.popFirst() {
                        if (0x40...0x7E).contains(next.value) { final = next; break }
                        parameters.unicodeScalars.append(next)
                    }
                    guard final == "m" else { continue }  // cursor movement and the like: dropped
                    flush()
                    ANSIText.apply(parameters, to: &style)
                } else if scalar == "\r" {
                    if scalars.first == "\n" { continue }
                    // A carriage return rewinds the line: keep only what comes after it.
                    if let newline = current.lastIndex(of: "\n") { current = String(current[...newline]) } else { current = "" }
                    if !current.contains("\n") { dropLineOfRuns() }
                } else if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" {
                    continue  // other control characters
                } else {
                    current.unicodeScalars.append(scalar)
                }
            }
            flush()

            func dropLineOfRuns() {
                while let last = runs.last {
                    if let newline = last.text.lastIndex(of: "\n") {
                        runs[runs.count - 1].text = String(last.text[...newline])
                        return
                    }
                    runs.removeLast()
                }
            }
            return runs
        }

    func testBytesParseAsScalarsDid() {
        let pieces = ["\u{1B}[31m", "\u{1B}[0m", "\u{1B}[m", "\u{1B}[1;92m", "\u{1B}[22m", "\u{1B}[38;5;4m", "\u{1B}[48;5;200m",
                      "\u{1B}[38;2;1;2;3m", "\u{1B}[2J", "\u{1B}[10;5H", "\u{1B}]0;title\u{7}", "\u{1B}]x\u{1B}\\", "\u{1B}",
                      "\u{1B}[", "\u{1B}[3", "\u{1B}é", "\u{1B}漢", "\u{1B}\n", "\u{1B}\r", "\r", "\n", "\r\n", "\t", "\u{0}",
                      "\u{8}", "\u{7F}", "\u{85}", "é", "漢字", "🙂", "e\u{301}", "\n\u{301}", "plain ", "10%", ";", "[", "m", "]", "\\"]
        var random = SplitMix(seed: 9)
        for trial in 0..<5_000 {
            let text = (0..<Int(random.next() % 12)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let runs = ANSIText(text).runs
            let before = Self.runsAsBefore(text)
            XCTAssertEqual(runs, before, "trial \(trial): \(text.debugDescription)")
        }
    }
}
