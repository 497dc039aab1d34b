/// Elasticsearch's `histogram` / `date_histogram` with `min_doc_count: 1`, filled point by
/// point in ascending x: key = floor(x / interval) * interval; y = the average of the bucket's
/// finite values; a bucket of non-finite values only is +∞ or −∞ when all were that infinity,
/// else NaN; low and high the finite values' extremes. With `server`, each value is first stored
/// as Elasticsearch stores it (float32) and y is Elasticsearch's `avg`: a compensated sum in the
/// order the points are added; a refused value is passed over (callers leave them out).
struct Buckets {
    let interval: Int64
    let server: Bool
    private(set) var x: [Int64] = []
    private(set) var y: [Double] = []
    private(set) var low: [Double] = []
    private(set) var high: [Double] = []
    /// The open bucket's index (its key over the interval) and key; nothing is open before the
    /// first point. Keys saturate: the lowest bucket's key is Int64.min when its multiple of the
    /// interval lies below (x near Int64.min, a large interval), and a bucket's end Int64.max.
    private var isOpen = false
    private var index = Int64.min
    private var current = Int64.min
    /// The first x past the current bucket (Int64.min while none is open): while points stay
    /// below it, no division.
    private var next = Int64.min
    private var sum = FiniteSum(), finite = 0, smallest = Double.infinity, largest = -Double.infinity
    /// The non-finite values the open bucket held: bit 0 NaN, bit 1 +∞, bit 2 −∞.
    private var nonFinite: UInt8 = 0
    private var compensated = CompensatedSum()

    init(interval: Int64, server: Bool = false) {
        self.interval = max(1, interval)
        self.server = server
    }

    @inline(__always)
    mutating func add(_ pointX: Int64, _ value: Double) {
        if server && StoredValue.isRefused(value) { return }  // never stored: no document, no bucket
        if pointX >= next || pointX < current {
            let bucket = Self.floorDivide(pointX, interval)
            if bucket != index || !isOpen {
                close()
                isOpen = true
                index = bucket
                current = bucket.saturatingMultiply(interval)
                next = bucket.saturatingAdd(1).saturatingMultiply(interval)
                sum = FiniteSum()
                compensated = CompensatedSum()
                finite = 0
                smallest = .infinity
                largest = -.infinity
                nonFinite = 0
            }
        }
        if server {
            let stored = StoredValue.stored(value)
            compensated.add(stored)
            finite += 1
            smallest = Swift.min(smallest, stored)
            largest = Swift.max(largest, stored)
        } else if value.isFinite {
            sum.add(value)
            finite += 1
            smallest = Swift.min(smallest, value)
            largest = Swift.max(largest, value)
        } else {
            nonFinite |= value.isNaN ? 1 : value > 0 ? 2 : 4
        }
    }

    /// The buckets, the last one closed.
    mutating func finish() -> Buckets {
        close()
        isOpen = false
        next = Int64.min  // the next point opens a bucket
        return self
    }

    private mutating func close() {
        guard isOpen else { return }
        x.append(current)
        let mean = finite > 0 ? sum.mean(count: finite) : nonFinite == 2 ? .infinity : nonFinite == 4 ? -.infinity : .nan
        y.append(server ? (finite > 0 ? compensated.value / Double(finite) : .nan) : mean)
        low.append(finite > 0 ? smallest : .nan)
        high.append(finite > 0 ? largest : .nan)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
