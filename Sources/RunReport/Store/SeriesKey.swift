/// A scalar series' name: metric and variant (ClearML's title and series).
public struct SeriesKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var metric: String
    public var variant: String

    public init(metric: String, variant: String) {
        self.metric = metric
        self.variant = variant
    }

    /// Code-point order, as clearml-server (Python) sorts names.
    public static func < (a: SeriesKey, b: SeriesKey) -> Bool {
        if a.metric != b.metric { return a.metric.utf8.lexicographicallyPrecedes(b.metric.utf8) }
        return a.variant.utf8.lexicographicallyPrecedes(b.variant.utf8)
    }

    public var description: String { "\(metric) / \(variant)" }
}
