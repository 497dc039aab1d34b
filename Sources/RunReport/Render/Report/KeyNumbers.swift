/// Which key numbers a page shows first: a run of hundreds of series would otherwise show
/// hundreds of cards before its first chart.
enum KeyNumbers {
    /// Cards shown before the fold.
    static let shown = 12

    /// How telling a metric is: losses first, then accuracies, then other scores, then the rest;
    /// with `family` (the metric is one of many sharing its prefix: per-layer statistics) after
    /// the metrics that stand alone.
    static func rank(_ metric: String, family: Bool = false) -> Int {
        let name = metric.lowercased()
        if name.contains("loss") { return 0 }
        if name.contains("acc") { return 1 }
        if MetricGoal(metric: metric) != .none { return 2 }
        return family ? 4 : 3
    }

    /// A metric's prefix: its name up to the first `/`, `.` or `_`.
    static func prefix(_ metric: String) -> Substring {
        metric.firstIndex(where: { $0 == "/" || $0 == "." || $0 == "_" }).map { metric[..<$0] } ?? metric[...]
    }

    /// Splits a run's key numbers: the most telling dozen (by rank, then name, in code-point
    /// order; two variants of a metric at most while others are left), the rest by name, and
    /// system metrics apart.
    static func split(_ numbers: [ReportPage.Number]) -> (first: [ReportPage.Number], more: [ReportPage.Number], system: [ReportPage.Number]) {
        let byName = { (a: ReportPage.Number, b: ReportPage.Number) in a.name.utf8.lexicographicallyPrecedes(b.name.utf8) }
        let system = numbers.filter { ReportBuilder.isSystemMetric($0.metric) }.sorted(by: byName)
        let own = numbers.filter { !ReportBuilder.isSystemMetric($0.metric) }
        // Metrics of a prefix shared by more than three are a family, after those that stand alone.
        let sizes = Dictionary(grouping: Set(own.map(\.metric)), by: prefix).mapValues(\.count)
        let family = { (metric: String) in (sizes[prefix(metric)] ?? 0) > 3 }
        let ranked = own.sorted { a, b in
            let (ra, rb) = (rank(a.metric, family: family(a.metric)), rank(b.metric, family: family(b.metric)))
            return ra != rb ? ra < rb : byName(a, b)
        }
        // At most two variants of a metric among the first, while other metrics are left: a metric
        // of fifteen variants does not fill the dozen.
        var taken: [String: Int] = [:], chosen = Set<Int>()
        for (index, number) in ranked.enumerated() where chosen.count < shown && taken[number.metric, default: 0] < 2 {
            taken[number.metric, default: 0] += 1
            chosen.insert(index)
        }
        for index in ranked.indices where chosen.count < shown { chosen.insert(index) }
        let first = ranked.indices.filter(chosen.contains).map { ranked[$0] }
        let more = ranked.indices.filter { !chosen.contains($0) }.map { ranked[$0] }.sorted(by: byName)
        return (first, more, system)
    }
}

/// Whether a metric is one to optimise, and which way, as its name says: losses, errors and
/// the like lower, accuracies and scores higher; learning rates, epochs, steps and system
/// figures neither.
public enum MetricGoal: Sendable, Equatable {
    case lower, higher, none

    /// The goal a metric's name says (its words, so `lr` is no `mse` and `f1` is a score).
    public init(metric: String) {
        let name = metric.lowercased()
        let words = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        let has = { (stems: [String]) in words.contains { word in stems.contains { word.hasPrefix($0) || word == $0 } } }
        if name.hasPrefix("sys.") || name.hasPrefix("sys/") { self = .none; return }
        if has(["loss", "error", "err", "mse", "mae", "rmse", "perplexity", "ppl", "wer", "cer", "nll", "regret", "latency"])
            || name.contains("loss") || name.contains("error") {
            self = .lower
        } else if has(["acc", "accuracy", "precision", "recall", "f1", "auc", "auroc", "map", "iou", "miou", "bleu", "rouge",
                       "dice", "score", "reward", "return", "r2", "top1", "top5", "ndcg", "mrr", "psnr", "ssim"]) {
            self = .higher
        } else {
            self = .none
        }
    }
}
