import Foundation

/// Series colours that read on the light page and the dark one: Okabe and Ito's colour-blind-safe
/// palette with its black (invisible on the dark page) and its yellow (invisible on the light
/// one) replaced by a purple and an olive, in the order series take it.
public enum Palette {
    public static let colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8E6BD8", "#9A8C00"]

    /// The n-th colour: the palette's eight, then hues a golden angle apart at a lightness that
    /// reads on both pages.
    public static func color(_ index: Int) -> String {
        let i = max(0, index)
        if i < colors.count { return colors[i] }
        let hue = (Double(i - colors.count) * 137.508 + 20).truncatingRemainder(dividingBy: 360)
        // The lightness that gives every hue the same luminance (0.2): as readable on white as on
        // the dark page, yellows and cyans darkened, blues lightened.
        var low = 0.15, high = 0.85
        for _ in 0..<20 {
            let middle = (low + high) / 2
            if luminance(rgb(hue: hue, saturation: 0.7, lightness: middle)) < 0.2 { low = middle } else { high = middle }
        }
        let (r, g, b) = rgb(hue: hue, saturation: 0.7, lightness: (low + high) / 2)
        let byte = { (v: Double) in String(format: "%02X", Int((v * 255).rounded())) }
        return "#" + byte(r) + byte(g) + byte(b)
    }

    /// WCAG relative luminance of an sRGB colour (components 0…1).
    static func luminance(_ c: (Double, Double, Double)) -> Double {
        let linear = { (v: Double) in v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
    }

    /// The n-th series' stroke: a colour each, and past the palette's eight a dash pattern too,
    /// so no two series of a chart look alike however many there are.
    public static func stroke(_ index: Int) -> Stroke {
        let i = max(0, index)
        return Stroke(color: color(i), dash: i < colors.count ? nil : dashes[1 + (i / colors.count - 1) % (dashes.count - 1)])
    }

    static func rgb(hue: Double, saturation: Double, lightness: Double) -> (Double, Double, Double) {
        let c = (1 - abs(2 * lightness - 1)) * saturation
        let h = hue / 60
        let x = c * (1 - abs(h.truncatingRemainder(dividingBy: 2) - 1))
        let (r, g, b): (Double, Double, Double) = h < 1 ? (c, x, 0) : h < 2 ? (x, c, 0) : h < 3 ? (0, c, x)
            : h < 4 ? (0, x, c) : h < 5 ? (x, 0, c) : (c, 0, x)
        let m = lightness - c / 2
        return (r + m, g + m, b + m)
    }
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

    /// The stroke of the n-th run in a comparison: the palette's eight colours, then again with
    /// the next dash pattern (64 runs apart), then the generated hues with dashes.
    public static func runStroke(_ index: Int) -> Stroke {
        let i = max(0, index)
        if i < colors.count * dashes.count { return Stroke(color: colors[i % colors.count], dash: dashes[i / colors.count]) }
        return stroke(i)
    }

    /// A dash pattern scaled down for a legend's short line.
    static func shortDash(_ dash: String) -> String {
        dash.split(separator: " ").map { Double($0).map { PathData.coordinate(max(1, $0 / 2)) } ?? "1" }.joined(separator: " ")
    }

    /// A short line in a stroke, beside a table row or legend entry that names its series.
    public static func swatch(_ stroke: Stroke) -> String {
        let dash = stroke.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        return "<svg class=\"swatch\" width=\"28\" height=\"10\" viewBox=\"0 0 28 10\" aria-hidden=\"true\"><line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" stroke=\"\(stroke.color)\" stroke-width=\"2.5\"\(dash)/></svg>"
    }
}
