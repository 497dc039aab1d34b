/// Which key numbers a page shows first: a run of hundreds of series would otherwise show
/// hundreds of cards before its first chart.
enum KeyNumbers {
    /// Cards shown before the fold.
    static let shown = 12

    /// How telling a metric is: losses first, then accuracies, then other scores, then the rest.
    static func rank(_ metric: String) -> Int {
        let name = metric.lowercased()
        if name.contains("loss") { return 0 }
        if name.contains("acc") { return 1 }
        if MetricGoal(metric: metric) != .none { return 2 }
        return 3
    }

    /// Splits a run's key numbers: the most telling dozen (by rank, then name, in code-point
    /// order), the rest by name, and system metrics apart.
    static func split(_ numbers: [ReportPage.Number]) -> (first: [ReportPage.Number], more: [ReportPage.Number], system: [ReportPage.Number]) {
        let byName = { (a: ReportPage.Number, b: ReportPage.Number) in a.name.utf8.lexicographicallyPrecedes(b.name.utf8) }
        let system = numbers.filter { ReportBuilder.isSystemMetric($0.metric) }.sorted(by: byName)
        let own = numbers.filter { !ReportBuilder.isSystemMetric($0.metric) }
        let ranked = own.sorted { a, b in
            let (ra, rb) = (rank(a.metric), rank(b.metric))
            return ra != rb ? ra < rb : byName(a, b)
        }
        let first = Array(ranked.prefix(shown))
        let more = Array(ranked.dropFirst(shown)).sorted(by: byName)
        return (first, more, system)
    }
}

/// Whether a metric is one to optimise, and which way, as its name says: losses, errors and
/// the like lower, accuracies and scores higher; learning rates, epochs, steps and system
/// figures neither.
public enum MetricGoal: Sendable, Equatable {
    case lower, higher, none

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
