/// What runreport takes from one TensorBoard `Event` record (tensorflow/core/util/event.proto):
/// its step, wall time, and the values of its `Summary`, or a `SessionLog` status.
struct TensorBoardEvent {
    /// One `Summary.Value`, by its tag.
    enum Value {
        case scalar(Double)
        /// An encoded PNG or JPEG: its bytes' range in the record.
        case image(Range<Int>, width: Int, height: Int)
        case text(String)
        /// Bucket right edges and counts (`HistogramProto`, or a TF2 histogram tensor).
        case histogram(limits: [Double], counts: [Double])
        /// The hparams plugin's session start: hyperparameter names and values as text.
        case hyperparameters([(name: String, value: String)])
        case other
    }

    var step: Int64 = 0
    /// Seconds since the epoch, as TensorBoard writes it.
    var wallTime: Double = 0
    var fileVersion: String?
    /// `SessionLog.status`: 1 START (a restart: what was written at this step and later is
    /// orphaned), 2 STOP, 3 CHECKPOINT.
    var sessionStatus: Int64?
    var values: [(tag: String, value: Value)] = []
    var hasSummary = false

    /// The plugin each tag was first written with: TF2 writes a tag's metadata only the first time.
    typealias Plugins = [String: String]

    init(record: UnsafeRawBufferPointer, plugins: inout Plugins) throws {
        var wire = ProtoWire(record)
        while let (number, value) = try wire.next() {
            switch (number, value) {
            case let (1, .fixed64(raw)): wallTime = Double(bitPattern: raw)
            case let (2, .varint(raw)): step = Int64(bitPattern: raw)
            case let (3, .bytes(range)): fileVersion = wire.string(range)
            case let (5, .bytes(range)):
                hasSummary = true
                var summary = wire.message(range)
                while let (field, item) = try summary.next() {
                    if field == 1, let range = item.range { try readValue(wire.message(range), plugins: &plugins) }
                }
            case let (7, .bytes(range)):
                var log = wire.message(range)
                while let (field, item) = try log.next() { if field == 1 { sessionStatus = item.int64 } }
            default: break
            }
        }
    }

    /// `Summary.Value`: tag 1, simple_value 2, image 4, histo 5, tensor 8, metadata 9.
    private mutating func readValue(_ message: ProtoWire, plugins: inout Plugins) throws {
        var wire = message
        var tag = "", simple: Double?, image: (Range<Int>, Int, Int)?, histogram: Range<Int>?, tensor: Range<Int>?
        var plugin: String?, content: Range<Int>?
        while let (number, value) = try wire.next() {
            switch (number, value) {
            case let (1, .bytes(range)): tag = wire.string(range)
            case let (2, .fixed32(raw)): simple = Double(Float(bitPattern: raw))
            case let (4, .bytes(range)): image = try Self.image(wire.message(range))
            case let (5, .bytes(range)): histogram = range
            case let (8, .bytes(range)): tensor = range
            case let (9, .bytes(range)): (plugin, content) = try Self.plugin(wire.message(range))
            default: break
            }
        }
        if let plugin, !plugin.isEmpty, plugins[tag] == nil { plugins[tag] = plugin }
        let kind = plugin.flatMap { $0.isEmpty ? nil : $0 } ?? plugins[tag]
        if let simple {
            values.append((tag, .scalar(simple)))
        } else if let (range, width, height) = image {
            values.append((tag, .image(range, width: width, height: height)))
        } else if let histogram {
            values.append((tag, try Self.histogram(wire.message(histogram))))
        } else if kind == "hparams", let content {
            values.append((tag, .hyperparameters(try HParams.sessionStart(wire.message(content)))))
        } else if let tensor {
            values.append((tag, try TensorValue(wire.message(tensor)).value(plugin: kind)))
        }
    }

    /// `SummaryMetadata`: plugin_data 1 (`PluginData`: plugin_name 1, content 2).
    private static func plugin(_ message: ProtoWire) throws -> (String?, Range<Int>?) {
        var wire = message
        var name: String?, content: Range<Int>?
        while let (number, value) = try wire.next() {
            guard number == 1, let range = value.range else { continue }
            var data = wire.message(range)
            while let (field, item) = try data.next() {
                if field == 1, let range = item.range { name = wire.string(range) }
                if field == 2, let range = item.range { content = range }
            }
        }
        return (name, content)
    }

    /// `Summary.Image`: height 1, width 2, encoded_image_string 4.
    private static func image(_ message: ProtoWire) throws -> (Range<Int>, Int, Int)? {
        var wire = message
        var bytes: Range<Int>?, width = 0, height = 0
        while let (number, value) = try wire.next() {
            switch (number, value) {
            case let (1, .varint(raw)): height = Int(truncatingIfNeeded: raw)
            case let (2, .varint(raw)): width = Int(truncatingIfNeeded: raw)
            case let (4, .bytes(range)): bytes = range
            default: break
            }
        }
        return bytes.map { ($0, width, height) }
    }

    /// `HistogramProto`: bucket_limit 6 and bucket 7, packed doubles (or one double a field).
    private static func histogram(_ message: ProtoWire) throws -> Value {
        var wire = message
        var limits: [Double] = [], counts: [Double] = []
        while let (number, value) = try wire.next() {
            switch (number, value) {
            case let (6, .bytes(range)): limits += wire.packedDoubles(range, width: 8)
            case let (7, .bytes(range)): counts += wire.packedDoubles(range, width: 8)
            case let (6, .fixed64(raw)): limits.append(Double(bitPattern: raw))
            case let (7, .fixed64(raw)): counts.append(Double(bitPattern: raw))
            default: break
            }
        }
        let count = min(limits.count, counts.count)
        return .histogram(limits: Array(limits.prefix(count)), counts: Array(counts.prefix(count)))
    }
}
