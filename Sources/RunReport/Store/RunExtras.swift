/// What a run carries beyond ClearML's event types: Comet's properties, environment, HTML,
/// text samples, source files and assets.
public struct RunExtras: Hashable, Sendable {
    /// A name and its value as text.
    public struct Entry: Hashable, Sendable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A titled group of entries, or of one long text (`text`), such as installed packages.
    public struct Section: Hashable, Sendable {
        public var title: String
        public var entries: [Entry] = []
        public var text: String?
    }

    /// A text logged as a sample, with its step and metadata.
    public struct TextSample: Hashable, Sendable {
        public var iteration: Int64?
        public var text: String
        public var metadata: [Entry]
    }

    /// A file the run uploaded, listed by name and size.
    public struct Asset: Hashable, Sendable {
        public var name: String
        public var type: String
        public var size: Int?
        public var iteration: Int64?
    }

    /// User properties (Comet `log_other`), in the order first logged, the last value kept.
    public var properties: [Entry] = []
    public var environment: [Section] = []
    /// The run's own HTML as logged (untrusted: sanitized when rendered), in order.
    public var html: [String] = []
    public var textSamples: [TextSample] = []
    /// Source files the run logged, name and text.
    public var sourceFiles: [Entry] = []
    public var assets: [Asset] = []

    public init() {}

    public var isEmpty: Bool { self == RunExtras() }

    /// Sets a property, keeping its first place.
    public mutating func setProperty(_ name: String, _ value: String) {
        if let index = properties.firstIndex(where: { $0.name == name }) {
            properties[index].value = value
        } else {
            properties.append(Entry(name: name, value: value))
        }
    }
}
