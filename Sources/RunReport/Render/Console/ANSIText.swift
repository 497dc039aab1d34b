/// Console text with its ANSI SGR colours read into styled runs, for the report's console: the
/// escape sequences themselves never reach the page. Other escape sequences (cursor movement,
/// titles) are dropped; a carriage return inside a line keeps what followed it, as a terminal shows
/// a progress bar's last state.
public struct ANSIText: Equatable, Sendable {
    /// A style: one of the 16 terminal colours (0…15) for fore- and background, bold, dim,
    /// italic and underline.
    public struct Style: Equatable, Hashable, Sendable {
        public var foreground: Int?
        public var background: Int?
        public var bold = false
        public var dim = false
        public var italic = false
        public var underline = false

        public init() {}

        /// Class names for the page's stylesheet: `fg-1`, `bg-4`, `b`, `d`, `i`, `u`.
        public var classes: [String] {
            var names: [String] = []
            if let foreground { names.append("fg-\(foreground)") }
            if let background { names.append("bg-\(background)") }
            if bold { names.append("b") }
            if dim { names.append("d") }
            if italic { names.append("i") }
            if underline { names.append("u") }
            return names
        }
    }

    public struct Run: Equatable, Sendable {
        public var text: String
        public var style: Style
    }

    public private(set) var runs: [Run] = []

    public init(_ text: String) {
        var text = text
        runs = text.withUTF8 { Self.runs(of: $0) }
    }

    /// The scan on the text's UTF-8 bytes: plain runs are copied as they are; an escape, a
    /// carriage return or another control byte ends one.
    private static func runs(of bytes: UnsafeBufferPointer<UInt8>) -> [Run] {
        var runs: [Run] = []
        var style = Style()
        var current: [UInt8] = []
        let escape: UInt8 = 0x1B, bell: UInt8 = 0x07, newline: UInt8 = 0x0A, tab: UInt8 = 0x09, carriageReturn: UInt8 = 0x0D
        func flush() {
            guard !current.isEmpty else { return }
            let text = String(decoding: current, as: UTF8.self)
            if let last = runs.last, last.style == style { runs[runs.count - 1].text += text } else {
                runs.append(Run(text: text, style: style))
            }
            current.removeAll(keepingCapacity: true)
        }
        var i = 0
        let count = bytes.count
        while i < count {
            // A run of plain bytes (UTF-8 sequences included: their bytes are all 0x80 and above).
            var plain = i
            while plain < count && (bytes[plain] >= 0x20 || bytes[plain] == newline || bytes[plain] == tab) { plain += 1 }
            if plain > i {
                current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<plain]))
                i = plain
                continue
            }
            let byte = bytes[i]
            i += 1
            if byte == escape {
                guard i < count, bytes[i] == UInt8(ascii: "[") else {
                    // ESC ] … BEL/ST (titles), or a lone two-byte escape: dropped.
                    if i < count && bytes[i] == UInt8(ascii: "]") {
                        i += 1
                        while i < count {
                            let next = bytes[i]
                            i += 1
                            if next == bell { break }
                            if next == escape, i < count, bytes[i] == UInt8(ascii: "\\") { i += 1; break }
                        }
                    } else if i < count {
                        i += 1  // the escape's scalar: its lead byte and continuation bytes
                        while i < count && bytes[i] & 0xC0 == 0x80 { i += 1 }
                    }
                    continue
                }
                i += 1
                let parameters = i
                var final: UInt8?
                while i < count {
                    let next = bytes[i]
                    i += 1
                    if next >= 0x40 && next <= 0x7E { final = next; break }
                }
                guard final == UInt8(ascii: "m") else { continue }  // cursor movement and the like: dropped
                flush()
                apply(String(decoding: UnsafeBufferPointer(rebasing: bytes[parameters..<(i - 1)]), as: UTF8.self), to: &style)
            } else if byte == carriageReturn {
                if i < count && bytes[i] == newline { continue }
                // A carriage return rewinds the line: keep only what comes after it.
                if let lastNewline = current.lastIndex(of: newline) {
                    current.removeSubrange((lastNewline + 1)...)
                } else {
                    current.removeAll(keepingCapacity: true)
                    dropLineOfRuns()
                }
            }
            // Any other control byte is dropped.
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

    static func apply(_ parameters: String, to style: inout Style) {
        let codes = parameters.isEmpty ? [0] : parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        var i = 0
        while i < codes.count {
            let code = codes[i]
            switch code {
            case 0: style = Style()
            case 1: style.bold = true
            case 2: style.dim = true
            case 3: style.italic = true
            case 4: style.underline = true
            case 22: style.bold = false; style.dim = false
            case 23: style.italic = false
            case 24: style.underline = false
            case 30...37: style.foreground = code - 30
            case 39: style.foreground = nil
            case 40...47: style.background = code - 40
            case 49: style.background = nil
            case 90...97: style.foreground = code - 90 + 8
            case 100...107: style.background = code - 100 + 8
            case 38, 48:
                // 256-colour and true colour: mapped to the nearest of the 16 (index) or dropped.
                if i + 2 < codes.count, codes[i + 1] == 5 {
                    let index = codes[i + 2]
                    let mapped: Int? = index < 16 ? index : nil
                    if code == 38 { style.foreground = mapped } else { style.background = mapped }
                    i += 2
                } else if i + 4 < codes.count, codes[i + 1] == 2 {
                    i += 4
                }
            default: break
            }
            i += 1
        }
    }

    /// The text without styles.
    public var plain: String { runs.map(\.text).joined() }
}
