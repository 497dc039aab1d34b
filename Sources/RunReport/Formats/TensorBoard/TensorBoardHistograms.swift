/// TensorBoard histograms as plots: one figure a tag, at its last step, holding the
/// distribution at up to `maxSteps` of its steps (evenly spread, the first and last among them),
/// each spread over `bins` equal bins of the range they all cover, as TensorBoard's overlay view
/// draws them (the writers' buckets are exponential and mostly tiny near zero).
enum TensorBoardHistograms {
    static let maxSteps = 8
    static let bins = 30

    /// One bucket: `(left, right]` and its count. TensorBoard's outer buckets reach ±1.8e308: the
    /// first is taken at its right edge, the last at its left.
    struct Bucket {
        var left: Double
        var right: Double
        var count: Double
    }

    static func buckets(limits: [Double], counts: [Double]) -> [Bucket] {
        var result: [Bucket] = []
        for index in limits.indices where counts[index].isFinite && counts[index] > 0 {
            var right = limits[index]
            var left = index > 0 ? limits[index - 1] : right
            if abs(left) >= 1e300 { left = right }
            if abs(right) >= 1e300 { right = left }
            guard left.isFinite, right.isFinite, abs(left) < 1e300, left <= right else { continue }
            result.append(Bucket(left: left, right: right, count: counts[index]))
        }
        return result
    }

    /// Bin centres and counts: each bucket's count shared among the bins it overlaps.
    static func rebinned(_ buckets: [Bucket], low: Double, high: Double) -> ([Double], [Double]) {
        let width = (high - low) / Double(bins)
        guard width > 0, width.isFinite else { return ([low], [buckets.reduce(0) { $0 + $1.count }]) }
        var counts = [Double](repeating: 0, count: bins)
        func bin(_ value: Double) -> Int { min(bins - 1, max(0, Int(((value - low) / width).rounded(.down)))) }
        for bucket in buckets {
            let span = bucket.right - bucket.left
            guard span > 0 else { counts[bin(bucket.left)] += bucket.count; continue }
            for index in bin(bucket.left)...bin(bucket.right) {
                let start = low + Double(index) * width
                let overlap = min(bucket.right, start + width) - max(bucket.left, start)
                if overlap > 0 { counts[index] += bucket.count * overlap / span }
            }
        }
        return ((0..<bins).map { low + (Double($0) + 0.5) * width }, counts)
    }

    static func plots(_ items: [(tag: String, step: Int64, time: Int64?, limits: [Double], counts: [Double])],
                      task: String) -> [PlotEvent] {
        var byTag: [String: [Int]] = [:]
        var order: [String] = []
        for (index, item) in items.enumerated() {
            if byTag[item.tag] == nil { order.append(item.tag) }
            byTag[item.tag, default: []].append(index)
        }
        return order.compactMap { tag -> PlotEvent? in
            guard let members = byTag[tag], let last = members.last else { return nil }
            let chosen = spread(members, count: maxSteps)
            let buckets = chosen.map { Self.buckets(limits: items[$0].limits, counts: items[$0].counts) }
            let occupied = buckets.flatMap { $0.filter { $0.count > 0 } }
            guard let low = occupied.map(\.left).min(), let high = occupied.map(\.right).max() else { return nil }
            let traces: [JSONValue] = zip(chosen, buckets).map { index, buckets in
                let (x, y) = Self.rebinned(buckets, low: low, high: high)
                return .object([("type", .string("scatter")), ("mode", .string("lines")), ("name", .string("step \(items[index].step)")),
                                ("x", .array(x.map { .double($0) })), ("y", .array(y.map { .double($0) }))])
            }
            let figure = JSONValue.object([
                ("data", .array(traces)),
                ("layout", .object([("title", .string(tag)), ("xaxis", .object([("title", .string("value"))])),
                                    ("yaxis", .object([("title", .string("count per bin"))]))])),
            ])
            let key = FormatRules.seriesKey(tag)
            let position = EventPosition(metric: key.metric, variant: key.variant, iteration: items[last].step, timestamp: items[last].time)
            return PlotEvent(task: task, position: position, plotJSON: figure.serialized())
        }
    }

    /// Up to `count` of `members`, evenly spread, the first and the last among them.
    static func spread(_ members: [Int], count: Int) -> [Int] {
        guard members.count > count, count > 1 else { return members }
        return (0..<count).map { members[$0 * (members.count - 1) / (count - 1)] }
    }
}
