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
        var style = Style()
        var current = ""
        var scalars = Array(text.unicodeScalars)[...]
        func flush() {
            guard !current.isEmpty else { return }
            if let last = runs.last, last.style == style { runs[runs.count - 1].text += current } else {
                runs.append(Run(text: current, style: style))
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
                Self.apply(parameters, to: &style)
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
