/// Elasticsearch's `histogram` / `date_histogram` with `min_doc_count: 1`, filled point by
/// point in ascending x: key = floor(x / interval) * interval; y = the average of the bucket's
/// finite values (NaN when it held none); low and high their extremes.
struct Buckets {
    let interval: Int64
    private(set) var x: [Int64] = []
    private(set) var y: [Double] = []
    private(set) var low: [Double] = []
    private(set) var high: [Double] = []
    private var current = Int64.min
    /// The first x past the current bucket: while points stay below it, no division.
    private var next = Int64.min
    private var sum = 0.0, finite = 0, smallest = Double.infinity, largest = -Double.infinity

    init(interval: Int64) { self.interval = interval }

    @inline(__always)
    mutating func add(_ pointX: Int64, _ value: Double) {
        if pointX >= next || pointX < current {
            let bucket = Self.floorDivide(pointX, interval) * interval
            if bucket != current {
                close()
                current = bucket
                let (end, overflow) = bucket.addingReportingOverflow(interval)
                next = overflow ? Int64.max : end
                sum = 0
                finite = 0
                smallest = .infinity
                largest = -.infinity
            }
        }
        if value.isFinite {
            sum += value
            finite += 1
            smallest = Swift.min(smallest, value)
            largest = Swift.max(largest, value)
        }
    }

    /// The buckets, the last one closed.
    mutating func finish() -> Buckets {
        close()
        current = Int64.min
        next = Int64.min
        return self
    }

    private mutating func close() {
        guard current != Int64.min else { return }
        x.append(current)
        y.append(finite > 0 ? sum / Double(finite) : .nan)
        low.append(finite > 0 ? smallest : .nan)
        high.append(finite > 0 ? largest : .nan)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
