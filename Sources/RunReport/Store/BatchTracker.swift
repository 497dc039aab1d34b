/// The batch (`events.add_batch`: an input line) a `RunBuilder.Partial` is reading: how many
/// events came so far (their place in the server's bulk request), whether one held a value the
/// server refuses, and per series how many points came and how many past the bulk chunk of 500
/// that held the first refused value (`streaming_bulk` sends nothing after it). A batch of one
/// scalar point (every line of a flat dump) is kept in `single` without touching the tables; the
/// tables are plain memory, so that the hot path retains and releases nothing.
struct BatchTracker {
    static let bulkChunk = 500

    var line = UInt64.max
    var refused = false
    var events = 0
    var cutoff = Int.max
    var scalars = 0
    var single = -1
    var singleLost = 0
    /// Per series: its points in the batch (once a second scalar came), those lost, and whether
    /// a counted batch had it before.
    var counts = Table<Int32>()
    var lost = Table<Int32>()
    var counted = Table<Bool>()
    /// The series with points in the batch, in the order they first came (once a second came).
    private(set) var touched = Table<Int>()
    private(set) var touchedCount = 0

    /// Makes room for one more series.
    mutating func addSeries() {
        counts.append(0)
        lost.append(0)
        counted.append(false)
    }

    @inline(__always)
    mutating func add(index: Int, refused isRefused: Bool) {
        let position = events
        events &+= 1
        let isLost = position >= cutoff
        if scalars == 0 {
            single = index
            singleLost = isLost ? 1 : 0
        } else {
            if scalars == 1 { touch(single, lost: singleLost) }
            if counts[index] == 0 { touched.set(touchedCount, index); touchedCount &+= 1 }
            counts[index] &+= 1
            if isLost { lost[index] &+= 1 }
        }
        scalars &+= 1
        if isRefused {
            refused = true
            // streaming_bulk sends chunks of 500 and raises after the first that failed.
            if cutoff == Int.max { cutoff = (position / Self.bulkChunk + 1) * Self.bulkChunk }
        }
    }

    private mutating func touch(_ index: Int, lost lostPoints: Int) {
        touched.set(0, index)
        touchedCount = 1
        counts[index] = 1
        lost[index] = Int32(lostPoints)
    }

    mutating func reset(line next: UInt64) {
        line = next
        refused = false
        events = 0
        cutoff = Int.max
        scalars = 0
        touchedCount = 0
    }

    func deallocate() {
        counts.deallocate()
        lost.deallocate()
        counted.deallocate()
        touched.deallocate()
    }

    /// A growable table in memory of its own (freed by `deallocate`).
    struct Table<Element> {
        private(set) var base: UnsafeMutablePointer<Element>? = nil
        private var capacity = 0
        private var count = 0

        @inline(__always) subscript(index: Int) -> Element {
            get { base.unsafelyUnwrapped[index] }
            set { base.unsafelyUnwrapped[index] = newValue }
        }

        mutating func append(_ value: Element) {
            reserve(count + 1)
            (base.unsafelyUnwrapped + count).initialize(to: value)
            count += 1
        }

        /// Sets `index` (at most one past the last set), growing as needed.
        @inline(__always) mutating func set(_ index: Int, _ value: Element) {
            if index >= count { append(value) } else { self[index] = value }
        }

        private mutating func reserve(_ needed: Int) {
            guard needed > capacity else { return }
            let grown = max(16, capacity * 2, needed)
            let fresh = UnsafeMutablePointer<Element>.allocate(capacity: grown)
            if let base {
                fresh.moveInitialize(from: base, count: count)
                base.deallocate()
            }
            base = fresh
            capacity = grown
        }

        func deallocate() {
            guard let base else { return }
            base.deinitialize(count: count)
            base.deallocate()
        }
    }
}
