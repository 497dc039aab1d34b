/// A TensorBoard run's events gathered tag by tag, with TensorBoard's purge of orphaned data,
/// then built into a `Run`.
struct TensorBoardRun {
    /// One tag's points in arrival order.
    private struct Points {
        var steps: [Int64] = []
        var times: [Int64?] = []
        var values: [Double] = []

        mutating func keep(before step: Int64) {
            let kept = steps.indices.filter { steps[$0] < step }
            guard kept.count < steps.count else { return }
            steps = kept.map { steps[$0] }
            times = kept.map { times[$0] }
            values = kept.map { values[$0] }
        }
    }

    private struct Item<Content> {
        var tag: String
        var step: Int64
        var time: Int64?
        var content: Content
    }

    let id: String
    let name: String
    var plugins = TensorBoardEvent.Plugins()
    private var scalars: [String: Points] = [:]
    private var tagOrder: [String] = []
    private var images: [Item<String>] = []
    private var texts: [Item<String>] = []
    private var histograms: [Item<(limits: [Double], counts: [Double])>] = []
    private var parameters: [(name: String, value: String)] = []
    private var fileVersion = 0
    private var mostRecentStep = Int64.min
    private var events = 0

    init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    var seriesCount: Int { scalars.count }

    mutating func add(_ event: TensorBoardEvent, file: String, dataOffset: Int) {
        if let version = event.fileVersion {
            fileVersion = Int(version.split(separator: ":").last ?? "") ?? 0
            return
        }
        if fileVersion >= 2 {
            if event.sessionStatus == 1 { purge(from: event.step, tags: nil) }
        } else if event.hasSummary && event.step < mostRecentStep {
            purge(from: event.step, tags: Set(event.values.map(\.tag)))
        } else {
            mostRecentStep = event.step
        }
        let time = FormatRules.milliseconds(event.wallTime)
        for (tag, value) in event.values {
            events += 1
            switch value {
            case let .scalar(number):
                if scalars[tag] == nil { tagOrder.append(tag) }
                scalars[tag, default: Points()].steps.append(event.step)
                scalars[tag]?.times.append(time)
                scalars[tag]?.values.append(number)
            case let .image(range, _, _):
                images.append(Item(tag: tag, step: event.step, time: time,
                                   content: "\(file)@\(dataOffset + range.lowerBound)+\(range.count)"))
            case let .text(text): texts.append(Item(tag: tag, step: event.step, time: time, content: text))
            case let .histogram(limits, counts):
                histograms.append(Item(tag: tag, step: event.step, time: time, content: (limits, counts)))
            case let .hyperparameters(values) where !values.isEmpty: parameters = values
            case .hyperparameters: break
            case .other: events -= 1
            }
        }
    }

    /// Drops what was written at `step` and later: of every tag, or of `tags`.
    private mutating func purge(from step: Int64, tags: Set<String>?) {
        for tag in tagOrder where tags?.contains(tag) ?? true { scalars[tag]?.keep(before: step) }
        func kept<T>(_ item: Item<T>) -> Bool { item.step < step || !(tags?.contains(item.tag) ?? true) }
        images = images.filter(kept)
        texts = texts.filter(kept)
        histograms = histograms.filter(kept)
    }

    /// The run, or nil when the files held nothing but their version.
    func build(files: RunFiles) -> Run? {
        guard events > 0 || !parameters.isEmpty else { return nil }
        var run = Run(id: id)
        var metadata = TaskMetadata()
        metadata.id = id
        metadata.name = name
        metadata.type = "tensorboard"
        metadata.parameters = parameters.map { .init(section: "hparams", name: $0.name, value: $0.value) }
        run.metadata = metadata
        run.files = files
        var scalarCount = 0
        for tag in tagOrder {
            guard let points = scalars[tag], !points.steps.isEmpty else { continue }
            var series = ScalarSeries()
            for index in points.steps.indices {
                series.append(iteration: points.steps[index], timestamp: points.times[index], value: points.values[index])
                note(&run, step: points.steps[index], time: points.times[index])
            }
            scalarCount += points.steps.count
            run.series[FormatRules.seriesKey(tag), default: ScalarSeries()].append(contentsOf: series)
        }
        if scalarCount > 0 { run.counts.byKind[.scalar] = scalarCount }
        for image in images {
            let key = FormatRules.seriesKey(image.tag)
            run.debugImages.append(DebugImageEvent(task: id, position: EventPosition(metric: key.metric, variant: key.variant,
                                                                                     iteration: image.step, timestamp: image.time),
                                                   key: image.content, url: nil))
            note(&run, step: image.step, time: image.time)
        }
        if !images.isEmpty { run.counts.byKind[.debugImage] = images.count }
        for text in texts {
            run.extras.textSamples.append(.init(iteration: text.step, text: text.content, metadata: [.init(name: "tag", value: text.tag)]))
        }
        run.plots = TensorBoardHistograms.plots(histograms.map { ($0.tag, $0.step, $0.time, $0.content.limits, $0.content.counts) }, task: id)
        if !run.plots.isEmpty { run.counts.byKind[.plot] = run.plots.count }
        return run
    }

    private func note(_ run: inout Run, step: Int64, time: Int64?) {
        run.iterations = Run.union(run.iterations, step...step)
        if let time { run.timestamps = Run.union(run.timestamps, time...time) }
    }
}
