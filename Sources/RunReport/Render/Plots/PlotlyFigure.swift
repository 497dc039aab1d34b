/// The part of a Plotly figure (`plot_str`) that runreport draws: traces by type with their data,
/// and the layout's titles and bar mode. Unknown keys are ignored; wrong types read as absent.
public struct PlotlyFigure: Sendable {
    public struct Trace: Sendable {
        public var type: String
        public var name: String?
        public var mode: String?
        /// x and y as given: numbers, or category labels.
        public var x: [PlotValue]
        public var y: [PlotValue]
        /// Heatmap and surface rows; NaN for gaps and non-numbers.
        public var z: [[Double]]
        /// Heatmap cell text, from `texttemplate` `%{z}` or `text`.
        public var showsCellValues: Bool
        /// Table header and columns (Plotly's `cells.values` is column-major).
        public var header: [String]
        public var columns: [[String]]
    }

    public var traces: [Trace]
    public var title: String?
    public var xTitle: String?
    public var yTitle: String?
    /// `group` (the default) or `stack`.
    public var barMode: String
    /// An image reported as a plot: `data` empty, the picture in `layout.images[0].source`.
    public var imageSource: String?

    public init(json: JSONValue) {
        let layout = json["layout"]
        title = Self.title(layout?["title"])
        xTitle = Self.title(layout?["xaxis"]?["title"])
        yTitle = Self.title(layout?["yaxis"]?["title"])
        barMode = layout?["barmode"]?.stringValue ?? "group"
        imageSource = layout?["images"]?.arrayValue?.first?["source"]?.stringValue
        traces = (json["data"]?.arrayValue ?? []).map(Self.trace)
    }

    public init(plotJSON: String) throws {
        self.init(json: try JSONParser.parse(plotJSON))
    }

    /// A title as Plotly allows it: a string, or an object with `text`.
    static func title(_ value: JSONValue?) -> String? {
        if let text = value?.stringValue { return text }
        return value?["text"]?.stringValue
    }

    static func trace(_ json: JSONValue) -> Trace {
        let values = { (key: String) -> [PlotValue] in (json[key]?.arrayValue ?? []).map(PlotValue.init) }
        let z = (json["z"]?.arrayValue ?? []).map { row in (row.arrayValue ?? [row]).map { $0.numberValue ?? .nan } }
        let template = json["texttemplate"]?.stringValue ?? ""
        let header = (json["header"]?["values"]?.arrayValue ?? []).map(PlotValue.init).map(\.label)
        let columns = (json["cells"]?["values"]?.arrayValue ?? []).map { column in
            (column.arrayValue ?? [column]).map(PlotValue.init).map(\.label)
        }
        return Trace(type: json["type"]?.stringValue ?? "scatter", name: json["name"]?.stringValue,
                     mode: json["mode"]?.stringValue, x: values("x"), y: values("y"), z: z,
                     showsCellValues: template.contains("%{z}") || json["text"]?.arrayValue != nil,
                     header: header, columns: columns)
    }
}

/// A number or a label, as Plotly axes take either.
public enum PlotValue: Sendable, Equatable {
    case number(Double)
    case label(String)

    init(_ json: JSONValue) {
        switch json {
        case let .string(text):
            if let number = json.numberValue, ["nan", "inf", "-inf", "infinity", "-infinity", "+inf"].contains(text.lowercased()) {
                self = .number(number)
            } else {
                self = .label(text)
            }
        case .bool(let flag): self = .label(flag ? "true" : "false")
        case .array, .object: self = .label(json.serialized())
        default: self = .number(json.numberValue ?? .nan)
        }
    }

    public var number: Double? {
        if case let .number(value) = self { return value }
        return nil
    }

    /// As text: labels as they are; numbers in shortest form, NaN as "NaN", infinities as "∞".
    public var label: String {
        switch self {
        case let .label(text): return text
        case let .number(value):
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value > 0 ? "∞" : "−∞" }
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return "\(value)"
        }
    }
}
