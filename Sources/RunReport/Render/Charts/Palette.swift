/// Okabe and Ito's colour-blind-safe palette, in the order series take it.
public enum Palette {
    public static let colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    public static func color(_ index: Int) -> String { colors[((index % colors.count) + colors.count) % colors.count] }
}

/// How a line is drawn: its colour and dash pattern (SVG `stroke-dasharray`, nil for solid).
public struct Stroke: Hashable, Sendable {
    public var color: String
    public var dash: String?
    public init(color: String, dash: String? = nil) {
        self.color = color
        self.dash = dash
    }
}

extension Palette {
    /// Dash patterns that stay apart at a glance, solid first.
    static let dashes: [String?] = [nil, "7 3", "2 2", "9 3 2 3", "1 3", "12 4", "4 3 1 3 1 3", "14 2 2 2"]

    /// The stroke of the n-th run in a comparison: the seven colours of the palette that read on
    /// light and dark pages, then again with the next dash pattern: 56 runs apart, then repeating.
    public static func runStroke(_ index: Int) -> Stroke {
        let hues = colors.count - 1  // not black: it vanishes on the dark page
        let i = max(0, index)
        return Stroke(color: colors[i % hues], dash: dashes[(i / hues) % dashes.count])
    }
}
