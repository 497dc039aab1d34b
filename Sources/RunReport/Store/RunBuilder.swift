import CSimdJSONScan

/// Collects the scanner's batches into runs, by the scanner's own name ids; `finish` turns them
/// into `Run`s named by string. One builder per scanner, so that workers never share state.
final class RunBuilder {
    private final class Partial {
        /// Series indices by metric id + 1, then variant: ids are small and dense.
        var seriesByMetric: [[(variant: Int32, index: Int)]] = []
        var seriesNames: [(metric: Int32, variant: Int32, label: Int32)] = []
        var series: [ScalarSeries] = []
        var run: Run
        var log = LogSpool()
        /// Recently used series by (metric, variant), direct-mapped: events cycle through a
        /// handful of series. The three tables touched by every event are plain memory the
        /// Partial owns: as arrays in a class, each access retained and released them.
        let recentKeys = Table<UInt64>(count: 64, initial: UInt64.max)
        /// -1: an empty slot (every key is possible, UInt64.max too: metric and variant both absent).
        let recentIndices = Table<Int>(count: 64, initial: -1)
        let kindCounts = Table<Int>(count: 7, initial: 0)
        var minIteration = Int64.max, maxIteration = Int64.min
        var minTimestamp = Int64.max, maxTimestamp = Int64.min
        var unknownCounts: [Int32: Int] = [:]
        /// The batch (input line) being read: see `BatchTracker`.
        var batch = BatchTracker()

        init(id: String) { run = Run(id: id) }

        /// Counts a scalar point of series `index` in the batch of `line`.
        @inline(__always) func noteBatch(line: UInt64, index: Int, value: Double) {
            if line != batch.line {
                // The usual end of a flat dump's line: one stored point of a series counted before.
                if batch.scalars == 1 && batch.events == 1 && !batch.refused && batch.counted[batch.single] {
                    batch.line = line
                    batch.events = 0
                    batch.scalars = 0
                } else {
                    endBatch(next: line)
                }
            }
            batch.add(index: index, refused: StoredValue.isRefused(value))
        }

        /// Counts an event of another kind in the batch of `line` (its place in the bulk request).
        @inline(__always) func noteEvent(line: UInt64) {
            if line != batch.line { endBatch(next: line) }
            batch.events &+= 1
        }

        /// Notes the batch that ended on its series: a span where it held two or more of a
        /// series' points or a refused value; each series' first counted batch.
        func endBatch(next line: UInt64 = UInt64.max) {
            defer { batch.reset(line: line) }
            guard batch.scalars > 0 else { return }
            if batch.refused { run.refusedBatchCount += 1 }
            if batch.scalars == 1 {
                let index = batch.single
                if batch.refused {
                    series[index].noteBatch(count: 1, refused: true, lost: batch.singleLost)
                } else if !batch.counted[index] {
                    batch.counted[index] = true
                    series[index].firstCounted = (batch.line, 0)
                    run.lastBatchLine = max(run.lastBatchLine, batch.line)
                }
                return
            }
            if !batch.refused { noteFirstCounted() }
            for place in 0..<batch.touchedCount {
                let index = batch.touched[place]
                if batch.counts[index] > 1 || batch.refused {
                    series[index].noteBatch(count: Int(batch.counts[index]), refused: batch.refused, lost: Int(batch.lost[index]))
                }
                batch.counts[index] = 0
                batch.lost[index] = 0
            }
        }

        /// The batch's series not counted before get their line and rank (`firstCounted`): its
        /// metric's first place in the batch, then its own.
        private func noteFirstCounted() {
            var metricRank: [Int32: Int64] = [:]
            var any = false
            for place in 0..<batch.touchedCount {
                let index = batch.touched[place]
                let metric = seriesNames[index].metric
                let rank = metricRank[metric] ?? Int64(metricRank.count)
                metricRank[metric] = rank
                if !batch.counted[index] {
                    batch.counted[index] = true
                    series[index].firstCounted = (batch.line, rank << 32 | Int64(place))
                    any = true
                }
            }
            if any { run.lastBatchLine = max(run.lastBatchLine, batch.line) }
        }

        /// Widens the iteration range (single values stay out of it).
        @inline(__always) func note(iteration: Int64) {
            guard iteration != Run.singleValueIteration else { return }
            if iteration < minIteration { minIteration = iteration }
            if iteration > maxIteration { maxIteration = iteration }
        }

        deinit {
            batch.deallocate()
            recentKeys.deallocate()
            recentIndices.deallocate()
            kindCounts.deallocate()
        }

        @inline(__always) func note(timestamp: Int64) {
            if timestamp < minTimestamp { minTimestamp = timestamp }
            if timestamp > maxTimestamp { maxTimestamp = timestamp }
        }
    }

    /// A fixed-size table in memory of its own, freed with its owner.
    private struct Table<Element> {
        let base: UnsafeMutablePointer<Element>

        init(count: Int, initial: Element) {
            base = .allocate(capacity: count)
            base.initialize(repeating: initial, count: count)
        }

        func deallocate() { base.deallocate() }

        @inline(__always) subscript(index: Int) -> Element {
            get { base[index] }
            nonmutating set { base[index] = newValue }
        }
    }

    private let scanner: EventScanner
    /// The task of events that name none (the offline session's task.json id).
    private let defaultTask: String?
    private var partials: [Int32: Partial] = [:]
    private var order: [Int32] = []
    private var lastTask: Int32 = -2
    private var lastPartial: Partial?
    /// Series made so far, over every task.
    private(set) var seriesCount = 0

    init(scanner: EventScanner, defaultTask: String?) {
        self.scanner = scanner
        self.defaultTask = defaultTask
    }

    /// Takes the scanner's current batch; returns the problems of events with no task.
    func ingest(source: String, lineOffset: UInt64 = 0) throws -> [InputProblem] {
        var problems: [InputProblem] = []
        let events = scanner.events
        guard let base = events.baseAddress else { return problems }
        // Events come in runs of one task: its Partial is looked up, and held, once a run.
        var start = 0
        while start < events.count {
            let task = base[start].task
            var end = start + 1
            while end < events.count && base[end].task == task { end += 1 }
            defer { start = end }
            guard let partial = partial(for: task) else {
                for index in start..<end {
                    problems.append(InputProblem(source: source, line: base[index].line + lineOffset, reason: .missingTask))
                }
                continue
            }
            for index in start..<end {
                try add(base + index, to: partial)  // read in place: the event is 128 bytes, the ingest needs a few
            }
        }
        return problems
    }

    private func partial(for task: Int32) -> Partial? {
        if task == lastTask, let lastPartial { return lastPartial }
        let key = task < 0 ? -1 : task
        if let existing = partials[key] {
            lastTask = task
            lastPartial = existing
            return existing
        }
        guard let id = task < 0 ? defaultTask : scanner.name(task) else { return nil }
        let created = Partial(id: id)
        partials[key] = created
        order.append(key)
        lastTask = task
        lastPartial = created
        return created
    }

    @inline(__always)
    private func add(_ pointer: UnsafePointer<rr_event>, to p: Partial) throws {
        let flags = pointer.pointee.flags
        if pointer.pointee.kind == UInt16(RR_KIND_SCALAR.rawValue) && flags & UInt16(RR_HAS_ITER) != 0
            && flags & UInt16(RR_HAS_TIMESTAMP) != 0 {
            return addTimedScalar(pointer, to: p)
        }
        let e = pointer.pointee
        let hasIteration = e.flags & UInt16(RR_HAS_ITER) != 0
        let hasTimestamp = e.flags & UInt16(RR_HAS_TIMESTAMP) != 0
        if hasIteration { p.note(iteration: e.iter) }
        if hasTimestamp { p.note(timestamp: e.timestamp) }
        let kind = Int(e.kind)
        p.kindCounts[kind] += 1
        if kind != Int(RR_KIND_SCALAR.rawValue) && kind != Int(RR_KIND_UNKNOWN.rawValue) { p.noteEvent(line: e.line) }
        switch kind {
        case Int(RR_KIND_SCALAR.rawValue):
            let index = seriesIndex(metric: e.metric, variant: e.variant, label: e.x_axis_label, in: p)
            p.noteBatch(line: e.line, index: index, value: e.value)
            p.series[index].append(iteration: hasIteration ? e.iter : Run.missingIteration, timestamp: hasTimestamp ? e.timestamp : nil,
                                   value: e.value)
        case Int(RR_KIND_LOG.rawValue):
            try p.log.append(timestamp: hasTimestamp ? e.timestamp : nil, level: nameBytes(e.level),
                             worker: nameBytes(e.worker), message: scanner.bytes(e.text))
        case Int(RR_KIND_UNKNOWN.rawValue):
            p.unknownCounts[e.type_name, default: 0] += 1
        default:
            switch scanner.decode(e) {
            case let .vector(vector): p.run.vectors.append(vector)
            case let .debugImage(image): p.run.debugImages.append(image)
            case let .plot(plot): p.run.plots.append(plot)
            default: break
            }
        }
    }

    /// The common case, a scalar with iteration and time, without copying the event.
    @inline(__always)
    private func addTimedScalar(_ e: UnsafePointer<rr_event>, to p: Partial) {
        let iteration = e.pointee.iter, timestamp = e.pointee.timestamp
        p.note(iteration: iteration)
        p.note(timestamp: timestamp)
        p.kindCounts[Int(RR_KIND_SCALAR.rawValue)] += 1
        let index = seriesIndex(metric: e.pointee.metric, variant: e.pointee.variant, label: e.pointee.x_axis_label, in: p)
        p.noteBatch(line: e.pointee.line, index: index, value: e.pointee.value)
        p.series[index].append(iteration: iteration, timestamp: timestamp, value: e.pointee.value)
    }

    /// The series of (metric, variant), found through the direct-mapped cache or created.
    @inline(__always)
    private func seriesIndex(metric: Int32, variant: Int32, label: Int32, in p: Partial) -> Int {
        let key = UInt64(UInt32(bitPattern: metric)) << 32 | UInt64(UInt32(bitPattern: variant))
        let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 58)
        var index = p.recentIndices[slot]
        if key != p.recentKeys[slot] || index < 0 {
            let metricSlot = Int(metric) + 1
            if metricSlot >= p.seriesByMetric.count {
                p.seriesByMetric.append(contentsOf: repeatElement([], count: metricSlot + 1 - p.seriesByMetric.count))
            }
            if let found = p.seriesByMetric[metricSlot].first(where: { $0.variant == variant }) {
                index = found.index
            } else {
                index = p.series.count
                p.seriesByMetric[metricSlot].append((variant, index))
                p.seriesNames.append((metric, variant, label))
                p.series.append(ScalarSeries())
                seriesCount += 1
                p.batch.addSeries()
            }
            p.recentKeys[slot] = key
            p.recentIndices[slot] = index
        }
        if label >= 0 && p.seriesNames[index].label < 0 { p.seriesNames[index].label = label }
        return index
    }

    private func nameBytes(_ id: Int32) -> UnsafeRawBufferPointer? {
        guard id >= 0 else { return nil }
        var length = 0
        let bytes = rr_name(scannerHandleForNames, id, &length)
        return UnsafeRawBufferPointer(start: bytes, count: length)
    }

    private var scannerHandleForNames: OpaquePointer { scanner.handle }

    /// Throws `InputError.tooManySeries` once the series made pass `limit`.
    func checkSeriesLimit(_ limit: Int) throws {
        if seriesCount > limit { throw InputError.tooManySeries(limit: limit, before: 0) }
    }

    /// The runs read, in the order their first events came, named by string.
    func finish() -> [Run] {
        order.compactMap { partials[$0] }.map { p in
            p.endBatch()
            var run = p.run
            run.series.reserveCapacity(p.seriesNames.count)  // grown step by step, it held two tables at once
            for (index, names) in p.seriesNames.enumerated() {
                var series = p.series[index]
                if names.label >= 0 { series.xAxisLabel = scanner.name(names.label) }
                let key = SeriesKey(metric: scanner.name(names.metric) ?? "", variant: scanner.name(names.variant) ?? "")
                run.series.append(series, as: key)
            }
            if p.log.count > 0 { run.logs.append(p.log) }
            let kinds: [(Int32, EventKind)] = [(Int32(RR_KIND_SCALAR.rawValue), .scalar), (Int32(RR_KIND_VECTOR.rawValue), .vector),
                                               (Int32(RR_KIND_IMAGE.rawValue), .debugImage), (Int32(RR_KIND_PLOT.rawValue), .plot),
                                               (Int32(RR_KIND_LOG.rawValue), .log)]
            for (raw, kind) in kinds where p.kindCounts[Int(raw)] > 0 { run.counts.byKind[kind] = p.kindCounts[Int(raw)] }
            for (type, count) in p.unknownCounts { run.counts.unknown[scanner.name(type) ?? "", default: 0] += count }
            if p.minIteration <= p.maxIteration { run.iterations = p.minIteration...p.maxIteration }
            if p.minTimestamp <= p.maxTimestamp { run.timestamps = p.minTimestamp...p.maxTimestamp }
            return run
        }
    }
}
